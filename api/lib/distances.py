"""A distance as people read it, the same in the "for you" reasons (api/domain/volunteers/ranking.py) and in
a new offer's notification (api/domain/push/notifications.py)."""

from __future__ import annotations


def format_distance(distance_m: float, locale: str) -> str:
    """"850 m", "1,2 km" / "1.2 km", "12 km": metres to 10 m below a kilometre, then one decimal below ten."""
    metres = int(round(distance_m, -1))
    if metres < 1000:
        return f"{metres} m"
    kilometres = distance_m / 1000
    text = f"{kilometres:.1f}" if round(kilometres, 1) < 10 else f"{kilometres:.0f}"
    return f"{text.replace('.', ',') if locale != 'en' else text} km"
