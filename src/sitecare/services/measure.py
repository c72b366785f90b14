"""Measure a mark from a photo beside the calibration card, and print the card.

The pixel work is sitecare.measure's; this module reads and checks what a person gives (a
photo file, an outline typed as "x,y;x,y;...", a point) and words the errors.
"""

from __future__ import annotations

import logging
import math
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitecare.domain.errors import InvalidInput
from sitecare.domain.language import DEFAULT_LANGUAGE, normalise_language
from sitecare.domain.messages import Msg

if TYPE_CHECKING:  # OpenCV loads on first use only: every other command starts without it
    from sitecare.measure import Photo

log = logging.getLogger("sitecare.measure")

#: the most points an outline may have (a finger's trace, thinned, has far fewer)
MAX_OUTLINE_POINTS = 5000
#: a photo file larger than this is refused before it is read
MAX_PHOTO_BYTES = 40 * 1024 * 1024
CARD_FORMATS = ("png", "pdf")


@cache
def card_bytes(kind: str, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The calibration card as a PNG at 300 dpi or as a PDF page (``kind``: png or pdf), its
    words in ``language`` (the layout, and so the measuring, is the same in every language)."""
    from sitecare import measure

    language = normalise_language(language)
    if kind == "png":
        return measure.card_png(300, language)
    if kind == "pdf":
        return measure.card_pdf(language)
    raise InvalidInput(
        Msg("The card can be a PNG or a PDF, not %(kind)s.", kind=repr(kind)),
        field="output",
        hint=Msg("End the file name with .png or .pdf."),
    )


def card_kind(filename: str) -> str:
    """png or pdf, from a file name's ending."""
    kind = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if kind not in CARD_FORMATS:
        raise InvalidInput(Msg("The card file's name must end with .png or .pdf."), field="output")
    return kind


#: the names of the point fields, said in the person's language
_FIELDS = {"outline": Msg("outline"), "seed": Msg("seed")}


def parse_points(text: str, *, field: str) -> list[tuple[float, float]]:
    """Points written as "x,y;x,y;..." (photo pixels)."""
    parts = [p for p in text.replace("\n", ";").split(";") if p.strip()]
    words = _FIELDS.get(field, field)
    if len(parts) > MAX_OUTLINE_POINTS:
        raise InvalidInput(
            Msg(
                "The %(field)s has more than %(max_outline_points)s points.",
                field=words,
                max_outline_points=MAX_OUTLINE_POINTS,
            ),
            field=field,
        )
    points = []
    for n, part in enumerate(parts, start=1):
        xy = part.split(",")
        try:
            x, y = (float(v) for v in xy)
        except ValueError:
            raise InvalidInput(
                Msg(
                    "Point %(n)s of the %(field)s is %(part)s: write each point as x,y in "
                    "pixels, points separated by ';' (for example 10,20;30,20;30,40).",
                    n=n,
                    field=words,
                    part=repr(part.strip()[:40]),
                ),
                field=field,
            ) from None
        if not (math.isfinite(x) and math.isfinite(y)):
            raise InvalidInput(
                Msg("Point %(n)s of the %(field)s is not a number.", n=n, field=words), field=field
            )
        points.append((x, y))
    return points


def parse_seed(text: str) -> tuple[float, float]:
    points = parse_points(text, field="seed")
    if len(points) != 1:
        raise InvalidInput(
            Msg("The seed is one point on the mark, written x,y (pixels)."), field="seed"
        )
    return points[0]


def read_photo(path: Path) -> Photo:
    """The photo in ``path``; InvalidInput (field photo) when it is missing or not an image."""
    try:
        size = path.stat().st_size
        if size > MAX_PHOTO_BYTES:
            raise InvalidInput(Msg("The photo file is larger than 40 MB."), field="photo")
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise InvalidInput(Msg("The photo file was not found."), field="photo") from None
    except PermissionError:
        log.warning("cannot read photo %s", path)
        raise InvalidInput(
            Msg("The photo file cannot be read (permission denied)."), field="photo"
        ) from None
    return decode(data)


def decode(data: bytes) -> Photo:
    """The photo's pixels; InvalidInput (field photo) when the bytes are not an image."""
    from sitecare import measure

    try:
        return measure.decode_photo(data)
    except measure.PhotoError as exc:
        raise InvalidInput(str(exc), field="photo") from None


def measure_mark(
    photo: Photo, *, outline: str | None = None, seed: str | None = None
) -> dict[str, Any]:
    """Measure ``outline`` (or the mark at ``seed``, or the mark nearest the middle) on the
    card's plane: ``{"card_found", "area_mm2", "longest_mm", "across_mm", "outline",
    "confidence", "warnings"}``."""
    from sitecare import measure

    points = None if outline is None else parse_points(outline, field="outline")
    start = None if seed is None else parse_seed(seed)
    try:
        result = measure.measure_photo(photo, outline=points, seed=start)
    except measure.OutlineError as exc:
        raise InvalidInput(str(exc), field="seed" if outline is None else "outline") from None
    return result.as_dict()
