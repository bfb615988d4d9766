"""A full XLSForm fixture: every supported type, groups, a repeat, translations and rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.checklists.xlsform.helpers import EN, SETTINGS, YES_NO, ZH, form, group, q

CM_ZH, CM_EN = "constraint_message::中文 (zh)", "constraint_message::English (en)"

CHOICES: list[dict[str, Any]] = [
    *YES_NO,
    {"list_name": "yes_no_na", "name": "yes", ZH: "是", EN: "Yes"},
    {"list_name": "yes_no_na", "name": "no", ZH: "否", EN: "No"},
    {"list_name": "yes_no_na", "name": "na", ZH: "不适用", EN: "Not applicable"},
    {"list_name": "tf", "name": "true", ZH: "对", EN: "True"},
    {"list_name": "tf", "name": "false", ZH: "错", EN: "False"},
    {"list_name": "provider", "name": "company", ZH: "保安公司", EN: "Company"},
    {"list_name": "provider", "name": "self", ZH: "自招", EN: "Self-recruited"},
    {"list_name": "topics", "name": "fire", ZH: "消防", EN: "Fire"},
    {"list_name": "topics", "name": "drowning", ZH: "防溺水", EN: "Drowning"},
    {"list_name": "topics", "name": "traffic", ZH: "交通", EN: "Traffic"},
]
CONSTANTS: list[dict[str, Any]] = [
    {"name": "min_guards", "value": 2},
    {"name": "ratio", "value": 0.5},
    {"name": "rule_from", "value": date(2021, 1, 1)},
    {"name": "stage_name", "value": "primary"},
    {"name": "strict", "value": True},
]


def full_survey() -> list[dict[str, Any]]:
    """Survey rows using every supported feature (see test_xlsform_load for the expectations)."""
    basics = group(
        "basics",
        q(
            "text",
            "school_contact",
            "联系人",
            "Contact",
            required="yes",
            **{
                "hint::中文 (zh)": "填写姓名",
                "hint::English (en)": "Write the name",
                "standard::中文 (zh)": "GB 1-2000",
                "standard::English (en)": "GB 1-2000 (en)",
            },
        ),
        q(
            "integer",
            "guards_count",
            "保安人数",
            "Guards",
            required="yes",
            unit="人",
            min=0,
            max=50,
            constraint=". <= 50",
            **{
                CM_ZH: "不超过50",
                CM_EN: "At most 50",
                "rule_2": "guards_too_few",
                "constraint_2": ". >= ${min_guards}",
                "constraint_message_2::中文 (zh)": "保安不足",
                "constraint_message_2::English (en)": "Too few guards",
                "severity_2": "major",
            },
        ),
        q("decimal", "area", "面积", "Area", default=12.5),
        q(
            "date",
            "last_drill",
            "演练日期",
            "Drill date",
            constraint=". <= today()",
            **{CM_ZH: "不能晚于基准日", CM_EN: "Not after the reference date"},
        ),
        q(
            "select_one yes_no",
            "has_plan",
            "有预案",
            "Has a plan",
            clause="第72、75条",
            required="yes",
            rule="plan_missing",
            constraint=". = 'yes'",
            severity="major",
            explainable="yes",
            rule_clause=72,
            **{CM_ZH: "无预案", CM_EN: "No plan"},
        ),
        q(
            "select_one yes_no_na",
            "pool_fenced",
            "泳池围栏",
            "Pool fenced",
            relevant="${has_plan} = 'yes'",
            default="na",
        ),
        q("select_one tf", "trained", "已培训", "Trained", relevant="selected(${has_plan}, 'yes')"),
        q("select_one provider", "guard_provider", "保安来源", "Guard provider"),
        q(
            "select_multiple topics",
            "covered_topics",
            "教育主题",
            "Topics",
            constraint="count-selected(.) >= 1",
            default="fire traffic",
            **{CM_ZH: "至少一项", CM_EN: "At least one"},
        ),
        {
            "type": "calculate",
            "name": "guards_needed",
            "clause": 75,
            "value_type": "integer",
            "unit": "人",
            "calculation": "if(${school.enrollment} < 1000, ${min_guards}, 3)",
        },
        q("calculate", "half_guards", "一半", "Half", calculation="${guards_count} div 2"),
        q("image", "gate_photo", "门岗照片", "Gate photo"),
        q("file", "plan_file", "预案文件", "Plan file"),
        q("text", "principal_id", "校长身份证", "Principal ID", appearance="id_number"),
        {"type": "begin_group", "name": "details", ZH: "细节", EN: "Details"},
        q("text", "remarks", "备注", "Remarks", appearance="multiline"),
        {"type": "end_group"},
    )
    roster = group(
        "roster",
        q(
            "begin_repeat",
            "guards",
            "保安名册",
            "Guard roster",
            required="yes",
            rule="guard_too_old",
            constraint="not(${on_post} = 'yes' and ${age} >= 56)",
            severity="major",
            **{CM_ZH: "{name}：超龄", CM_EN: "{name}: too old"},
        ),
        q("text", "name", "姓名", "Name", clause=None, required="yes"),
        q("text", "id_number", "身份证", "ID", clause=None, appearance="id_number"),
        q("date", "birth", "出生日期", "Birth date", clause=None),
        q("select_one yes_no", "on_post", "在岗", "On post", clause=None, default="yes"),
        q(
            "calculate",
            "age",
            "年龄",
            "Age",
            clause=None,
            value_type="integer",
            calculation="age(${birth}, today())",
        ),
        q(
            "integer",
            "hours",
            "培训学时",
            "Training hours",
            clause=None,
            rule="hours_low",
            constraint=". >= 10",
            severity="minor",
            **{CM_ZH: "{name}：学时不足", CM_EN: "{name}: too few hours"},
        ),
        {"type": "end_repeat"},
    )
    intro = q("note", "intro", "说明", "Introduction", clause=72)
    return [intro, *basics, *roster]


def full_settings() -> dict[str, Any]:
    """Settings with a description, the default language and source clauses."""
    return {
        **SETTINGS,
        "default_language": "中文 (zh)",
        "description::中文 (zh)": "用于测试",
        "description::English (en)": "For tests",
        "source_clauses": "第72、75条",
    }


def full_form() -> bytes:
    """The full fixture workbook."""
    return form(full_survey(), CHOICES, full_settings(), CONSTANTS)
