"""A person's own settings."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select
from sqlalchemy.orm import Session

from sitecare.storage.repositories import _fast as fast
from sitecare.storage.tables import SettingRow

_setting = cast(Table, SettingRow.__table__)
_SETTINGS = select(_setting.c.key, _setting.c.value).where(_setting.c.person_id == bindparam("p"))


class Settings:
    """A person's own settings, as JSON values under string keys."""

    def __init__(self, session: Session, person_id: int | None) -> None:
        self.s = session
        self.person_id = person_id

    def all(self) -> dict[str, Any]:
        if self.person_id is None:
            return {}
        rows = fast.rows(self.s, _SETTINGS, {"p": self.person_id})
        return {key: value for key, value in rows}

    def put(self, key: str, value: Any) -> None:
        assert self.person_id is not None
        row = self.s.get(SettingRow, (self.person_id, key))
        if row is None:
            self.s.add(SettingRow(person_id=self.person_id, key=key, value=value))
        else:
            row.value = value

    def remove(self, key: str) -> None:
        self.s.execute(
            delete(SettingRow).where(SettingRow.person_id == self.person_id, SettingRow.key == key)
        )
