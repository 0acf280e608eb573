"""The places the API knows by itself: Bielefeld's ten Stadtbezirke and the German postcodes with their
centre points (data/postcodes-de.csv; source and licence in data/README.md). Both are read once per process."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from api.domain.places.schemas import PlacePublic

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def normalise(text: str) -> str:
    """The form names are compared in: case-folded, umlauts spelt out ("jöll" and "Joell" both become "joell"),
    other accents dropped, runs of white space made one space."""
    folded = text.casefold().translate(_UMLAUTS)
    stripped = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return " ".join(stripped.split())


@dataclass(frozen=True, slots=True)
class District:
    name: str
    lat: float
    lon: float

    def public(self) -> PlacePublic:
        return PlacePublic(kind="district", label=self.name, district=self.name, lat=self.lat, lon=self.lon)


# The ten Stadtbezirke, each with a central point where a search starts (the app's list follows this one).
DISTRICTS: tuple[District, ...] = (
    District("Mitte", 52.0215, 8.5325),
    District("Schildesche", 52.05, 8.515),
    District("Gadderbaum", 52.005, 8.508),
    District("Brackwede", 51.995, 8.498),
    District("Dornberg", 52.04, 8.46),
    District("Jöllenbeck", 52.095, 8.515),
    District("Heepen", 52.038, 8.61),
    District("Stieghorst", 52.005, 8.6),
    District("Sennestadt", 51.945, 8.59),
    District("Senne", 51.955, 8.52),
)


@dataclass(frozen=True, slots=True)
class Postcode:
    code: str
    name: str
    lat: float
    lon: float

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}" if self.name else self.code

    def public(self) -> PlacePublic:
        return PlacePublic(kind="postcode", label=self.label, postcode=self.code, lat=self.lat, lon=self.lon)


@cache
def postcodes() -> tuple[Postcode, ...]:
    text = files("api.domain.places").joinpath("data/postcodes-de.csv").read_text(encoding="utf-8")
    return tuple(
        Postcode(row["postcode"], row["name"], float(row["lat"]), float(row["lon"]))
        for row in csv.DictReader(io.StringIO(text))
    )


def district_named(text: str) -> District | None:
    """The district whose name occurs in `text` (a geocoder's suburb or city district), if any."""
    found = normalise(text)
    # Longest name first: "Sennestadt" contains "Senne".
    return next((d for d in sorted(DISTRICTS, key=lambda d: -len(d.name)) if normalise(d.name) in found), None)
