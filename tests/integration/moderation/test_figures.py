"""Figures for the Digitalisierungsbüro add up against the data."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime

from tests.support.factories import make_offer, make_organisation
from tests.support.moderation_desk import claim, post, submitted

FIGURES = "/api/v1/moderation/figures"


def _per(items, key, value):  # type: ignore[no-untyped-def]
    return {item[key]: item[value] for item in items}


def test_figures_count_the_queue_the_published_offers_and_new_organisations(client, db, as_moderator) -> None:
    before = client.get(FIGURES).json()
    organisation = make_organisation(db)
    make_organisation(db, verification_status="pending")
    submitted(db, organisation, 5)
    make_offer(db, organisation, district="Sennestadt", category_ids=[5, 9])
    make_offer(db, organisation, district="Sennestadt", category_ids=[5])
    make_offer(db, organisation, district="Sennestadt", status="draft", category_ids=[5])

    after = client.get(FIGURES).json()

    assert after["queue"]["offers"] - before["queue"]["offers"] == 1
    assert after["queue"]["organisations"] - before["queue"]["organisations"] == 1
    districts_before = _per(before["published_offers_per_district"], "district", "offers")
    districts_after = _per(after["published_offers_per_district"], "district", "offers")
    assert districts_after["Sennestadt"] - districts_before.get("Sennestadt", 0) == 2
    categories_before = _per(before["published_offers_per_category"], "category", "offers")
    categories_after = _per(after["published_offers_per_category"], "category", "offers")
    assert categories_after["environment"] - categories_before["environment"] == 2
    assert categories_after["animals"] - categories_before["animals"] == 1
    months_before = _per(before["new_organisations_per_month"], "month", "organisations")
    months = after["new_organisations_per_month"]
    this_month = datetime.now(UTC).strftime("%Y-%m")
    assert len(months) == 12 and months[-1]["month"] == this_month
    assert months[-1]["organisations"] - months_before[this_month] == 2
    total = db.execute("SELECT count(*) FROM offer WHERE status = 'published'").fetchone()[0]
    assert sum(districts_after.values()) == total


def test_median_time_to_decision_runs_from_submission_to_decision(client, db, as_moderator) -> None:
    organisation = make_organisation(db)
    # Decisions of earlier tests are in the log too; this one compares the change its own decisions make.
    for hours in (2, 4, 6):
        offer = submitted(db, organisation, hours * 60)
        claim(client, "offers", offer["id"])
        post(client, f"/api/v1/moderation/offers/{offer['id']}/approve")
    decisions = db.execute(
        "SELECT created_at, before->>'submitted_at' FROM audit_entry"
        " WHERE action IN ('offer.approve', 'offer.reject')"
        " AND created_at >= now() - interval '90 days' AND before->>'submitted_at' IS NOT NULL"
    ).fetchall()
    hours = [
        (decided - datetime.fromisoformat(submitted_at)).total_seconds() / 3600
        for decided, submitted_at in decisions
    ]

    figures = client.get(FIGURES).json()

    assert figures["decisions_last_90_days"] == len(hours) >= 3
    assert abs(figures["median_hours_to_decision"] - statistics.median(hours)) < 0.01
