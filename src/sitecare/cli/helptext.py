"""The help screens (``--help``) in the command's language.

Typer builds every help text at import, in English (the docstrings and ``help=``). The
command and group classes here say them in the command's language only while a help screen
is formatted: the command's help, each option's and argument's help, the subcommands' short
help in a group's list, and the framework's own words (``Usage:``, ``Options``, ``[required]``).
The catalog's msgid is the English help with its line breaks folded (:func:`help_key`);
``scripts/i18n.py extract`` reads every help text from the command tree itself
(:func:`help_texts`), so a new help text cannot be left out of the catalog.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandFunctionType

from sitecare.cli.words import N_, _, set_flag

__all__ = ["SaidCommand", "SaidGroup", "Typer", "help_key", "help_texts", "say_help"]

#: the framework's words on a help screen (Typer and Click print them in English)
FRAMEWORK = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("env var"),
    N_("default"),
    N_("required"),
)
_EXTRA = re.compile(r"\s*\[([^\[\]]+)\]$")


def help_key(text: str) -> str:
    """The catalog's msgid for a help text: its paragraphs, each on one line."""
    body = inspect.cleandoc(text).partition("\f")[0]
    return "\n\n".join(" ".join(p.split()) for p in body.split("\n\n") if p.strip())


def say_help(text: str | None) -> str | None:
    """``text`` in the command's language (itself, as Typer keeps it, in English)."""
    if not text:
        return text
    key = help_key(text)
    said = _(key)
    return text if said == key else said


def _extras(text: str) -> str:
    """``... [env var: X; required]`` with the bracket's words in the command's language."""
    found = _EXTRA.search(text)
    if not found:
        return text
    parts = []
    for part in found.group(1).split("; "):
        name, sep, value = part.partition(": ")
        if sep and name in ("env var", "default"):
            parts.append(_("%(name)s: %(value)s") % {"name": _(name), "value": value})
        else:
            parts.append(_(part) if part == "required" else part)
    return f"{text[: found.start()]}  [{'; '.join(parts)}]"


class _Formatter:
    """Click's help formatter, saying the section names and the usage prefix."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def section(self, name: str) -> Any:
        return self._real.section(_(name))

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        # Click's own placeholders: "[OPTIONS]", and a group's "COMMAND [ARGS]..."
        said = {"[OPTIONS]": _("[OPTIONS]"), "COMMAND": _("COMMAND"), "[ARGS]...": _("[ARGS]...")}
        for word, words in said.items():
            args = args.replace(word, words)
        self._real.write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_dl(self, rows: Sequence[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        self._real.write_dl([(term, _extras(text)) for term, text in rows], *args, **kwargs)


@contextmanager
def _said(objects: Sequence[Any]) -> Iterator[None]:
    """Each object's ``help`` (and ``short_help``) in the command's language, then back."""
    saved = [
        (o, a, getattr(o, a)) for o in objects for a in ("help", "short_help") if hasattr(o, a)
    ]
    try:
        for obj, attr, text in saved:
            setattr(obj, attr, say_help(text))
        yield
    finally:
        for obj, attr, text in saved:
            setattr(obj, attr, text)


class _Says:
    """What a command and a group share: their help screen and short help, said."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with _said([self, *self.get_params(ctx)]):  # type: ignore[attr-defined]
            super().format_help(ctx, _Formatter(formatter))  # type: ignore[misc]

    def get_short_help_str(self, limit: int = 45) -> str:
        with _said([self]):
            return str(super().get_short_help_str(limit))  # type: ignore[misc]


class SaidCommand(_Says, TyperCommand):
    """A command whose help screen is in the command's language."""


class SaidGroup(_Says, TyperGroup):
    """A group whose help screen (and its commands' list) is in the command's language.
    The root group reads ``--language`` before ``--help`` prints (``--help`` acts first)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:
            for i, arg in enumerate(args):
                if arg == "--language" and i + 1 < len(args):
                    set_flag(args[i + 1])
                elif arg.startswith("--language="):
                    set_flag(arg.partition("=")[2])
        return super().parse_args(ctx, args)


class Typer(typer.Typer):
    """``typer.Typer`` whose groups and commands say their help in the command's language."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", SaidGroup)
        super().__init__(**kwargs)

    def command(
        self, *args: Any, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        kwargs.setdefault("cls", SaidCommand)
        return super().command(*args, **kwargs)


def help_texts(app: typer.Typer) -> dict[str, str]:
    """Every help text of ``app``'s command tree (its msgid) -> the command it is on."""
    found: dict[str, str] = {}
    root = typer.main.get_command(app)
    stack: list[tuple[Any, Any]] = [(root, typer.Context(root, info_name="sitecare"))]
    while stack:
        command, ctx = stack.pop()
        for obj in [command, *command.get_params(ctx)]:
            for text in (getattr(obj, "help", None), getattr(obj, "short_help", None)):
                if text:
                    found.setdefault(help_key(text), ctx.command_path)
        for name, sub in sorted(getattr(command, "commands", {}).items(), reverse=True):
            stack.append((sub, typer.Context(sub, info_name=name, parent=ctx)))
    return found
