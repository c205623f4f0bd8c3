"""The tables. Every record has a UUID and belongs to a person (the first table)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, MetaData, String, Text, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from unknot.store.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


def _person_fk() -> Mapped[uuid.UUID]:
    return mapped_column(
        Uuid, ForeignKey("person.id", ondelete="CASCADE"), index=True, nullable=False
    )


class Person(Base):
    __tablename__ = "person"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(16), default="local")  # local | account
    display_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime]


class Profile(Base):
    __tablename__ = "profile"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("person.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    painful_shoulder: Mapped[str] = mapped_column(String(8), default="")
    causes: Mapped[list[Any]] = mapped_column(default=list)
    conditions: Mapped[list[Any]] = mapped_column(default=list)
    minutes_available: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pressure: Mapped[str] = mapped_column(String(16), default="light")
    country: Mapped[str] = mapped_column(String(8), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    hip_surgery: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime]


class Screening(Base):
    __tablename__ = "screening"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[uuid.UUID] = _person_fk()
    taken_at: Mapped[datetime]
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    tier: Mapped[str] = mapped_column(String(16))
    triggered: Mapped[list[Any]] = mapped_column(default=list)
    conditions: Mapped[list[Any]] = mapped_column(default=list)
    country: Mapped[str] = mapped_column(String(8), default="")
    assessed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    rules_version: Mapped[str] = mapped_column(String(32), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
