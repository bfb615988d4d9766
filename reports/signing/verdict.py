"""What verifying a signed report can find: the result, and the reason codes with their sentences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reports.signing import structure

# Reason codes, in the order they are reported; each is a negative finding.
REASON_TEXT: dict[str, tuple[str, str]] = {
    "not_pdf": ("文件不是 PDF（或已损坏）。", "The file is not a PDF (or is damaged)."),
    "unsigned": ("文件没有数字签名。", "The file has no digital signature."),
    "tampered": (
        "签名后文件内容被改动过（签名与内容不符）。",
        "The file was altered after signing (the signature does not match the content).",
    ),
    "modified_after_signing": (
        "签名之后文件又被追加了修改，追加部分未经签名。",
        "Changes were appended after signing; they are not covered by the signature.",
    ),
    "signature_invalid": (
        "签名本身无效或无法解读。",
        "The signature itself is invalid or unreadable.",
    ),
    "cert_name_unusable": (
        "签名证书的名称含有证书名称比较规则（RFC 4518）不允许的内容（如从右到左与从左到右的文字混排、"
        "非字符或未收录的码位），签名无法核对。请学校用本程序新建签名身份（会拒绝此类名称）后重新签署。",
        "The signing certificate's names hold something the certificate name comparison"
        " (RFC 4518) does not allow (such as right-to-left mixed with left-to-right text, or"
        " noncharacter or unassigned code points): the signature cannot be checked. Ask the"
        " school to create a new signing identity in this program (it refuses such names) and"
        " sign again.",
    ),
    "cert_expired": ("签名证书已过期。", "The signing certificate has expired."),
    "cert_not_yet_valid": (
        "签名时签名证书尚未生效。",
        "The signing certificate was not yet valid at signing time.",
    ),
    "untrusted": (
        "签名证书不在信任列表中，无法确认是哪所学校签署。",
        "The signing certificate is not in the trust list: who signed cannot be confirmed.",
    ),
    "byte_range_invalid": (
        "签名的字节范围不合规范：应从文件开头起，覆盖签名值以外的整个签名版本。",
        "The signature's byte range is malformed: it must start at the beginning of the file"
        " and cover the whole signed revision except the signature value.",
    ),
    "signature_gap_invalid": (
        "签名值的位置上除签名外还夹带了其他内容。",
        "The space reserved for the signature value holds something besides the signature.",
    ),
    "signed_revision_invalid": (
        "签名所覆盖的内容无法单独读出，或与文件中显示的签名不符。",
        "The signed part of the file cannot be read on its own, or does not match the"
        " signature the file shows.",
    ),
    "signed_in_future": (
        "签署时间晚于验证时间，签署电脑的时钟不可信。",
        "The signing time is later than the verification time: the signer's clock cannot be"
        " trusted.",
    ),
    "school_mismatch": (
        "签名证书属于另一所学校：证书中的学校代码与报告中的学校不符。",
        "The signing certificate belongs to another school: its school code differs from the"
        " report's school.",
    ),
    "no_school_code": (
        "签名证书没有写明学校代码，无法确认它属于哪所学校，不能为报告的学校担保。",
        "The signing certificate names no school code: which school it belongs to cannot be"
        " told, so it cannot vouch for the report's school.",
    ),
    "not_the_schools_certificate": (
        "本室已登记该校的签名证书，这份报告却是用另一张证书签署的。",
        "This office has registered the school's certificate, but this report was signed with"
        " a different one.",
    ),
    "results_do_not_match_answers": (
        "报告中的检查结果与按其答卷重新评估的结果不符。",
        "The results in the report differ from what its own answers give when re-evaluated.",
    ),
    "report_incomplete": (
        "报告不完整：答卷与检查结果所列的检查表不一致，或一张检查表也没有。",
        "The report is incomplete: its answers and its results do not name the same"
        " checklists, or name none at all.",
    ),
    "inconsistent": (
        "报告说明（report_meta.json）中的学校或学期与答卷中的不一致。",
        "The school or period in the report's description (report_meta.json) differs from"
        " its answers.",
    ),
    "answers_digest_mismatch": (
        "内嵌答案与报告记录的 SHA-256 校验值不符：答卷在生成报告后被改动过。",
        "The embedded answers do not match the SHA-256 digest recorded in the report: they"
        " were changed after the report was made.",
    ),
    "results_digest_mismatch": (
        "内嵌的检查结果与报告记录的 SHA-256 校验值不符：结果在生成报告后被改动过。",
        "The embedded results do not match the SHA-256 digest recorded in the report: they"
        " were changed after the report was made.",
    ),
    "answers_invalid": (
        "内嵌答案不符合检查清单。",
        "The embedded answers do not fit the checklists.",
    ),
    "report_format_unknown": (
        "报告内嵌数据的格式不是本程序认识的格式，无法核对。",
        "The report's embedded data is in a format this program does not know: it cannot be"
        " checked.",
    ),
    "report_data_invalid": (
        "报告内嵌的数据不是有效的 JSON，或超出了允许的范围（嵌套、数字、文本、字符）。",
        "The report's embedded data is not valid JSON or exceeds the allowed limits (nesting,"
        " numbers, text, characters).",
    ),
    "full_id_number": (
        "报告内嵌数据含有完整的身份证号码：报告只应带遮蔽后的号码。",
        "The report's embedded data holds a full ID number: a report must carry masked"
        " numbers only.",
    ),
    "cannot_reevaluate": (
        "报告使用了本程序不认识的检查表版本，无法重新评估其结果。",
        "The report uses a checklist version this program does not know: its results cannot"
        " be re-evaluated.",
    ),
}
# Reasons that leave a signature valid: shown as notes, blocking only with --require-trust.
NOTE_REASONS = frozenset({"untrusted", "cannot_reevaluate"})
# Reasons saying the file is not as it was signed (any one of them).
CHANGED_REASONS = frozenset({"tampered", *structure.STRUCTURE_REASONS})


@dataclass(frozen=True)
class VerificationResult:
    """Everything verification found out; ``reasons`` lists the negative findings by code."""

    signed: bool
    intact: bool
    valid: bool
    covers_whole_document: bool
    modified_after_signing: bool
    trusted: bool
    signer: str | None = None
    school: str | None = None
    school_code: str | None = None
    fingerprint_sha256: str | None = None
    signed_at: datetime | None = None
    cert_not_before: datetime | None = None
    cert_not_after: datetime | None = None
    reasons: list[str] = field(default_factory=list)
    attachments: dict[str, bytes] = field(default_factory=dict)
    revision_length: int = 0
    reevaluation: str | None = None

    def ok(self, require_trust: bool = False) -> bool:
        """True when the signature holds; notes (NOTE_REASONS) only count with ``require_trust``."""
        blocking = [r for r in self.reasons if require_trust or r not in NOTE_REASONS]
        return (
            self.signed
            and self.intact
            and self.valid
            and self.covers_whole_document
            and not self.modified_after_signing
            and not blocking
        )


def reason_text(code: str, lang: str = "zh") -> str:
    """The sentence for a reason code in ``lang`` ("zh" or "en")."""
    zh, en = REASON_TEXT.get(code, (code, code))
    return en if lang == "en" else zh
