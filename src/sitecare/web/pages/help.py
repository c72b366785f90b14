"""The help topics (their text is in templates/help/, written from the seeds and the brief)."""

from __future__ import annotations

from typing import Any

from sitecare.config import Settings
from sitecare.services.help_resources import help_resources
from sitecare.views.context import TOPICS

__all__ = ["TOPICS", "resources"]


def resources(settings: Settings, language: str) -> list[dict[str, Any]]:
    """The services list in the page's language (English words marked where it has none)."""
    return help_resources(settings, language)
