from __future__ import annotations

from tests.support.factories import make_offer, make_organisation


def test_offer_detail_has_every_public_field(client, db) -> None:
    organisation = make_organisation(db, name="Tafel Bielefeld e. V.", slug="tafel")
    offer = make_offer(
        db, organisation, title="Lebensmittel sortieren", category_ids=[1, 11], commitment="regular",
        weekly_pattern=[{"day": "sat", "start": "10:00", "end": "12:00"}], hours_per_week=2.0, capacity=6,
        min_age=16, languages=["de", "en"], skills=["Teamarbeit"], accessible=True,
        accessibility_notes="Rampe am Eingang", address="Beispielstraße 1, 33602 Bielefeld", district="Mitte",
        contact_name="Anna Beispiel", contact_email="anna@example.org",
    )

    response = client.get(f"/api/v1/offers/{offer['id']}")

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Lebensmittel sortieren"
    assert body["organisation"] == {"slug": "tafel", "name": "Tafel Bielefeld e. V."}
    assert body["categories"] == ["social", "neighbourhood"]
    assert body["weekly_pattern"] == [{"day": "sat", "start": "10:00", "end": "12:00"}]
    assert body["location"] == {"lat": offer["lat"], "lon": offer["lon"]}
    assert (body["capacity"], body["min_age"], body["languages"]) == (6, 16, ["de", "en"])
    assert body["accessible"] is True and body["accessibility_notes"] == "Rampe am Eingang"
    assert body["version"] == 1 and body["distance_m"] is None


def test_offer_detail_is_cacheable_with_etag(client, db) -> None:
    offer = make_offer(db, make_organisation(db))
    first = client.get(f"/api/v1/offers/{offer['id']}")
    etag = first.headers["etag"]

    again = client.get(f"/api/v1/offers/{offer['id']}", headers={"If-None-Match": etag})
    db.execute("UPDATE offer SET title = 'Neuer Titel', version = version + 1 WHERE id = %s", [offer["id"]])
    changed = client.get(f"/api/v1/offers/{offer['id']}", headers={"If-None-Match": etag})

    assert "max-age" in first.headers["cache-control"]
    assert again.status_code == 304 and again.content == b""
    assert changed.status_code == 200 and changed.json()["title"] == "Neuer Titel"
    assert changed.headers["etag"] != etag


def test_offer_of_a_paused_offer_is_gone_from_the_public(client, db) -> None:
    offer = make_offer(db, make_organisation(db))
    assert client.get(f"/api/v1/offers/{offer['id']}").status_code == 200

    db.execute("UPDATE offer SET status = 'paused' WHERE id = %s", [offer["id"]])

    assert client.get(f"/api/v1/offers/{offer['id']}").status_code == 404


def test_user_text_comes_back_inert(client, db) -> None:
    hostile = (
        "<p onclick=\"steal()\">Hallo<script>alert(1)</script></p>"
        "<img src=x onerror=\"steal()\"><a href=\"javascript:steal()\">klick</a>"
        "<a href=\"https://www.bielefeld.de/\" target=\"_blank\">Stadt</a><iframe src=\"https://evil.example\"></iframe>"
    )
    organisation = make_organisation(db, slug="hostile", description=hostile)
    offer = make_offer(db, organisation, description=hostile)

    for text in (
        client.get(f"/api/v1/offers/{offer['id']}").json()["description"],
        client.get("/api/v1/organisations/hostile").json()["description"],
    ):
        lowered = text.lower()
        assert "<script" not in lowered and "onclick" not in lowered and "onerror" not in lowered
        assert "javascript:" not in lowered and "<iframe" not in lowered and "<img" not in lowered
        assert '<a href="https://www.bielefeld.de/" rel="noopener nofollow">Stadt</a>' in text
        assert "<p>Hallo</p>" in text
