"""The error every export step raises when it refuses: the CLI and the web route show its text."""

from __future__ import annotations


class ExportError(ValueError):
    """An export that cannot be written as asked; the message says what to do instead."""
