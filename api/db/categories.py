from __future__ import annotations

from sqlmodel import Field, SQLModel


class Category(SQLModel, table=True):
    """The fixed, translated taxonomy; rows are shipped by a migration, never written by the API."""

    __tablename__ = "category"

    id: int = Field(primary_key=True)
    slug: str = Field(max_length=40, unique=True)
    label_de: str = Field(max_length=80)
    label_en: str = Field(max_length=80)
    position: int
