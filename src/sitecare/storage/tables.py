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
        # The last use of each site by seeks (``Injections.last_use_by_spot``); per region too.
        Index("ix_injection_person_site_at", "person_id", "region", "spot", "at_utc"),
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


# -- server mode: program users, visits, the audit log (migration 0003) -------------------------


class AppUser(Base):
    """A program user (``admin`` or ``worker``) who signs in to the server."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("program.id", ondelete="CASCADE"), index=True
    )
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    #: goes up when the password changes or the user is disabled: older sessions stop working
    credential_version: Mapped[int] = mapped_column(Integer, default=1)
    last_sign_in_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class SignInThrottle(Base):
    """Failed sign-ins for names that are not users, so a lockout reveals nothing."""

    __tablename__ = "sign_in_throttle"
    #: SHA-256 of the lower-cased name (the name itself is not kept)
    name_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    updated_at: Mapped[datetime]


class VisitRow(Base):
    """A worker's encounter with a client: supplies and referrals given, a short note."""

    __tablename__ = "visit"
    __table_args__ = (Index("ix_visit_person_at", "person_id", "at_utc"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    at_utc: Mapped[datetime]
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    supplies: Mapped[list[str]] = mapped_column(JSON, default=list)
    referrals: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class AuditEvent(Base):
    """Who read or changed what, and when. Never client codes or health details."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_program_at", "program_id", "at_utc"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    at_utc: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str | None] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))


# -- photos of a check (migration 0005) ----------------------------------------------------------


class PhotoRow(Base):
    """A photo of a check. The image is a file in the blob store under ``address`` (content
    addressed: the same photo is kept once, so a file goes when its last row goes)."""

    __tablename__ = "photo"
    __table_args__ = (Index("ix_photo_person_observation", "person_id", "observation_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    observation_id: Mapped[int] = mapped_column(
        ForeignKey("observation.id", ondelete="CASCADE"), index=True
    )
    address: Mapped[str] = mapped_column(String(32), index=True)
    media_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size_bytes: Mapped[int] = mapped_column(Integer)
    #: millimetres per pixel once the photo is measured beside the calibration card (None until
    #: then); two measured photos are shown at the same scale
    mm_per_px: Mapped[float | None] = mapped_column(Float)
    added_at: Mapped[datetime]
    #: the mark's measurement on this photo, as JSON (migration 0006_photo_measurement; None
    #: until measured): see ``storage.photo_measurements``
    measurement: Mapped[str | None] = mapped_column(Text)
