"""Database tables (SQLAlchemy 2 ORM). Changes go through an Alembic migration."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Alembic's recommended naming convention, so constraints have stable names on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, datetime: DateTime(timezone=False)}


class Program(Base):
    """An organisation running sitecare; a personal install has one implicit program."""

    __tablename__ = "program"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime]


class Person(Base):
    """The one whose injections and checks are recorded; known only by a pseudonymous code."""

    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("program_id", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]


class InjectionRow(Base):
    """One injection. ``at_utc`` is UTC; ``utc_offset_min`` keeps the zone it was logged in."""

    __tablename__ = "injection"
    __table_args__ = (
        # Covers the planner's "last use per spot" aggregate: a range scan, no table lookups.
        Index("ix_injection_person_at_site", "person_id", "at_utc", "region", "spot"),
        Index("ix_injection_person_region", "person_id", "region"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    at_utc: Mapped[datetime]
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    region: Mapped[str] = mapped_column(String(64))
    spot: Mapped[str | None] = mapped_column(String(16))
    route: Mapped[str] = mapped_column(String(32))
    medicine: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class ObservationRow(Base):
    """One check of a site (findings reported, assessment made), filled by the triage flow."""

    __tablename__ = "observation"
    __table_args__ = (Index("ix_observation_person_region_at", "person_id", "region", "at_utc"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    at_utc: Mapped[datetime]
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    region: Mapped[str | None] = mapped_column(String(64))
    spot: Mapped[str | None] = mapped_column(String(16))
    level: Mapped[str | None] = mapped_column(String(16))
    rest_days: Mapped[float | None] = mapped_column(Float)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    case: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    assessment: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class SettingRow(Base):
    """A person's own settings (allowed regions per route or medicine, base rest per route)."""

    __tablename__ = "setting"
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
