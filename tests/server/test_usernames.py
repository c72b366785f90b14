"""A username used in another program is not revealed to an admin (issue 10, item 11)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from sitecare.domain.errors import InvalidInput

from .conftest import PASSWORD, ProgramServer


def test_an_admin_learns_nothing_about_another_programs_users(
    make_server: Callable[..., ProgramServer], db_url: str
) -> None:
    s = make_server(db_url)
    now = datetime.now().astimezone()
    with s.accounts() as acc:
        alice = acc.actor(1, 1)  # Riverside's admin (seeded first)
        assert alice is not None and alice.username == "alice"
        with pytest.raises(InvalidInput) as other:
            acc.add_user("dave", program="x", role="worker", password=PASSWORD, now=now, by=alice)
        with pytest.raises(InvalidInput) as own:
            acc.add_user("bob", program="x", role="worker", password=PASSWORD, now=now, by=alice)
    said = str(other.value)
    assert "cannot be used" in said
    for leak in ("Hilltop", "taken", "exists", "another program"):
        assert leak not in said
    assert "taken" in str(own.value)  # her own program's users she can see anyway
