"""The personal pages' router: every page route of personal mode (the program pages are in
``web.pages.server``)."""

from __future__ import annotations

from fastapi import APIRouter

from sitecare.web.pages import check, personal, photo_measure, photos

router = APIRouter(include_in_schema=False)
router.include_router(personal.router)
router.include_router(check.router)
router.include_router(photos.router)
router.include_router(photo_measure.router)
