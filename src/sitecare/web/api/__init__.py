"""The JSON API under /api/v1 (shared/design/api.md). Every route calls a service; no rules here."""

from __future__ import annotations

from sitecare.web.api.routes import router

__all__ = ["router"]
