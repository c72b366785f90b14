"""Commands that hand records to other people and places: the clinic report (PDF), backups."""

from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from sitecare.cli import counts as counts_words
from sitecare.cli.common import (
    DatabaseUrl,
    JsonFlag,
    err,
    handle_errors,
    local_tz,
    now,
    out,
    print_json,
    services,
)
from sitecare.cli.words import _, language
from sitecare.domain.errors import InvalidInput
from sitecare.domain.messages import Msg
from sitecare.domain.timeparse import parse_when

_DATE_ONLY = re.compile(r"^\d{4}-\d\d-\d\d$")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("backup")(backup)
    app.command("restore")(restore)


def parse_day(text: str | None, *, field: str, current: datetime, end: bool) -> datetime | None:
    """A report date: an ISO date (the whole day; ``--until`` includes it) or a time."""
    if text is None:
        return None
    when = parse_when(text.strip(), now=current, tz=local_tz(), field=field)
    if end and _DATE_ONLY.match(text.strip()):
        when += timedelta(days=1)  # --until 2026-11-30 means to the end of that day
    return when


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write the whole file or nothing (a crash never leaves half a file)."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        said = _("The folder %(folder)s does not exist.") % {"folder": directory}
        raise InvalidInput(said, field="output")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".sitecare-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@handle_errors
def report(
    output: Annotated[Path, typer.Option("--output", help="The PDF file to write.")],
    since: Annotated[
        str | None, typer.Option(help="First day (ISO date or time; default: 30 days ago).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Last day, included (ISO date or time; default: now).")
    ] = None,
    with_photos: Annotated[
        bool,
        typer.Option("--with-photos", help="Print each check's photos small beside it."),
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """A report for a clinic (PDF): body heat map, injections per day, every site, checks."""
    if output.suffix.lower() != ".pdf":
        said = _("The report is a PDF: give a file name ending in .pdf.")
        raise InvalidInput(said, field="output")
    current = now()
    start = parse_day(since, field="since", current=current, end=False)
    stop = parse_day(until, field="until", current=current, end=True)
    if stop is not None and stop > current:
        stop = current
    with services(database_url) as sc:
        pdf = sc.report.pdf(
            now=current, since=start, until=stop, with_photos=with_photos, language=language()
        )
    write_bytes_atomically(output, pdf)
    err.print(_("Wrote the report to %(file)s.") % {"file": output})


FileArgument = Annotated[Path, typer.Argument(metavar="FILE")]


@handle_errors
def backup(file: FileArgument, database_url: DatabaseUrl = None, json_: JsonFlag = False) -> None:
    """Copy the whole database and its photo files to FILE (one zip), consistently, even while
    sitecare serve is writing."""
    with services(database_url) as sc:
        info = sc.backups.backup(file)
    if json_:
        print_json(info.to_dict())
        return
    what = counts_words.records(info.injections, info.checks, info.photos)
    out.print(_(Msg("Backed up %(what)s to %(file)s.", what=what, file=str(file))))


@handle_errors
def restore(
    file: FileArgument,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask; restore at once.")] = False,
    database_url: DatabaseUrl = None,
    json_: JsonFlag = False,
) -> None:
    """Replace the whole database (and its photos) with a backup, after checking the backup."""
    with services(database_url) as sc:
        info = sc.backups.check(file)  # a bad file is refused before anything is asked
        if not yes:
            _confirm_restore(info.injections, info.checks)
        sc.backups.restore(file)
    if json_:
        print_json({"restored": info.to_dict()})
        return
    what = counts_words.records(info.injections, info.checks, info.photos)
    out.print(_(Msg("Restored %(what)s.", what=what)))


def _confirm_restore(injections: int, checks: int) -> None:
    import sys

    if not sys.stdin.isatty():
        raise InvalidInput(
            _(
                "A restore replaces everything in the database, so it needs --yes when not asked "
                "on a terminal."
            ),
            field="yes",
            hint=_("Back up first if you want a copy: %(command)s")
            % {"command": "sitecare backup before-restore.zip"},
        )
    what = counts_words.records(injections, checks)
    err.print(
        _(Msg("This replaces everything in the database with the backup (%(what)s).", what=what))
    )
    if typer.prompt(_("Type 'restore' to go on"), default="", show_default=False) != "restore":
        err.print(_("Nothing was changed."))
        raise typer.Exit(1)
