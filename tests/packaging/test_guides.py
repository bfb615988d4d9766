"""The user guides and their pictures: every picture shown exists, is made by tools/screenshots.py
and is used."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

DOCS = ROOT / "docs"
GUIDES = (DOCS / "user-guide.md", DOCS / "office-guide.md")
ENGLISH = DOCS / "user-guide.en.md"  # the user guide in English, with images/en/<shot>-en.png
IMAGE = re.compile(r"!\[[^\]]*\]\((images/[^)]+)\)")


def _shown() -> set[str]:
    return {m for guide in GUIDES for m in IMAGE.findall(guide.read_text(encoding="utf-8"))}


def _shot_names() -> set[str]:
    tree = ast.parse((ROOT / "tools" / "screenshots.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "SHOTS":
            assert isinstance(node.value, ast.Dict)
            return {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    raise AssertionError("no SHOTS in tools/screenshots.py")


def test_every_picture_shown_exists() -> None:
    missing = sorted(p for p in _shown() if not (DOCS / p).is_file())
    assert missing == []


def test_every_picture_is_made_by_the_script_and_used() -> None:
    made = {f"images/{name}.png" for name in _shot_names()}
    on_disk = {f"images/{p.name}" for p in (DOCS / "images").glob("*.png")}
    assert on_disk == made  # nothing hand-made or left over
    assert _shown() == made  # every picture the script makes appears in a guide


def test_the_english_guide_is_complete_with_english_pictures() -> None:
    """Every section and every picture of the Chinese guide, in English (not a summary)."""
    chinese = GUIDES[0].read_text(encoding="utf-8")
    english = ENGLISH.read_text(encoding="utf-8")
    heading = re.compile(r"^(#{2,3}) ", re.MULTILINE)
    assert len(heading.findall(english)) == len(heading.findall(chinese))
    expected = {
        p.replace("images/", "images/en/").replace(".png", "-en.png")
        for p in IMAGE.findall(chinese)
    }
    shown = set(IMAGE.findall(english))
    assert shown == expected
    missing = sorted(p for p in shown if not (DOCS / p).is_file())
    assert missing == []
    # English runs to about 2.5–3 times the characters of the same Chinese text: a summary
    # would be far shorter.
    assert len(english) > 2.2 * len(chinese)
    assert not re.search(r"[\u4e00-\u9fff]{6,}", re.sub(r"`[^`]*`|\"[^\"]*\"", "", english))
    for title in ("School safety", "Mental-health education and psychology teachers",
                  "Classroom lighting and myopia prevention", "School security guards"):  # fmt: skip
        assert re.search(rf"^### .*{title}", english, re.MULTILINE), title


def test_guides_are_chinese_and_cover_the_brief() -> None:
    user = GUIDES[0].read_text(encoding="utf-8")
    for topic in ("安装", "第一次启动", "学校安全工作", "心理健康教育", "教室照明", "保安队伍",
                  "从 Excel 导入", "签名", "督导室", "备份"):  # fmt: skip
        assert topic in user, topic
    office = GUIDES[1].read_text(encoding="utf-8")
    for topic in ("信任", "指纹", "汇总", "被拒文件"):
        assert topic in office, topic
