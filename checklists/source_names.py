"""Help texts for people: the research tags of the definitions (S19, V, I, R) in plain words.

The definitions cite their sources as the reference list does (``S19`` = row 19 of the list
behind the checklists, ``V`` verified, ``I`` this project's interpretation, ``R`` not re-checked).
People read the plan clause and "本项目的解释" instead.
"""

from __future__ import annotations

import re

# Reference row S<n> → the work-plan clause it comes from.
S_CLAUSE = {
    1: 72, 2: 72, 3: 73, 4: 74, 5: 74, 6: 74, 7: 74, 8: 75, 9: 75, 10: 75, 11: 75, 12: 75,
    13: 75, 14: 76, 15: 77, 16: 77, 17: 77, 18: 77, 19: 77, 20: 77, 21: 78, 22: 79, 23: 79,
    24: 79, 25: 79, 26: 79, 27: 79, 28: 79, 29: 80, 30: 80, 31: 81, 32: 81, 33: 81, 34: 81,
    35: 81, 36: 81,
}  # fmt: skip

_S = r"S(\d{1,2})(?:[–-]S?\d{1,2})?"
_ZH_RULES: tuple[tuple[str, str], ...] = (
    (rf"(第(\d+)条)[（(]{_S}[）)]", r"\1"),  # 第72条（S1） → 第72条
    (r"解释\s*I\b", "本项目的解释"),
    (r"解释[（(]I[）)]", "解释"),
    (r"[（(]I[）)]", "（本项目的解释）"),
    (r"[（(]R[）)]", "（未经核实）"),
    (r"[（(]V[）)]", ""),
    (r"[（(]V[，,]\s*", "（"),
    (r"\bV\s*(?=新闻|二手|转述)", ""),
    (r"，\s*V\b", ""),
    (r"(条款号|法条号)(为)?\s*R", r"\1未经核实"),
    (r"[（(]R[，,]\s*", "（未经核实，"),
)
_EN_RULES: tuple[tuple[str, str], ...] = (
    (rf"(item (\d+)) \({_S}\)", r"\1"),
    (r"interpretation \(I\)", "interpretation"),
    (r"\(I\)", "(this project's interpretation)"),
    (r"\(R\)", "(not verified)"),
    (r"\s?\(V\)", ""),
    (r"\bV,\s*via", "via"),
    (r"\((Article|article) numbers? R\b", r"(\1 number not verified"),
    (r"(article|number|article number) R\b", r"\1 not verified"),
    (r"\(R,\s*", "(not verified, "),
)


def _clause(match: re.Match[str], lang: str) -> str:
    clause = S_CLAUSE.get(int(match.group(1)))
    if clause is None:
        return "工作要点" if lang == "zh" else "the work plan"
    return f"工作要点第{clause}条" if lang == "zh" else f"work plan item {clause}"


def human_sources(text: str, lang: str = "zh") -> str:
    """``text`` with reference codes and research tags replaced by words people read."""
    for pattern, repl in _ZH_RULES if lang == "zh" else _EN_RULES:
        text = re.sub(pattern, repl, text)
    text = re.sub(rf"\b{_S}\b", lambda m: _clause(m, lang), text)
    return re.sub(r"[（(]\s*[）)]", "", text)
