"""Commands for measuring a mark: print the card, measure a photo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from sitecare.cli.common import JsonFlag, err, handle_errors, out, print_json
from sitecare.cli.words import _, language, say
from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.domain.messages import number
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
    """Print the calibration card (bank-card size): a PNG at 300 dpi or a PDF page, its words
    in the output's language."""
    data = service.card_bytes(service.card_kind(output.name), language())
    try:
        output.write_bytes(data)
    except OSError:
        raise InvalidInput(_("The card file cannot be written there."), field="output") from None
    said = _("Wrote the card (%(size)s KB). Print it at 100%% (actual size).")
    out.print(said % {"size": len(data) // 1024})


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
        err.print(_(result["warnings"][0]), markup=False)
        return
    if result["area_mm2"] is not None:
        area = {
            "mm2": say(number(result["area_mm2"], ".1f")),
            "cm2": say(number(result["area_mm2"] / 100, ".2f")),
        }
        out.print(_("Area: %(mm2)s mm² (%(cm2)s cm²)") % area)
        sizes = {k: say(number(result[f"{k}_mm"], ".1f")) for k in ("longest", "across")}
        out.print(_("Longest: %(longest)s mm, across: %(across)s mm") % sizes)
        out.print(_("Confidence: %(percent)s%%") % {"percent": round(result["confidence"] * 100)})
    for warning in result["warnings"]:
        out.print(_("Note: %(note)s") % {"note": _(warning)}, markup=False)
