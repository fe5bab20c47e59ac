"""The reference part of docs/cli.md, rendered from the Typer app itself.

A hand-written reference drifts as soon as someone adds an option; this one is written between
cog markers in docs/cli.md by ``make docs`` (``cog -r``) and checked by ``make lint``
(``cog --check``), so the page says exactly what ``survindex --help`` says. It walks the click
command tree that Typer builds, using only attributes that click and Typer's own copy of click
share (``commands``, ``params``, ``opts``, ``default``...), and nothing that depends on the
terminal, the machine or the user, so the output is the same wherever it is regenerated.

Example::

    >>> from survindex.interfaces.cli_docs import cli_reference
    >>> "### `survindex init`" in cli_reference()
    True
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from enum import Enum
from typing import Any

import typer

from survindex.interfaces.cli import app as survindex_app

PROGRAM = "survindex"


def cli_reference(app: typer.Typer | None = None) -> str:
    """Markdown for every command of ``app`` (default: the ``survindex`` app): summary, details."""
    root = typer.main.get_command(app or survindex_app)
    commands = list(_walk(root, PROGRAM))[1:]
    parts = [
        "## Global options\n",
        _usage(PROGRAM, root, "COMMAND [ARGS]..."),
        _params_table(root),
        "## Commands\n",
        _summary_table(commands),
    ]
    for path, command in commands:
        parts.append(_section(path, command))
    return "\n".join(part for part in parts if part)


def command_paths(app: typer.Typer | None = None) -> list[str]:
    """Every command and sub-command as typed, e.g. ``survindex claims accept``."""
    return [path for path, _ in _walk(typer.main.get_command(app or survindex_app), PROGRAM)][1:]


def _walk(command: Any, path: str) -> Iterator[tuple[str, Any]]:
    """The command and, depth first in registration order, its visible sub-commands."""
    yield path, command
    for name, sub in _subcommands(command).items():
        yield from _walk(sub, f"{path} {name}")


def _subcommands(command: Any) -> dict[str, Any]:
    """A group's visible sub-commands by name; empty for a plain command."""
    found = getattr(command, "commands", None) or {}
    return {name: sub for name, sub in found.items() if not sub.hidden}


def _help(command_or_param: Any) -> str:
    """Help text as written, cut at click's ``\\f`` marker (what follows is for Python only)."""
    text = inspect.cleandoc(getattr(command_or_param, "help", None) or "")
    return text.split("\f")[0].strip()


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _first_paragraph(text: str) -> str:
    return text.split("\n\n")[0]


def _anchor(path: str) -> str:
    """The id GitHub gives a heading "`survindex import aigs`": ``survindex-import-aigs``."""
    return path.replace(" ", "-")


def _visible_params(command: Any) -> list[Any]:
    return [p for p in command.params if not getattr(p, "hidden", False)]


def _argument_word(param: Any) -> str:
    word = (param.name or "").rstrip("_").upper()
    word = f"{word}..." if param.nargs == -1 else word
    return word if param.required else f"[{word}]"


def _usage(path: str, command: Any, tail: str = "") -> str:
    params = _visible_params(command)
    words = [path]
    if any(p.param_type_name == "option" for p in params):
        words.append("[OPTIONS]")
    words += [_argument_word(p) for p in params if p.param_type_name == "argument"]
    if tail:
        words.append(tail)
    return f"```sh\n{' '.join(words)}\n```\n"


def _names(param: Any) -> str:
    """``--edition EDITION``, ``--all``, ``--progress / --no-progress``, or ``NAME``."""
    if param.param_type_name == "argument":
        return f"`{_argument_word(param)}`"
    if getattr(param, "is_flag", False):
        return " / ".join(f"`{name}`" for name in [*param.opts, *param.secondary_opts])
    value = (param.name or "").rstrip("_").upper()
    return " / ".join(f"`{name} {value}`" for name in param.opts)


def _default(param: Any) -> str:
    """What happens when the parameter is left out, as plainly as the CLI knows it."""
    default = param.default
    if param.required:
        shown = "required"
    elif callable(default) or default is None or default is False or default in ((), []):
        shown = ""  # computed or absent: the help text says what happens
    elif default is True and param.secondary_opts:
        shown = f"`{param.opts[0]}`"
    else:
        shown = f"`{default.value if isinstance(default, Enum) else default}`"
    envvar = getattr(param, "envvar", None)
    if isinstance(envvar, str) and envvar:
        shown = f"{shown}; env `{envvar}`" if shown else f"env `{envvar}`"
    return shown


def _params_table(command: Any) -> str:
    params = _visible_params(command)
    if not params:
        return "No arguments or options.\n"
    lines = ["| argument or option | default | what it does |", "|---|---|---|"]
    for param in params:
        lines.append(f"| {_names(param)} | {_default(param)} | {_cell(_help(param))} |")
    return "\n".join(lines) + "\n"


def _summary_table(commands: list[tuple[str, Any]]) -> str:
    lines = ["| command | what it does |", "|---|---|"]
    for path, command in commands:
        summary = _cell(_first_paragraph(_help(command)))
        lines.append(f"| [`{path}`](#{_anchor(path)}) | {summary} |")
    return "\n".join(lines) + "\n"


def _section(path: str, command: Any) -> str:
    parts = [f"### `{path}`\n", _help(command) + "\n" if _help(command) else ""]
    subcommands = _subcommands(command)
    if subcommands:
        parts.append(_usage(path, command, "COMMAND [ARGS]..."))
        names = ", ".join(f"[`{name}`](#{_anchor(f'{path} {name}')})" for name in subcommands)
        parts.append(f"Sub-commands: {names}.\n")
    else:
        parts.append(_usage(path, command))
    if not subcommands or _visible_params(command):
        parts.append(_params_table(command))
    return "\n".join(part for part in parts if part)
