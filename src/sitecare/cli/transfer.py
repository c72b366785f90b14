"""``sitecare export`` and ``sitecare import``: everything out (JSON with the photos inside,
CSV, a zip with each photo as a file, a FHIR Bundle, Nightscout treatments) and back in."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sitecare.cli import counts as counts_words
from sitecare.cli.common import (
    DatabaseUrl,
    JsonFlag,
    err,
    handle_errors,
    now,
    out,
    print_json,
    services,
)
from sitecare.cli.exchange import write_bytes_atomically
from sitecare.cli.words import _
from sitecare.domain.errors import ImportFileError, InvalidInput
from sitecare.domain.messages import Msg, counted

if TYPE_CHECKING:  # only annotations: importing them loaded SQLAlchemy for every command
    from sitecare.services.fhir import BundleImport
    from sitecare.services.nightscout import TreatmentsImport

#: show a progress bar from this many records on (and only on a terminal)
PROGRESS_FROM = 500
EXPORT_FORMATS = ("json", "csv", "zip", "fhir", "nightscout")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    if total < PROGRESS_FROM or not err.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


@handle_errors
def export(
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            help="json (photos inside, as base64), csv (no photos), zip (the JSON and each "
            "photo as a file; needs --output), fhir (an R4 Bundle) or nightscout (site changes "
            "as treatments).",
        ),
    ] = "json",
    output: Annotated[
        Path | None, typer.Option(help="Write to this file instead of the screen.")
    ] = None,
    with_photos: Annotated[
        bool,
        typer.Option(
            "--with-photos",
            help="fhir only: put each photo in the Bundle as a Media with its image "
            "(json and zip always hold the photos).",
        ),
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Export everything you recorded (injections, checks, settings)."""
    fmt = format_.strip().lower()
    if fmt not in EXPORT_FORMATS:
        said = _("Unknown format %(format)s. Use %(some)s or %(last)s.")
        some, last = ", ".join(EXPORT_FORMATS[:-1]), EXPORT_FORMATS[-1]
        raise InvalidInput(
            said % {"format": repr(format_), "some": some, "last": last}, field="format"
        )
    if with_photos and fmt != "fhir":
        raise InvalidInput(
            _("--with-photos goes with --format fhir (json and zip always hold the photos)."),
            field="with_photos",
        )
    if fmt == "zip" and output is None:
        raise InvalidInput(_("A zip export needs --output FILE."), field="output")
    current = now()
    if fmt == "zip":
        assert output is not None
        with services(database_url) as sc:
            write_bytes_atomically(output, sc.transfer.export_zip(now=current))
        err.print(_("Exported to %(file)s.") % {"file": output})
        return
    with (
        services(database_url) as sc,
        _progress(sc.transfer.count(now=current), _("Exporting")) as tick,
    ):
        text = _export_text(sc, fmt, current, tick, with_photos)
    if output is None:
        sys.stdout.write(text)
        return
    _write_atomically(output, text)
    err.print(_("Exported to %(file)s.") % {"file": output})


def _export_text(sc: Any, fmt: str, current: datetime, tick: Any, with_photos: bool) -> str:
    if fmt == "fhir":
        return str(sc.fhir.export_text(now=current, with_photos=with_photos))
    if fmt == "nightscout":
        return str(sc.nightscout.export_text(now=current))
    return str(
        (sc.transfer.export_json if fmt == "json" else sc.transfer.export_csv)(
            now=current, progress=tick
        )
    )


def _write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing (a crash never leaves half an export)."""
    write_bytes_atomically(path, text.encode("utf-8"))


@handle_errors
def import_(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE", help="A file written by 'sitecare export' (or - for standard input)."
        ),
    ],
    database_url: DatabaseUrl = None,
    json_: JsonFlag = False,
) -> None:
    """Import a file written by 'sitecare export' (JSON, CSV or a FHIR Bundle), or a Nightscout
    treatments file (site changes); a zip export with its photos. A damaged file changes
    nothing."""
    from sitecare.services.transfer_zip import read_export

    text = read_export(_read_export(file))  # a missing file is said before any passphrase
    current = now()
    if _import_other(text, database_url, json_):
        return
    with (
        services(database_url) as sc,
        _progress(sc.transfer.record_count(text), _("Importing")) as tick,
    ):
        report = sc.transfer.import_text(text, now=current, progress=tick)
    if json_:
        print_json(report.to_dict())
        return
    out.print(imported_words(report))


def _read_export(file: str) -> bytes:
    """The bytes of an export file (JSON, CSV or zip), or of standard input for ``-``."""
    if file == "-":
        stdin = getattr(sys.stdin, "buffer", None)
        return stdin.read() if stdin is not None else sys.stdin.read().encode("utf-8")
    try:
        return Path(file).read_bytes()
    except FileNotFoundError:
        raise InvalidInput(_("There is no file %(file)s.") % {"file": file}, field="FILE") from None
    except OSError as exc:
        said = _("Cannot read %(file)s: %(why)s.") % {"file": file, "why": exc.strerror}
        raise ImportFileError(said, field="FILE") from None


def imported_words(report: Any) -> str:
    """``Imported 3 injections and 1 check with 2 photos. Skipped 1 already stored.``"""
    what = counts_words.records(report.injections_added, report.observations_added)
    photos = getattr(report, "photos_added", 0)
    if photos:
        said = _(
            Msg(
                "Imported %(what)s with %(photos)s.",
                what=what,
                photos=counts_words.photos(photos),
            )
        )
    else:
        said = _(Msg("Imported %(what)s.", what=what))
    if skipped := report.skipped_existing:
        said += " " + _(
            counted(
                "Skipped %(n)s already stored.", "Skipped %(n)s already stored.", skipped, n=skipped
            )
        )
    return said


def _import_other(text: str, database_url: str | None, json_: bool) -> bool:
    """A FHIR Bundle or Nightscout treatments; False for sitecare's own export."""
    result: BundleImport | TreatmentsImport
    with services(database_url) as sc:
        if sc.fhir.is_bundle(text):
            result = sc.fhir.import_text(text, now=now())
        elif sc.nightscout.is_treatments(text):
            result = sc.nightscout.import_text(text, now=now())
        else:
            return False
    if json_:
        print_json(result.to_dict())
        return True
    report = result.report
    out.print(imported_words(report))
    for line in result.skipped:
        err.print(_("Not imported: %(line)s") % {"line": _(line)}, markup=False)
    return True
