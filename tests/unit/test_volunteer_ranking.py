"""The "for you" score and reasons, without a database: the documented formula, the time slots in
Europe/Berlin, German and English texts, and full offers last."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.volunteers.ranking import (
    WEIGHTS,
    Candidate,
    Preferences,
    format_places,
    mask_of,
    offer_slots,
    order_key,
    reasons,
    score,
    slot_bit,
    slot_name,
    slots_of,
)
from api.lib.distances import format_distance

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)
LABELS_DE = {5: "Umwelt und Naturschutz", 11: "Nachbarschaft", 1: "Soziales"}
SATURDAY_MORNING = slot_bit(5, 0)
PROFILE = Preferences(radius_m=10_000, interests=frozenset({5, 11}), availability=SATURDAY_MORNING)


@dataclass
class Ranked:
    score: float
    full: bool
    reasons: list[str]


def rank(preferences: Preferences, candidate: Candidate, *, now: datetime, locale: str,
         labels: dict[int, str]) -> Ranked:
    """The score and the reasons, as the service puts them together."""
    result = score(preferences, candidate, now=now)
    return Ranked(result.score, result.full, reasons(preferences, candidate, now=now, locale=locale, labels=labels))


def _candidate(**changes) -> Candidate:  # type: ignore[no-untyped-def]
    """An offer's candidate; its slots from `commitment`, `starts_at` and `weekly_pattern`, as stored."""
    fields = {"category_ids": (5,), "distance_m": 1234.0, "commitment": "regular",
              "weekly_pattern": [{"day": "sat", "start": "10:00", "end": "12:00"}], "starts_at": None,
              "published_at": NOW - timedelta(days=1), "places_left": 2, **changes}
    slots = offer_slots(fields.pop("commitment"), fields.pop("starts_at"), fields.pop("weekly_pattern"))
    return Candidate(**fields, slots=slots)


def test_the_weights_add_up_to_one() -> None:
    assert math.isclose(sum(WEIGHTS.values()), 1.0)


def test_the_score_is_the_documented_weighted_sum() -> None:
    ranking = rank(PROFILE, _candidate(), now=NOW, locale="de", labels=LABELS_DE)

    expected = (0.35 * math.exp(-1234 / 5000) + 0.25 * 1 + 0.20 * 1 + 0.10 * 0.5 ** (1 / 14) + 0.10 * 2 / 3)
    assert ranking.score == pytest.approx(expected, abs=1e-4)
    assert ranking.reasons == ["Umwelt und Naturschutz", "1,2 km", "Samstagvormittag", "neu", "noch 2 Plätze frei"]
    assert not ranking.full


def test_english_reasons() -> None:
    labels = {5: "Environment"}

    ranking = rank(PROFILE, _candidate(), now=NOW, locale="en", labels=labels)

    assert ranking.reasons == ["Environment", "1.2 km", "Saturday morning", "new", "2 places left"]


@given(
    distance=st.one_of(st.none(), st.floats(min_value=0, max_value=50_000)),
    radius=st.floats(min_value=1000, max_value=50_000),
    interests=st.frozensets(st.integers(1, 12), max_size=12),
    categories=st.lists(st.integers(1, 12), min_size=1, max_size=5, unique=True),
    availability=st.integers(0, 2**21 - 1),
    age_days=st.floats(min_value=0, max_value=400),
    places=st.one_of(st.none(), st.integers(-3, 100)),
    commitment=st.sampled_from(["one_off", "regular", "flexible"]),
)
def test_the_score_stays_between_zero_and_one(distance, radius, interests, categories, availability, age_days,
                                              places, commitment) -> None:  # type: ignore[no-untyped-def]
    candidate = _candidate(distance_m=distance, category_ids=tuple(categories), commitment=commitment,
                           starts_at=NOW + timedelta(days=3), published_at=NOW - timedelta(days=age_days),
                           places_left=places)

    ranking = rank(Preferences(radius, interests, availability), candidate, now=NOW, locale="de", labels={})

    assert 0 <= ranking.score <= 1
    assert ranking.full == (places is not None and places <= 0)


def test_nearer_is_better_and_the_decay_follows_the_radius() -> None:
    scores = [rank(PROFILE, _candidate(distance_m=d), now=NOW, locale="de", labels={}).score
              for d in (0, 500, 2000, 9000)]

    assert scores == sorted(scores, reverse=True)
    wide = Preferences(radius_m=50_000, interests=PROFILE.interests, availability=PROFILE.availability)
    assert rank(wide, _candidate(distance_m=9000), now=NOW, locale="de", labels={}).score > scores[-1]


def test_interest_overlap_is_the_share_of_the_offers_categories() -> None:
    both = rank(PROFILE, _candidate(category_ids=(5, 11)), now=NOW, locale="de", labels=LABELS_DE)
    half = rank(PROFILE, _candidate(category_ids=(5, 1)), now=NOW, locale="de", labels=LABELS_DE)
    none = rank(PROFILE, _candidate(category_ids=(1,)), now=NOW, locale="de", labels=LABELS_DE)

    assert both.score - half.score == pytest.approx(0.25 * 0.5, abs=1e-3)
    assert half.score - none.score == pytest.approx(0.25 * 0.5, abs=1e-3)
    assert both.reasons[:2] == ["Umwelt und Naturschutz", "Nachbarschaft"]
    assert none.reasons[0] == "1,2 km"


def test_a_profile_without_interests_is_neutral_and_names_the_offers_first_category() -> None:
    open_minded = Preferences(radius_m=10_000, interests=frozenset(), availability=SATURDAY_MORNING)

    social = rank(open_minded, _candidate(category_ids=(1, 5)), now=NOW, locale="de", labels=LABELS_DE)
    nature = rank(open_minded, _candidate(category_ids=(5,)), now=NOW, locale="de", labels=LABELS_DE)

    assert social.score == nature.score
    assert social.reasons[0] == "Soziales"


def test_availability_overlap_counts_the_offers_slots() -> None:
    two_slots = [{"day": "sat", "start": "10:00", "end": "12:00"}, {"day": "sun", "start": "10:00", "end": "12:00"}]

    half = rank(PROFILE, _candidate(weekly_pattern=two_slots), now=NOW, locale="de", labels={})
    none = rank(PROFILE, _candidate(weekly_pattern=[{"day": "mon", "start": "18:00", "end": "20:00"}]),
                now=NOW, locale="de", labels={})
    full = rank(PROFILE, _candidate(), now=NOW, locale="de", labels={})

    assert full.score - half.score == pytest.approx(0.1, abs=1e-3)
    assert half.score - none.score == pytest.approx(0.1, abs=1e-3)
    assert "Samstagvormittag" in half.reasons and not any("abend" in r for r in none.reasons)


def test_flexible_offers_fit_anyone_without_naming_a_slot() -> None:
    ranking = rank(PROFILE, _candidate(commitment="flexible", weekly_pattern=None), now=NOW, locale="de", labels={})
    matching = rank(PROFILE, _candidate(), now=NOW, locale="de", labels={})

    assert ranking.score == matching.score
    assert ranking.reasons == ["1,2 km", "neu", "noch 2 Plätze frei"]


@pytest.mark.parametrize(("starts_at", "slot"), [
    (datetime(2027, 1, 16, 9, 30, tzinfo=UTC), ("sat", "morning")),  # 10:30 CET
    (datetime(2027, 1, 16, 10, 59, tzinfo=UTC), ("sat", "morning")),  # 11:59 CET
    (datetime(2027, 1, 16, 11, 0, tzinfo=UTC), ("sat", "afternoon")),  # 12:00 CET
    (datetime(2027, 7, 17, 10, 30, tzinfo=UTC), ("sat", "afternoon")),  # 12:30 CEST
    (datetime(2027, 7, 17, 15, 0, tzinfo=UTC), ("sat", "evening")),  # 17:00 CEST
    (datetime(2027, 1, 16, 23, 30, tzinfo=UTC), ("sun", "morning")),  # 00:30 CET, Sunday already
])
def test_a_one_off_offer_takes_the_slot_of_its_start_in_bielefeld(starts_at: datetime, slot: tuple) -> None:
    assert slots_of(offer_slots("one_off", starts_at, None)) == [slot]


@pytest.mark.parametrize(("start", "end", "parts"), [
    ("10:00", "12:00", ["morning"]),
    ("11:00", "13:00", ["morning", "afternoon"]),
    ("12:00", "17:00", ["afternoon"]),
    ("09:00", "20:00", ["morning", "afternoon", "evening"]),
    ("17:00", "23:59", ["evening"]),
])
def test_a_weekly_slot_covers_every_part_of_the_day_it_touches(start: str, end: str, parts: list[str]) -> None:
    mask = offer_slots("regular", None, [{"day": "tue", "start": start, "end": end}])

    assert slots_of(mask) == [("tue", part) for part in parts]


def test_offers_without_a_pattern_or_start_fit_any_time() -> None:
    assert offer_slots("flexible", None, None) is None
    assert offer_slots("regular", None, None) is None
    assert offer_slots("one_off", None, None) is None


def test_masks_and_slot_names_round_trip() -> None:
    slots = [("mon", "morning"), ("wed", "evening"), ("sun", "evening")]

    mask = mask_of(slots)

    assert slots_of(mask) == slots and mask == 1 | 1 << 8 | 1 << 20
    assert [slot_name(bit, "de") for bit in (0, 8, 20)] == ["Montagvormittag", "Mittwochabend", "Sonntagabend"]
    assert [slot_name(bit, "en") for bit in (0, 8, 20)] == ["Monday morning", "Wednesday evening", "Sunday evening"]


@pytest.mark.parametrize(("metres", "german", "english"), [
    (0, "0 m", "0 m"),
    (44, "40 m", "40 m"),
    (640, "640 m", "640 m"),
    (994.9, "990 m", "990 m"),
    (999.6, "1,0 km", "1.0 km"),
    (1234, "1,2 km", "1.2 km"),
    (9949, "9,9 km", "9.9 km"),
    (9960, "10 km", "10 km"),
    (42_499, "42 km", "42 km"),
])
def test_distances_read_naturally(metres: float, german: str, english: str) -> None:
    assert (format_distance(metres, "de"), format_distance(metres, "en")) == (german, english)


def test_places_left_in_both_languages() -> None:
    assert [format_places(n, "de") for n in (0, 1, 4)] == ["ausgebucht, Warteliste", "noch 1 Platz frei",
                                                            "noch 4 Plätze frei"]
    assert [format_places(n, "en") for n in (0, 1, 4)] == ["full, waiting list", "1 place left", "4 places left"]


def test_fresh_offers_are_new_and_freshness_halves_in_two_weeks() -> None:
    fresh = rank(PROFILE, _candidate(published_at=NOW), now=NOW, locale="de", labels={})
    older = rank(PROFILE, _candidate(published_at=NOW - timedelta(days=14)), now=NOW, locale="de", labels={})

    assert "neu" in fresh.reasons and "neu" not in older.reasons
    assert fresh.score - older.score == pytest.approx(0.1 * 0.5, abs=1e-3)


def test_a_full_offer_ranks_after_every_offer_with_a_place_left() -> None:
    full = rank(PROFILE, _candidate(distance_m=10, places_left=0), now=NOW, locale="de", labels={})
    poor = rank(PROFILE, _candidate(distance_m=9999, category_ids=(1,), places_left=None,
                                    published_at=NOW - timedelta(days=300)), now=NOW, locale="de", labels={})

    assert full.full and full.score > poor.score
    assert full.reasons[-1] == "ausgebucht, Warteliste"
    ordered = sorted([(score(PROFILE, _candidate(distance_m=10, places_left=0), now=NOW), 10.0, "a"),
                      (score(PROFILE, _candidate(distance_m=9999, category_ids=(1,), places_left=None,
                                                 published_at=NOW - timedelta(days=300)), now=NOW), 9999.0, "b")],
                     key=lambda entry: order_key(*entry))
    assert [entry[2] for entry in ordered] == ["b", "a"]


def test_remote_offers_are_neutral_on_distance() -> None:
    remote = rank(PROFILE, _candidate(distance_m=None), now=NOW, locale="de", labels=LABELS_DE)

    assert remote.reasons[:2] == ["Umwelt und Naturschutz", "ortsunabhängig"]
    assert remote.score == pytest.approx(
        rank(PROFILE, _candidate(distance_m=5000 * math.log(2)), now=NOW, locale="de", labels={}).score, abs=1e-3)
