"""A check's photos in the clinic report: small, beside the check, and at one scale when measured.

Each photo is printed at most ``BOX_W`` x ``BOX_H`` mm. When every photo of a check carries its
scale (mm per pixel), they are drawn side by side at the same scale, so a wound that grew looks
larger; the caption says how much skin 10 mm on paper shows. Otherwise each fills the box on its
own and the caption says the photos are not to scale.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

from sitecare.domain.messages import Msg, counted, number

#: the most room one photo takes on paper (mm)
BOX_W = 45.0
BOX_H = 30.0


@dataclass(frozen=True)
class ReportPhoto:
    """One photo of a check, as stored (already cleaned of metadata)."""

    data: bytes
    media_type: str
    width: int
    height: int
    mm_per_px: float | None = None

    def src(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True)
class Printed:
    """A photo as the template draws it: its data URL and its size on paper (mm)."""

    src: str
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class PhotoRow:
    photos: list[Printed]
    #: said in the report's language (``exports.report`` localises the rows)
    caption: Msg


def _fit(w: float, h: float) -> float:
    """The factor that fits w x h into the box."""
    return min(BOX_W / w, BOX_H / h)


def photo_row(photos: Sequence[ReportPhoto]) -> PhotoRow | None:
    """How a check's photos are printed (None when it has none)."""
    if not photos:
        return None
    scales = [p.mm_per_px for p in photos]
    if all(scales):
        real = [(p.width * (p.mm_per_px or 0), p.height * (p.mm_per_px or 0)) for p in photos]
        k = min(_fit(w, h) for w, h in real)  # one factor for all: the same scale
        printed = [Printed(p.src(), w * k, h * k) for p, (w, h) in zip(photos, real, strict=True)]
        caption = Msg("Same scale: 10 mm here is %(mm)s mm of skin.", mm=number(10 / k, ".0f"))
    else:
        printed = []
        for p in photos:
            k = _fit(p.width, p.height)
            printed.append(Printed(p.src(), p.width * k, p.height * k))
        caption = Msg("Not to scale.") if len(photos) == 1 else Msg("Not to scale (not measured).")
    n = len(photos)
    words = counted("%(n)s photo of this check.", "%(n)s photos of this check.", n, n=n)
    return PhotoRow(printed, Msg("%(photos)s %(scale)s", photos=words, scale=caption))
