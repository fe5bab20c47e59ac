"""`python -m survindex` runs the command line."""

from survindex.interfaces.cli import main

main()
