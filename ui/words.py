"""Words the app screens share: stages, assessment statuses, item states, dates and times."""

from __future__ import annotations

from datetime import date, datetime

from ui.shell.i18n import current_language, translate


def stage_text(stage: str) -> str:
    """The name of a school stage (学段) in the UI language."""
    words = {
        "kindergarten": translate("Words", "幼儿园"),
        "primary": translate("Words", "小学"),
        "junior": translate("Words", "初中"),
        "senior": translate("Words", "高中"),
        "complete_middle": translate("Words", "完全中学"),
        "nine_year": translate("Words", "九年一贯制学校"),
        "twelve_year": translate("Words", "十二年一贯制学校"),
        "vocational": translate("Words", "中等职业学校"),
        "special": translate("Words", "特殊教育学校"),
    }
    return words.get(stage, stage)


def assessment_status_text(status: str) -> str:
    """草稿 / 已完成 / 已签名."""
    words = {
        "draft": translate("Words", "草稿"),
        "completed": translate("Words", "已完成"),
        "signed": translate("Words", "已签名"),
    }
    return words.get(status, status)


def item_status_text(status: str) -> str:
    """The verdict on an item in words."""
    words = {
        "pass": translate("Words", "符合"),
        "fail": translate("Words", "不符合"),
        "not_applicable": translate("Words", "不适用"),
        "unanswered": translate("Words", "未填写"),
        "invalid": translate("Words", "填写有误"),
        "incomplete": translate("Words", "无法判定（缺少数据）"),
    }
    return words.get(status, status)


def skipped_text() -> str:
    """An item an earlier answer made irrelevant."""
    return translate("Words", "不适用（根据前面的回答）")


def severity_word(severity: str) -> str:
    """严重 / 较重 / 一般 (the words of the findings panel)."""
    words = {
        "critical": translate("CampusWords", "严重"),
        "major": translate("CampusWords", "较重"),
        "minor": translate("CampusWords", "一般"),
    }
    return words.get(severity, severity)


def clause_word(number: int) -> str:
    """第N条 / Item N of the work plan."""
    return translate("CampusWords", "第%1条").replace("%1", str(number))


def format_date(value: date | None) -> str:
    """A date as people read it: 2021年12月31日 / 2021-12-31."""
    if value is None:
        return ""
    if current_language() == "en":
        return value.isoformat()
    return f"{value.year}年{value.month}月{value.day}日"


def format_time(value: datetime) -> str:
    """hh:mm:ss."""
    return value.strftime("%H:%M:%S")


def format_percent(value: float) -> str:
    """A progress figure: 87% / 87.5%."""
    return f"{value:.0f}%" if float(value).is_integer() else f"{value:.1f}%"
