"""The clinic report as a download: the personal history page's and a client page's button."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.responses import Response

from sitecare.web.deps import now


def pdf_answer(sc: Any, days: int, *, name: str, with_photos: bool = False) -> Response:
    """The report of the last ``days`` days as a PDF attachment (with photos when chosen)."""
    current = now()
    since = current - timedelta(days=days)
    pdf = sc.report.pdf(now=current, since=since, with_photos=with_photos)
    filename = f"{name}-{current:%Y-%m-%d}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
