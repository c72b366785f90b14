"""The JSON API under /api/v1 (shared/design/api.md). Every route calls a service; no rules here."""

from __future__ import annotations

from sitecare.web.api import follow
from sitecare.web.api.routes import router

router.include_router(follow.router)

__all__ = ["router"]
