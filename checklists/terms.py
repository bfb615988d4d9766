"""The words for the engine's codes, in Chinese and English: the one vocabulary of every surface.

A school reads the same word for the same verdict on the screen, in the report, in the Excel
copy, on the command line and in the office's summary: the UI (ui/words.py), the CLI, the PDF,
the Excel export and the office's summary all take their words from here
(tests/test_vocabulary.py holds them to it).
"""

from __future__ import annotations

from collections.abc import Iterable

Words = dict[str, tuple[str, str]]  # code → (zh, en)

NO_CLAUSE = ("未注明条款", "no clause given")  # an item or rule citing no plan clause
SEVERITY: Words = {
    "critical": ("严重", "Critical"),
    "major": ("较重", "Major"),
    "minor": ("一般", "Minor"),
}
CHECKLIST_STATUS: Words = {
    "compliant": ("达标", "Compliant"),
    "non_compliant": ("不达标", "Non-compliant"),
    "incomplete": ("未完成", "Incomplete"),
}
ITEM_STATUS: Words = {
    "pass": ("符合", "Pass"),
    "fail": ("不符合", "Fail"),
    "not_applicable": ("不适用", "N/A"),
    "unanswered": ("未填写", "Unanswered"),
    "invalid": ("填写有误", "Invalid"),
    "incomplete": ("无法判定（缺少数据）", "Cannot be judged (data missing)"),
}
# The one name of the share of judged items that pass, on every surface.
COMPLIANCE_WORD = ("符合率", "Compliance rate")
COMPLIANCE_DEFINITION = (
    "符合率 = 符合的项 ÷ 已判定（符合 + 不符合）的项；未填写、缺少数据、填写有误和不适用的项不计入",
    "Compliance rate = items passed ÷ items judged (passed + failed); unanswered, incomplete, "
    "invalid and not-applicable items are left out",
)
# Where a self-check stands: being filled in, marked done, or signed (then read-only).
ASSESSMENT_STATUS: Words = {
    "draft": ("草稿", "Draft"),
    "completed": ("已完成", "Completed"),
    "signed": ("已签名", "Signed"),
}
RECTIFICATION_STATUS: Words = {
    "open": ("未开始", "Open"),
    "in_progress": ("整改中", "In progress"),
    "done": ("已完成", "Done"),
}
# A finding without a rectification plan (the UI's word too): not "未开始", which is a plan's status.
NO_RECTIFICATION = ("未制定", "No plan yet")
STAGE: Words = {
    "kindergarten": ("幼儿园", "Kindergarten"),
    "primary": ("小学", "Primary school"),
    "junior": ("初级中学", "Junior middle school"),
    "senior": ("高级中学", "Senior middle school"),
    "complete_middle": ("完全中学", "Complete middle school"),
    "nine_year": ("九年一贯制学校", "Nine-year school"),
    "twelve_year": ("十二年一贯制学校", "Twelve-year school"),
    "vocational": ("中等职业学校", "Vocational school"),
    "special": ("特殊教育学校", "Special-education school"),
}


def t(lang: str, zh: str, en: str) -> str:
    """Pick the text for ``lang`` ("zh" or "en")."""
    return en if lang == "en" else zh


def term(words: Words, code: str, lang: str = "zh") -> str:
    """The word for ``code`` in ``lang`` (the code itself when unknown)."""
    pair = words.get(code)
    if pair is None:
        return code
    return t(lang, *pair)


def clause_text(number: int, lang: str = "zh") -> str:
    """One plan clause as people cite it: 第75条 / item 75."""
    return t(lang, f"第{number}条", f"item {number}")


def clauses_text(clauses: Iterable[int], lang: str = "zh") -> str:
    """Plan clauses as people cite them: 第75条、第77条 / items 75, 77; 未注明条款 for none."""
    numbers = list(clauses)
    if not numbers:
        return t(lang, *NO_CLAUSE)
    if lang == "en":
        return ("item " if len(numbers) == 1 else "items ") + ", ".join(str(n) for n in numbers)
    return "、".join(f"第{n}条" for n in numbers)
