"""XLSForm question types: the ones read, their old spellings, metadata, and features refused."""

from __future__ import annotations

import re

from checklists.xlsform.book import Row, SheetProblems
from checklists.xlsform.cells import cell_text

SIMPLE_TYPES = {
    "text": "text", "string": "text", "integer": "integer", "int": "integer", "decimal": "decimal",
    "date": "date", "note": "note", "image": "evidence", "photo": "evidence", "file": "evidence",
    "calculate": "decimal",
}  # fmt: skip
# pyxform's other spellings of the types we read.
TYPE_ALIASES = {
    "select one from": "select_one", "select_one_from": "select_one", "select1": "select_one",
    "select one": "select_one", "add select one prompt using": "select_one",
    "select all that apply from": "select_multiple", "select all that apply": "select_multiple",
    "select multiple": "select_multiple", "add select multiple prompt using": "select_multiple",
    "begin group": "begin_group", "end group": "end_group", "begin repeat": "begin_repeat",
    "end repeat": "end_repeat", "begin looped group": "begin_repeat",
    "end looped group": "end_repeat", "begin lgroup": "begin_repeat", "end lgroup": "end_repeat",
    "add image prompt": "image", "add photo prompt": "photo", "add file prompt": "file",
    "add text prompt": "text", "add integer prompt": "integer", "add decimal prompt": "decimal",
    "add date prompt": "date", "add note prompt": "note", "q text": "text", "q integer": "integer",
}  # fmt: skip
# Metadata ODK records by itself (when the form was opened, on which phone): nothing to ask.
METADATA_TYPES = frozenset({
    "start", "end", "today", "deviceid", "imei", "phonenumber", "username", "simserial",
    "subscriberid", "email", "audit", "start-geopoint", "background-geopoint",
    "background-audio", "uri:deviceid", "uri:email", "uri:username", "uri:phonenumber",
    "uri:subscriberid", "uri:simserial", "instanceid",
})  # fmt: skip
# XLSForm features outside what a self-check holds, with the feature named for the message.
UNSUPPORTED_TYPES = {
    "geopoint": ("位置（geopoint）", "location (geopoint)"),
    "geotrace": ("路线（geotrace）", "path (geotrace)"),
    "geoshape": ("区域（geoshape）", "area (geoshape)"),
    "audio": ("录音（audio）", "audio recording"),
    "video": ("视频（video）", "video"),
    "barcode": ("条码扫描（barcode）", "barcode scan"),
    "range": ("滑块（range）", "range slider"),
    "rank": ("排序题（rank）", "ranking (rank)"),
    "select_one_from_file": ("外部文件选项（select_one_from_file）", "choices from a file (select_one_from_file)"),
    "select_multiple_from_file": ("外部文件选项（select_multiple_from_file）", "choices from a file (select_multiple_from_file)"),
    "select one from file": ("外部文件选项（select_one_from_file）", "choices from a file (select_one_from_file)"),
    "select multiple from file": ("外部文件选项（select_multiple_from_file）", "choices from a file (select_multiple_from_file)"),
    "select_one_external": ("外部选项（select_one_external）", "external choices (select_one_external)"),
    "select_multiple_external": ("外部选项（select_multiple_external）", "external choices (select_multiple_external)"),
    "acknowledge": ("确认题（acknowledge）", "acknowledge"),
    "trigger": ("确认题（trigger）", "trigger"),
    "time": ("时间（time）", "time of day"),
    "datetime": ("日期时间（datetime）", "date and time (datetime)"),
    "dateTime": ("日期时间（datetime）", "date and time (datetime)"),
    "hidden": ("隐藏字段（hidden）", "hidden field"),
    "xml-external": ("外部数据（xml-external）", "external data (xml-external)"),
    "csv-external": ("外部数据（csv-external）", "external data (csv-external)"),
    "begin_loop": ("循环（begin_loop）", "loop (begin_loop)"),
    "begin loop": ("循环（begin loop）", "loop (begin loop)"),
    "begin_loop over": ("循环（begin loop）", "loop (begin loop)"),
    "end_loop": ("循环（end_loop）", "loop (end_loop)"),
    "end loop": ("循环（end loop）", "loop (end loop)"),
    "osm": ("地图要素（osm）", "map feature (osm)"),
    "signature": ("签名（signature）", "signature"),
    "cascading select": ("级联选择（cascading select）", "cascading select"),
    "cascading_select": ("级联选择（cascading select）", "cascading select"),
    "entity": ("实体（entity）", "entity"),
}  # fmt: skip
CALCULATE_VALUE_TYPES = ("integer", "decimal", "date", "text")
YES_NO_VALUES = ({"yes", "no"}, {"true", "false"})
SUPPORTED_TEXT = (
    "text, integer, decimal, date, select_one, select_multiple, note, calculate, image, file, "
    "begin_group/end_group, begin_repeat/end_repeat"
)
_SELECT = re.compile(
    r"^(select one from|select_one_from|select all that apply from|select all that apply|"
    r"select one|select multiple|select_one|select_multiple|select1|"
    r"add select one prompt using|add select multiple prompt using)\s+(.*)$"
)


def split_type(row: Row, p: SheetProblems) -> tuple[str, str | None] | None:
    """The row's type as (type, choice list or None); None with a problem when unusable.

    Metadata types (start, end, today, deviceid …) come back as ("metadata", None): left out.
    """
    raw = cell_text(row.get("type"))
    if raw is None:
        p.report(row.loc("type"), "type 为空", "blank type")
        return None
    spaced = " ".join(raw.split())
    lowered = spaced.lower()
    for feature in ("select one from file", "select multiple from file", "begin loop"):
        if lowered.startswith(feature):
            _refuse(row, p, *UNSUPPORTED_TYPES[feature])
            return None
    select = _SELECT.match(lowered)
    if select:
        head = (
            "select_multiple"
            if "multiple" in select.group(1) or "all" in select.group(1)
            else "select_one"
        )
        rest = spaced[len(spaced) - len(select.group(2)) :].split(" ")
        if len(rest) == 1:
            return head, rest[0]
        if rest[-1].lower() == "or_other":
            _refuse(row, p, "“其他”选项（or_other）", "an 'other' option (or_other)")
        else:
            _refuse(row, p, f"题型 '{raw}'", f"the type '{raw}'")
        return None
    if lowered in UNSUPPORTED_TYPES:
        _refuse(row, p, *UNSUPPORTED_TYPES[lowered])
        return None
    if lowered in ("select_one", "select_multiple", "select one", "select multiple"):
        p.report(
            row.loc("type"), f"{lowered} 后面应写选项列表名", f"{lowered} needs a choice list name"
        )
        return None
    if lowered in METADATA_TYPES:
        p.notice(
            row.loc("type"),
            f"元数据题型 '{raw}' 由 ODK 自动记录，本程序不用，已忽略",
            f"metadata type '{raw}' (recorded by ODK itself) is not used by this app; ignored",
        )
        return "metadata", None
    head = TYPE_ALIASES.get(lowered, lowered)
    if head in SIMPLE_TYPES or head in _STRUCTURE:
        return head, None
    first = lowered.split(" ")[0]
    if first in UNSUPPORTED_TYPES:
        _refuse(row, p, *UNSUPPORTED_TYPES[first])
        return None
    p.report(
        row.loc("type"),
        f"未知的题型 '{raw}'；可用：{SUPPORTED_TEXT}",
        f"unknown question type '{raw}'; supported: {SUPPORTED_TEXT}",
    )
    return None


def _refuse(row: Row, p: SheetProblems, zh: str, en: str) -> None:
    """An XLSForm feature this app does not hold, named at its cell."""
    p.report(
        row.loc("type"),
        f"不支持的 XLSForm 功能：{zh}（检查清单中没有对应的题型）",
        f"XLSForm feature not supported: {en} (a checklist has no such question)",
    )


_STRUCTURE = ("begin_group", "end_group", "begin_repeat", "end_repeat")
