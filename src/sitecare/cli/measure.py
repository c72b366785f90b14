"""Commands for measuring a mark: print the card, measure a photo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from sitecare.cli.common import JsonFlag, err, handle_errors, out, print_json
from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.services import measure as service

#: the exit code when the photo shows no card (nothing was measured)
NO_CARD_EXIT = NotFound.exit_code


def register(app: typer.Typer) -> None:
    app.command("card")(card)
    app.command("measure")(measure)


@handle_errors
def card(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write: .png or .pdf.")],
) -> None:
    """Print the calibration card (bank-card size): a PNG at 300 dpi or a PDF page."""
    data = service.card_bytes(service.card_kind(output.name))
    try:
        output.write_bytes(data)
    except OSError:
        raise InvalidInput("The card file cannot be written there.", field="output") from None
    out.print(f"Wrote the card ({len(data) // 1024} KB). Print it at 100% (actual size).")


@handle_errors
def measure(
    photo: Annotated[Path, typer.Argument(help="A photo of the mark with the card beside it.")],
    outline: Annotated[
        str | None,
        typer.Option(help='The mark\'s outline in photo pixels: "x,y;x,y;...".'),
    ] = None,
    seed: Annotated[
        str | None, typer.Option(help="A point on the mark (x,y in pixels) to trace from.")
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Measure a mark beside the card: area, longest size and the size across it."""
    result = service.measure_mark(service.read_photo(photo), outline=outline, seed=seed)
    if json_:
        print_json(result)
    else:
        _print(result)
    if not result["card_found"]:
        raise typer.Exit(NO_CARD_EXIT)


def _print(result: dict[str, Any]) -> None:
    if not result["card_found"]:
        err.print(result["warnings"][0], markup=False)
        return
    if result["area_mm2"] is not None:
        out.print(f"Area: {result['area_mm2']:.1f} mm² ({result['area_mm2'] / 100:.2f} cm²)")
        out.print(f"Longest: {result['longest_mm']:.1f} mm, across: {result['across_mm']:.1f} mm")
        out.print(f"Confidence: {result['confidence']:.0%}")
    for warning in result["warnings"]:
        out.print(f"Note: {warning}", markup=False)
