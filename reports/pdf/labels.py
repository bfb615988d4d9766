"""Every fixed text of the PDF report in Chinese and English, and how values read in each."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from checklists.idnumber import mask_id_number, mask_ids_in
from checklists.model import Item
from checklists.terms import ITEM_STATUS

# key → (zh, en). Data (school names, answers) is shown as entered; only these labels change.
LABELS: dict[str, tuple[str, str]] = {
    "report_title": ("学校自查报告", "School Self-Check Report"),
    "report_subtitle": (
        "依据东莞市教育局2021年工作要点",
        "Based on the Dongguan Education Bureau's 2021 work plan",
    ),
    "school": ("学校", "School"),
    "school_code": ("学校代码", "School code"),
    "district": ("所属镇街", "District"),
    "stage": ("学段", "Stage"),
    "enrollment": ("在校学生数", "Students enrolled"),
    "enrollment_parts": ("分学部在校生", "Enrolment by part"),
    "enrollment_parts_value": (
        "小学部 {primary} 人，中学部 {secondary} 人",
        "primary {primary}, secondary {secondary}",
    ),
    "period": ("检查周期", "Period"),
    "reference_date": ("检查基准日", "Reference date"),
    "generated_at": ("生成时间", "Generated at"),
    "report_id": ("报告编号", "Report ID"),
    "app_version": ("软件版本", "Software version"),
    "qr_caption": (
        "二维码：报告编号与答案数据的 SHA-256 摘要",
        "QR code: report ID and the SHA-256 of the answers data",
    ),
    "embedded_note": (
        "本报告内嵌答案数据（answers.json）、评估结果（results.json）和报告信息（report_meta.json，"
        "含修订号与修改记录链的末端），督导部门可直接读取并据答案重新评估，无需重新录入。"
        "内嵌数据不含完整身份证号码：只有前 6 位地区码，以及号码所含的出生日期、性别和号码是否有效。",
        "This report embeds the answers (answers.json), the evaluation results (results.json) and "
        "the report facts (report_meta.json, with the revision number and the head of the change "
        "history), so the office can read them and re-evaluate the answers without retyping. "
        "The embedded data holds no full ID number: only its first 6 digits (the region), and the "
        "birth date, sex and validity the number encodes.",
    ),
    "summary": ("总体情况", "Summary"),
    "checklist": ("检查清单", "Checklist"),
    "items": ("检查项", "Items"),
    "answered": ("已判定", "Judged"),
    "passed": ("符合", "Passed"),
    "failed": ("不符合", "Failed"),
    "not_applicable": ("不适用", "N/A"),
    "unanswered": ("未填写", "Unanswered"),
    "compliance": ("符合率", "Compliance"),
    "status": ("结论", "Status"),
    "total": ("合计", "Total"),
    "chart_title": ("各清单符合率（%）", "Compliance by checklist (%)"),
    "findings_by_severity": ("问题数（按严重程度）", "Findings by severity"),
    "findings": ("发现的问题", "Findings"),
    "no_findings": ("未发现问题。", "No findings."),
    "no_findings_open": (
        "已判定的项中未发现问题；另有 {n} 项未完成，尚不能得出“未发现问题”的结论。",
        "No findings among the items judged; {n} items are not completed, so the self-check "
        "cannot yet be called free of findings.",
    ),
    "no_findings_missing": (
        "所含检查表中没有不符合的项；但本次自查未包含：{names}，这些方面未经自查，不能据此认为学校没有问题。",
        "Nothing failed in the checklists included; but this self-check does not include"
        " {names}: those were not checked, so the school cannot be taken as free of findings.",
    ),
    "not_included_banner": (
        "未包含：{names}（本次自查不完整）",
        "Not included: {names} (this self-check is incomplete)",
    ),
    "draft_mark": ("草稿 / 未完成", "DRAFT / INCOMPLETE"),
    "incomplete_banner": ("未完成：{n} 项未填写", "Incomplete: {n} items not filled in"),
    "open_items": ("未完成的检查项及原因", "Items not completed, with the reasons given"),
    "open_status": ("情况", "State"),
    "reason": ("原因说明", "Reason given"),
    "no_reason": ("（未说明原因）", "(no reason given)"),
    "applicable": ("适用项", "Applicable"),
    "done": ("已完成", "Done"),
    "open": ("未完成", "Open"),
    "judged": ("已判定", "Judged"),
    "compliance_note": (
        "符合率 = 符合的项 ÷ 已判定（符合 + 不符合）的项；未填写、缺少数据、填写有误和不适用的项不计入。",
        "Compliance rate = items passed ÷ items judged (passed + failed); unanswered, incomplete, "
        "invalid and not-applicable items are left out.",
    ),
    "finding_no": ("编号", "No."),
    "severity": ("程度", "Severity"),
    "clauses": ("依据", "Clause"),
    "finding": ("问题与整改", "Finding and response"),
    "explanation": ("学校说明", "School's explanation"),
    "measure": ("整改措施", "Rectification"),
    "responsible": ("责任人", "Responsible"),
    "due_date": ("完成期限", "Due"),
    "rect_status": ("状态", "Status"),
    "row": ("第{n}行", "row {n}"),
    "location": ("位置", "Where"),
    "details": ("检查项明细", "Items in detail"),
    "item": ("检查项", "Item"),
    "answer": ("填写情况", "Answer"),
    "result": ("结果", "Result"),
    "note": ("说明", "Note"),
    "table_ref": ("共 {n} 行，见表 {ref}", "{n} rows, see table {ref}"),
    "table_title": ("表 {ref}　{title}", "Table {ref}: {title}"),
    "table_empty": ("（未填写）", "(no rows)"),
    "findings_col": ("问题", "Findings"),
    "legend_failed": (
        "✗ 标红的数值未达到要求；“问题”列对应“发现的问题”中的编号。",
        "✗ marks values that fail a requirement; the Findings column refers to the numbered findings.",
    ),
    "legend_invalid": (
        "▲ 标黄的数值不符合填写要求。",
        "▲ marks values that break an input constraint.",
    ),
    "evidence": ("佐证材料", "Evidence"),
    "no_evidence": ("未附佐证材料。", "No evidence files attached."),
    "file_name": ("文件名", "File name"),
    "size": ("大小", "Size"),
    "signatures": ("签署", "Signatures"),
    "assessor": ("自查负责人", "Assessor"),
    "principal": ("校长", "Principal"),
    "name": ("姓名", "Name"),
    "title": ("职务", "Title"),
    "date": ("日期", "Date"),
    "signature": ("签名", "Signature"),
    "seal": ("学校公章", "School seal"),
    "declaration": (
        "本校对本报告所填内容的真实性、准确性负责。",
        "The school vouches for the truth and accuracy of this report.",
    ),
    "digital_signature": ("数字签名", "Digital signature"),
    "digital_signature_note": (
        "签署后，数字签名印章显示在下框内；签名覆盖本报告及其内嵌数据。",
        "Once signed, the digital signature's stamp appears in the box below; "
        "it covers this report and its embedded data.",
    ),
    "page_of": ("第 {page} 页 / 共 {pages} 页", "Page {page} of {pages}"),
    "yes": ("是", "Yes"),
    "no": ("否", "No"),
    "na": ("不适用", "N/A"),
    "empty": ("—", "—"),
    "files": ("{n} 个文件", "{n} file(s)"),
}

STATUS: dict[str, tuple[str, str]] = {**ITEM_STATUS, "info": ("参考", "Info")}


# Units in the definitions are written for Chinese readers; the English report reads these.
UNIT_EN: dict[str, str] = {
    "人": "",
    "次": "times",
    "次/日": "per day",
    "间": "rooms",
    "把": "",
    "种": "kinds",
    "项": "items",
    "辆": "vehicles",
    "周岁": "years",
    "学时": "class hours",
    "岁": "years",
    "个": "",
    "名": "",
}


def unit_text(unit: str | None, lang: str) -> str:
    """An item's unit in ``lang`` ('' when there is none or English needs none)."""
    if not unit:
        return ""
    return UNIT_EN.get(unit, unit) if lang == "en" else unit


def pick(pair: tuple[str, str], lang: str) -> str:
    """The text of a (zh, en) pair in ``lang``."""
    return pair[1] if lang == "en" else pair[0]


def label(key: str, lang: str, **values: Any) -> str:
    """The fixed text ``key`` in ``lang``, with ``{name}`` placeholders filled from ``values``."""
    text = pick(LABELS[key], lang)
    return text.format(**values) if values else text


def format_datetime(moment: datetime) -> str:
    """``YYYY-MM-DD HH:MM`` as the clock gave it (its own time zone)."""
    return moment.strftime("%Y-%m-%d %H:%M")


def format_number(value: float | int) -> str:
    """Whole numbers without a decimal point, others as short as exact (``0.78``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def format_size(size: int) -> str:
    """A file size for people: bytes, KB or MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def format_value(item: Item, value: Any, lang: str) -> str:
    """An answer or table cell as text: 是/否, choice labels, ISO dates, numbers with units.

    ID numbers are always masked (first 6 and last 4 shown); tables and evidence are
    summarised by the caller, since they need a pointer or a list.
    """
    if value is None or value == "" or value == ():
        return label("empty", lang)
    kind = item.type
    if kind == "yes_no":
        return label("na" if value == "na" else ("yes" if value else "no"), lang)
    if kind == "single_choice":
        return item.choice_label(str(value), lang)
    if kind == "multi_choice":
        return ("、" if lang == "zh" else ", ").join(item.choice_label(v, lang) for v in value)
    if kind == "id_number":
        return mask_id_number(str(value))
    if kind == "evidence":  # a file name may quote an ID number (a scan of the card)
        return str(mask_ids_in("; ".join(str(entry.get("name", "")) for entry in value)))
    text = _plain(value)
    return str(mask_ids_in(text)) if isinstance(value, str) else text


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)


def with_unit(text: str, item: Item, lang: str) -> str:
    """``text`` followed by the item's unit, unless it is the empty mark."""
    unit = unit_text(item.unit, lang)
    if unit and text != "—" and item.type in ("integer", "decimal"):
        return f"{text}{unit}" if unit == "%" else f"{text} {unit}"
    return text
