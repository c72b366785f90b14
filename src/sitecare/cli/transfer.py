"""``sitecare export`` and ``sitecare import``: everything out (JSON with the photos inside,
CSV, a zip with each photo as a file, a FHIR Bundle, Nightscout treatments) and back in."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

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
from sitecare.domain.errors import ImportFileError, InvalidInput
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
        raise InvalidInput(
            f"Unknown format {format_!r}. Use {', '.join(EXPORT_FORMATS[:-1])} or "
            f"{EXPORT_FORMATS[-1]}.",
            field="format",
        )
    if with_photos and fmt != "fhir":
        raise InvalidInput(
            "--with-photos goes with --format fhir (json and zip always hold the photos).",
            field="with_photos",
        )
    if fmt == "zip" and output is None:
        raise InvalidInput("A zip export needs --output FILE.", field="output")
    current = now()
    if fmt == "zip":
        assert output is not None
        with services(database_url) as sc:
            write_bytes_atomically(output, sc.transfer.export_zip(now=current))
        err.print(f"Exported to {output}.")
        return
    with (
        services(database_url) as sc,
        _progress(sc.transfer.count(now=current), "Exporting") as tick,
    ):
        text = _export_text(sc, fmt, current, tick, with_photos)
    if output is None:
        sys.stdout.write(text)
        return
    _write_atomically(output, text)
    err.print(f"Exported to {output}.")


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
        _progress(sc.transfer.record_count(text), "Importing") as tick,
    ):
        report = sc.transfer.import_text(text, now=current, progress=tick)
    if json_:
        print_json(report.to_dict())
        return
    out.print(
        f"Imported {report.injections_added} injection(s) and {report.observations_added} check(s)"
        + (f" with {report.photos_added} photo(s)." if report.photos_added else ".")
        + (f" Skipped {report.skipped_existing} already stored." if report.skipped_existing else "")
    )


def _read_export(file: str) -> bytes:
    """The bytes of an export file (JSON, CSV or zip), or of standard input for ``-``."""
    if file == "-":
        stdin = getattr(sys.stdin, "buffer", None)
        return stdin.read() if stdin is not None else sys.stdin.read().encode("utf-8")
    try:
        return Path(file).read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"There is no file {file}.", field="FILE") from None
    except OSError as exc:
        raise ImportFileError(f"Cannot read {file}: {exc.strerror}.", field="FILE") from None


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
    out.print(
        f"Imported {report.injections_added} injection(s) and {report.observations_added} check(s)."
        + (f" Skipped {report.skipped_existing} already stored." if report.skipped_existing else "")
    )
    for line in result.skipped:
        err.print(f"Not imported: {line}", markup=False)
    return True
