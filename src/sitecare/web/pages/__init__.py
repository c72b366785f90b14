"""Server-rendered pages (Jinja2, enhanced by htmx; the core flows work without JavaScript)."""

from __future__ import annotations

from fastapi import APIRouter

from sitecare.web.pages import check, photos, routes
from sitecare.web.pages.render import error_page

router = APIRouter(include_in_schema=False)
router.include_router(routes.router)
router.include_router(check.router)
router.include_router(photos.router)

__all__ = ["error_page", "router"]
