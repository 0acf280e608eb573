"""Every column that points at an account has an export section and a rule for deleting the account, so
a table added later cannot be forgotten by either."""

from __future__ import annotations

from api.domain.privacy.schemas import PersonalDataExport
from api.domain.privacy.services import ACCOUNT_REFERENCES, SECTIONS


def test_every_reference_to_an_account_is_exported_and_erased(db) -> None:
    references = set(db.execute(
        "SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c"
        " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)"
        " WHERE c.contype = 'f' AND c.confrelid = 'user_account'::regclass"
    ).fetchall())

    assert references == {(reference.table, reference.column) for reference in ACCOUNT_REFERENCES}
    assert {reference.section for reference in ACCOUNT_REFERENCES} <= set(SECTIONS)


def test_every_export_section_has_its_query() -> None:
    assert set(PersonalDataExport.__struct_fields__) == {"schema_version", "generated_at", *SECTIONS}
