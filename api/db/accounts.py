from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Index, Text, text
from sqlmodel import Field, SQLModel

from api.db.columns import str_enum
from api.db.timestamps import timestamp_column


class UserStatus(enum.StrEnum):
    active = "active"
    suspended = "suspended"
    deleted = "deleted"


class AccountTokenPurpose(enum.StrEnum):
    verify_email = "verify_email"
    reset_password = "reset_password"
    change_email = "change_email"


class User(SQLModel, table=True):
    """A person with an account. E-mail is unique regardless of case."""

    __tablename__ = "user_account"
    __table_args__ = (
        Index("ux_user_account_email", text("lower(email)"), unique=True),
        # Reverse matching skips the few inactive accounts by asking this small index (volunteers/matching.py).
        Index("ix_user_account_inactive", "id", postgresql_where=text("status <> 'active'")),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    email: str = Field(max_length=254)
    password_hash: str = Field(sa_column=Column(Text, nullable=False))
    display_name: str = Field(max_length=80)
    locale: str = Field(default="de", max_length=5)
    status: UserStatus = Field(
        default=UserStatus.active,
        sa_column=Column(str_enum(UserStatus, "user_status"), nullable=False, server_default="active"),
    )
    email_verified_at: datetime | None = Field(default=None, sa_column=timestamp_column())
    is_moderator: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default="false"))
    is_admin: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default="false"))
    created_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))
    updated_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))


class AccountToken(SQLModel, table=True):
    """A one-time link sent by e-mail. Only the token's SHA-256 is stored."""

    __tablename__ = "account_token"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(
        sa_column=Column(ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    purpose: AccountTokenPurpose = Field(
        sa_column=Column(str_enum(AccountTokenPurpose, "account_token_purpose"), nullable=False)
    )
    token_hash: str = Field(max_length=64, unique=True)
    new_email: str | None = Field(default=None, max_length=254)
    created_at: datetime = Field(default=None, sa_column=timestamp_column(now_by_default=True))
    expires_at: datetime = Field(sa_column=timestamp_column(required=True))
    used_at: datetime | None = Field(default=None, sa_column=timestamp_column())

