"""The history chart moved to ``sitecare.views.chart`` (pocket draws it too); names kept here."""

from __future__ import annotations

from sitecare.views.chart import Chart, injection_chart

__all__ = ["Chart", "injection_chart"]
