"""The help topics (their text is in templates/help/, written from the seeds and the brief)."""

from __future__ import annotations

from typing import Any

from sitecare.config import Settings
from sitecare.services.help_resources import help_resources
from sitecare.views.context import TOPICS

__all__ = ["TOPICS", "resources"]


def resources(settings: Settings) -> list[dict[str, Any]]:
    return help_resources(settings)
