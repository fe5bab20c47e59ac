"""`python -m survindex.interfaces` runs the command line (used by tests and CI)."""

from survindex.interfaces.cli import main

main()
