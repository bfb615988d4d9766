"""School terms: the default period name and reference date of a new self-check (Qt-free).

The spring term (春季学期) runs February–July and ends on 31 July; the autumn term (秋季学期)
runs August–January and ends on 31 January of the next year.
"""

from __future__ import annotations

from datetime import date


def current_term(today: date, lang: str = "zh") -> tuple[str, date]:
    """(period name, last day of the term) for the term ``today`` falls in."""
    if 2 <= today.month <= 7:
        year, end = today.year, date(today.year, 7, 31)
        return (f"{year}年春季学期" if lang == "zh" else f"Spring term {year}"), end
    year = today.year if today.month >= 8 else today.year - 1
    end = date(year + 1, 1, 31)
    return (f"{year}年秋季学期" if lang == "zh" else f"Autumn term {year}"), end
