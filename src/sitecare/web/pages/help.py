"""The help topics (their text is in templates/help/, written from the seeds and the brief)."""

from __future__ import annotations

from typing import Any

from sitecare.config import Settings
from sitecare.services.support import help_resources

TOPICS = {
    "marks": "What marks look like, stage by stage",
    "why": "Why marks and damage happen",
    "prevent": "How to prevent marks and infections",
    "care": "How to care for a mark or wound",
    "when": "When to get help",
    "someone": "Helping someone you care about",
    "services": "Where to find help: treatment and harm-reduction services",
}


def resources(settings: Settings) -> list[dict[str, Any]]:
    return help_resources(settings)
