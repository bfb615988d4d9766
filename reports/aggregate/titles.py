"""Finding codes as people name them (a short title in zh and en), and districts in pinyin order.

A finding's message speaks of one guard or one classroom ("张三：现年 57 周岁……"); the office
counts schools by code and needs a name for the code itself. Where the rule's message has no
placeholders it is that name; the codes whose messages carry values get a written title here.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from checklists.registry import builtin_checklists

# Titles for the codes whose messages quote values ({name}, {room}, counts).
WRITTEN_TITLES: dict[str, tuple[str, str]] = {
    "duplicate_person": ("保安员名册重复登记同一人", "The same guard listed twice"),
    "hired_after_reference_date": (
        "保安员入职日期晚于检查基准日",
        "Guard hired after the reference date",
    ),
    "duplicate_classroom": ("同一教室重复登记", "The same classroom listed twice"),
    "safety_meeting_not_this_school_year": (
        "本学年未召开学校安全工作会议",
        "No school safety meeting this school year",
    ),
    "natsec_activity_not_this_school_year": (
        "本学年未组织国家安全教育活动",
        "No national-security education activity this school year",
    ),
    "psych_parttime_count_mismatch": (
        "兼职心理教师人数与名册不一致",
        "Part-time psychology teacher count differs from the roster",
    ),
    "risk_review_insufficient": ("涉校风险隐患研判次数不足", "Too few risk reviews"),
    "guard_count_short": ("专职保安人数不足", "Too few full-time guards"),
    "patrols_insufficient": ("重点部位每日巡查次数不足", "Too few daily patrols"),
    "steel_forks_short": ("门卫室钢叉数量不足", "Too few steel forks at the gate"),
    "drowning_receipts_low": ("防溺水家长信回执率偏低", "Too few drowning-safety letters returned"),
    "canteen_sample_underweight": ("食品留样量不足", "Food samples too small"),
    "canteen_sample_time_short": ("食品留样时间不足", "Food samples kept too briefly"),
    "hazchem_ledger_mismatch": (
        "危化品台账与实物不符",
        "Chemicals ledger does not match the stock",
    ),
    "emergency_drills_insufficient": ("应急疏散演练次数不足", "Too few evacuation drills"),
    "evacuation_too_slow": ("疏散用时过长", "Evacuation too slow"),
    "fire_drill_overdue": ("消防演练超过半年未开展", "No fire drill for over six months"),
    "hazard_rectification_overdue": (
        "安全隐患超期未整改",
        "Safety hazards overdue for rectification",
    ),
    "psych_teacher_missing": ("未配备专职心理教师", "No full-time psychology teacher"),
    "psych_teacher_unlicensed": ("心理教师未持教师资格证", "Psychology teacher without a licence"),
    "psych_teacher_major_unrelated": (
        "专职心理教师专业不相关",
        "Psychology teacher's training unrelated",
    ),
    "parent_training_sessions_low": ("家长培训次数不足", "Too few parent-training sessions"),
    "parent_training_hours_low": ("家长培训学时不足", "Too few parent-training hours"),
    "desk_lux_low": ("课桌面照度不足", "Desk illuminance too low"),
    "desk_uniformity_low": ("课桌面照度均匀度不足", "Desk uniformity too low"),
    "board_lights_missing": ("未设专用黑板灯", "No blackboard lights"),
    "board_lux_low": ("黑板面照度不足", "Blackboard illuminance too low"),
    "board_uniformity_low": ("黑板面照度均匀度不足", "Blackboard uniformity too low"),
    "ugr_high": ("统一眩光值过高", "Glare (UGR) too high"),
    "cct_out_of_range": ("相关色温超出范围", "Colour temperature out of range"),
    "ra_low": ("显色指数偏低", "Colour rendering (Ra) too low"),
    "lpd_high": ("照明功率密度过高", "Lighting power density too high"),
    "mount_height_low": ("灯具安装高度偏低", "Luminaires mounted too low"),
    "lamp_orientation_wrong": ("灯管方向不当或有裸灯", "Lamps badly oriented or bare"),
    "lighting_test_report_missing": ("无第三方照明检测报告", "No third-party lighting test report"),
    "vision_checks_insufficient": ("学生视力监测次数不足", "Too few vision checks"),
    "invalid_id_number": ("保安员身份证号码无效", "Guard's ID number not valid"),
    "birth_date_unknown": ("保安员出生日期无法确定", "Guard's birth date unknown"),
    "birth_date_implausible": ("保安员出生日期不合理", "Guard's birth date implausible"),
    "new_hire_over_45": ("新入职保安员超过45周岁", "New guard hired over 45"),
    "over_55_on_post": ("超过55周岁仍在保安岗位", "Guard over 55 still on post"),
    "assessment_missing": ("45至55周岁保安员未经考核", "Guard aged 45–55 not assessed"),
    "assessment_failed_on_post": ("考核不达标仍在保安岗位", "Guard failed assessment, on post"),
    "assessment_not_current": (
        "45至55周岁保安员一年内未经考核",
        "Guard aged 45–55 not assessed within a year",
    ),
    "assessment_failed_still_on_post": (
        "考核不合格仍在保安岗位",
        "Guard failed assessment, still on post",
    ),
    "guard_count_below_required": ("专职保安人数不足", "Too few full-time guards"),
    "guard_count_roster_mismatch": ("保安人数与名册不一致", "Guard count differs from the roster"),
    "fire_drill_over_six_months": (
        "消防演练间隔超过六个月",
        "Fire drills more than six months apart",
    ),
    "fulltime_psych_teacher_missing": ("未配备专职心理教师", "No full-time psychology teacher"),
    "psych_teacher_count_mismatch": (
        "心理教师人数与名册不一致",
        "Psychology teacher count differs from the roster",
    ),
    "psych_fulltime_teaches_other_subject": (
        "专职心理教师兼任其他学科",
        "Full-time psychology teacher teaches another subject",
    ),
    "vision_checks_term_insufficient": (
        "每学期视力监测不足两次",
        "Fewer than two vision checks this term",
    ),
    "guard_licence_missing": ("在岗保安员未登记保安员证", "Guard on post without a licence"),
    "id_birth_date_mismatch": ("出生日期与身份证号码不符", "Birth date differs from the ID number"),
}
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


@lru_cache(maxsize=1024)
def finding_title(checklist: str, code: str, lang: str = "zh") -> str:
    """The short name of finding ``code`` in ``lang``; the code itself when the app has no rule
    of that name (e.g. a checklist version it does not know)."""
    pair = WRITTEN_TITLES.get(code) or _from_message(checklist, code)
    if pair is None:
        return code
    return pair[1] if lang == "en" else pair[0]


def _from_message(checklist: str, code: str) -> tuple[str, str] | None:
    known = builtin_checklists().get(checklist)
    if known is None:
        return None
    for _, _, rule in known.rules():
        if rule.code == code:
            zh, en = rule.message.zh, rule.message.en
            if _PLACEHOLDER.search(zh) or _PLACEHOLDER.search(en):
                return None  # a message with values is no title (and has a written one)
            return _first_clause(zh, "："), _first_clause(en, ": ")
    return None


def _first_clause(text: str, stop: str) -> str:
    return text.split(stop, 1)[0].strip().rstrip("。.")


# Readings of place names that differ from a character's most common one (长安 Cháng'ān,
# 麻涌 Máchōng); pypinyin's phrase dictionary knows them, but costs seconds to load.
PLACE_READINGS = {"长": "cháng", "涌": "chōng", "藏": "zàng", "会": "huì", "番": "pān"}


@lru_cache(maxsize=4096)
def district_key(district: str) -> tuple[int, tuple[tuple[str, int], ...], str]:
    """Sort key putting districts in pinyin order (道滘 dao before 东城 dong), blanks last."""
    if not district:
        return (1, (), "")
    return (0, tuple(_syllable(ch) for ch in district), district)


def _syllable(ch: str) -> tuple[str, int]:
    """(letters, tone) of a character's reading; characters without one sort by themselves."""
    reading = PLACE_READINGS.get(ch) or character_reading(ch)
    if not reading:
        return (ch, 0)
    tone = 5
    letters = []
    for part in unicodedata.normalize("NFD", reading):
        if part in _TONE_MARKS:
            tone = _TONE_MARKS[part]
        else:
            letters.append(part)
    return ("".join(letters).replace("ü", "v"), tone)


_TONE_MARKS = {"̄": 1, "́": 2, "̌": 3, "̀": 4}


def character_reading(ch: str) -> str:
    """pypinyin's first reading of the character ``ch`` ("" when it has none), looked up in
    its data file when asked for (a summary needs a few dozen of its 42,000 characters: making
    them all took longer than the rest of a small summary)."""
    code = ord(ch)
    found = _searched_reading(code)
    if found is None:
        table, keyed_by_text = _reading_table()
        found = table.get(str(code) if keyed_by_text else code)
    return found.split(",", 1)[0] if isinstance(found, str) else ""


def _searched_reading(code: int) -> str | None:
    """The readings of the code point ``code`` found by halving pypinyin's data file (a line
    ``"36947": "dào,dǎo",`` per character, in code point order); None when not found so (a
    character the file lacks, or a file in another order or form: the whole table decides)."""
    data = _reading_file_bytes()
    lo, hi = 0, len(data)
    while lo < hi:
        mid = (lo + hi) // 2
        start = data.rfind(b"\n", 0, mid) + 1  # the line holding ``mid``
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        entry = _entry(data[start:end])
        if entry is None:
            return None
        if entry[0] == code:
            return entry[1]
        if entry[0] < code:
            lo = end + 1
        else:
            hi = start
    return None


def _entry(line: bytes) -> tuple[int, str] | None:
    """(code point, readings) of a line of pypinyin's data file; None for any other line."""
    key, sep, rest = line.strip().partition(b'": "')
    rest = rest.removesuffix(b",")
    if not (sep and key[:1] == b'"' and key[1:].isdigit() and rest[-1:] == b'"'):
        return None
    value = rest[:-1]
    if b'"' in value or b"\\" in value:
        return None
    try:
        return int(key[1:]), value.decode("utf-8")
    except UnicodeDecodeError:
        return None


@lru_cache(maxsize=1)
def _reading_file_bytes() -> bytes:
    """pypinyin's data file as it is (b"" without one)."""
    path = _reading_file()
    try:
        return path.read_bytes() if path is not None else b""
    except OSError:
        return b""


def _reading_file() -> Path | None:
    spec = importlib.util.find_spec("pypinyin")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        path = Path(folder) / "pinyin_dict.json"
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=1)
def _reading_table() -> tuple[dict[Any, Any], bool]:
    """pypinyin's character readings (a code point → its readings, comma-separated) and whether
    the code points are written as text, read from its data file alone: importing pypinyin
    itself loads a phrase dictionary that takes seconds."""
    path = _reading_file()
    if path is not None:
        return json.loads(path.read_text(encoding="utf-8")), True
    from pypinyin.pinyin_dict import pinyin_dict  # e.g. a frozen build without the data file

    return pinyin_dict, False
