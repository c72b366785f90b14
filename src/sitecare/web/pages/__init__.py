"""Server-rendered pages (Jinja2, enhanced by htmx; the core flows work without JavaScript)."""

from __future__ import annotations

from sitecare.web.pages.render import error_page
from sitecare.web.pages.routes import router

__all__ = ["error_page", "router"]
