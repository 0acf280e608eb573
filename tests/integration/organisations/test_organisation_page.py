from __future__ import annotations

from tests.support.factories import make_offer, make_organisation


def test_organisation_page_lists_only_its_published_offers(client, db) -> None:
    organisation = make_organisation(db, slug="bv-schildesche", name="Bürgerverein Schildesche")
    other = make_organisation(db)
    published = make_offer(db, organisation)
    make_offer(db, organisation, status="draft")
    make_offer(db, organisation, status="in_review")
    make_offer(db, other)

    response = client.get("/api/v1/organisations/bv-schildesche")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Bürgerverein Schildesche" and body["verified"] is True
    assert [offer["id"] for offer in body["offers"]] == [str(published["id"])]
    assert body["location"] == {"lat": organisation["lat"], "lon": organisation["lon"]}


def test_unverified_organisations_are_not_public(client, db) -> None:
    for status in ("pending", "rejected", "suspended"):
        make_organisation(db, slug=f"org-{status}", verification_status=status)
        response = client.get(f"/api/v1/organisations/org-{status}")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")
