"""CSV cells moved to ``sitecare.domain.csv_cells`` (pocket reads sitecare's CSV too)."""

from __future__ import annotations

from sitecare.domain.csv_cells import TRIGGERS, neutralise, restore, write_rows

__all__ = ["TRIGGERS", "neutralise", "restore", "write_rows"]
