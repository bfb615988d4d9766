"""Fixed lighting (第21条) and psychology (第17条) rules at their exact boundaries."""

from __future__ import annotations

from typing import Any

import pytest

from tests.checklists.helpers import evaluate

LIGHT_CODES = {
    "desk_lux_low", "desk_uniformity_low", "board_lights_missing", "board_lux_low",
    "board_uniformity_low", "ugr_high", "cct_out_of_range", "ra_low",
}  # fmt: skip


# The readings of GB 7793-2010 §5.2/§5.3 are required columns since lighting v2 (standards.md:
# "a classroom row without its readings" is incomplete); a compliant base row isolates one value.
GOOD_ROOM = {
    "desk_lux": 320,
    "desk_uniformity": 0.75,
    "board_lights": True,
    "board_lux": 520,
    "board_uniformity": 0.85,
}


def room_codes(**cells: Any) -> list[str]:
    row = {"room": "三(2)班", **GOOD_ROOM, **cells}
    result = evaluate("lighting", {"classrooms": [row]})
    return [f.code for f in result.findings if f.code in LIGHT_CODES]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"desk_lux": 299.9}, ["desk_lux_low"]),
        ({"desk_lux": 300}, []),
        ({"desk_uniformity": 0.69}, ["desk_uniformity_low"]),
        ({"desk_uniformity": 0.7}, []),
        ({"board_lights": False}, ["board_lights_missing"]),
        ({"board_lights": True}, []),
        ({"board_lux": 499}, ["board_lux_low"]),
        ({"board_lux": 500}, []),
        ({"board_uniformity": 0.79}, ["board_uniformity_low"]),
        ({"board_uniformity": 0.8}, []),
        ({"ugr": 19}, []),
        ({"ugr": 19.1}, ["ugr_high"]),
        ({"cct": 3299}, ["cct_out_of_range"]),
        ({"cct": 3300}, []),
        ({"cct": 5500}, []),
        ({"cct": 5501}, ["cct_out_of_range"]),
        ({"ra": 79}, ["ra_low"]),
        ({"ra": 80}, []),
        ({}, []),  # the required readings only: no finding
    ],
)
def test_lighting_thresholds(cells: dict[str, Any], expected: list[str]) -> None:
    assert room_codes(**cells) == expected


def test_lighting_finding_names_room_value_and_cell() -> None:
    rooms = [
        {"room": "A", **GOOD_ROOM, "desk_lux": 400},
        {"room": "五(1)班", **GOOD_ROOM, "desk_lux": 280},
    ]
    result = evaluate("lighting", {"classrooms": rooms})
    finding = next(f for f in result.findings if f.code == "desk_lux_low")
    assert finding.row == 1 and finding.columns == ("desk_lux",)
    assert "五(1)班" in finding.message.zh and "280" in finding.message.zh
    assert finding.clauses == (21,)


PSYCH_STAGES = ["junior", "senior", "complete_middle", "nine_year", "twelve_year"]


@pytest.mark.parametrize(
    ("stage", "enrollment", "teachers", "expected"),
    [
        ("primary", 1199, 0, False),
        ("primary", 1200, 0, True),
        ("primary", 1200, 1, False),
        ("primary", 5000, 0, True),
        *[(s, 999, 0, False) for s in PSYCH_STAGES],
        *[(s, 1000, 0, True) for s in PSYCH_STAGES],
        *[(s, 1000, 2, False) for s in PSYCH_STAGES],
        ("kindergarten", 3000, 0, False),
        ("vocational", 3000, 0, False),
        ("special", 3000, 0, False),
    ],
)
def test_psych_teacher_missing(stage: str, enrollment: int, teachers: int, expected: bool) -> None:
    result = evaluate(
        "psychology", {"fulltime_psych_teachers": teachers}, stage=stage, enrollment=enrollment
    )
    # New code since psychology v2: the verdict uses the roster when filled in and the
    # enrolment by part (standards.md "Counts and rosters agree", "Scope by stage").
    found = [f for f in result.findings if f.code == "fulltime_psych_teacher_missing"]
    assert bool(found) is expected
    if found:
        assert 17 in found[0].clauses and "55" in found[0].message.zh


def test_psych_unanswered_gives_no_finding_and_counts_as_unanswered() -> None:
    result = evaluate("psychology", {}, enrollment=2000)
    assert "fulltime_psych_teacher_missing" not in [f.code for f in result.findings]
    assert result.item("fulltime_psych_teachers").status == "unanswered"
