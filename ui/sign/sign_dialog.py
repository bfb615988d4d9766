"""SignDialog: identity and passphrase, the people on the signature page, a drawn signature and a seal."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from checklists.answers import School
from checklists.results import OpenItem
from reports.pdf.data import Signatory
from ui.shell.operation_runner import run_op
from ui.sign.identities_model import IdentitiesModel, IdentityIdRole, short_fingerprint
from ui.sign.open_items_model import (
    COL_CHECKLIST,
    COL_ITEM,
    COL_REASON,
    COL_STATE,
    OpenItemsModel,
)
from ui.sign.seal_picker import SealPicker
from ui.sign.signature_pad import SignaturePad
from ui.words import format_date


@dataclass(frozen=True)
class SignRequest:
    """Everything the signed export needs from the person; the passphrase is used once."""

    identity_id: str
    passphrase: str
    assessor: Signatory
    principal: Signatory
    signature_image: bytes | None
    seal_image: bytes | None
    # Written reasons for items still open, {checklist: {item: reason}}: recorded as item notes
    # and printed in the report before it is signed.
    reasons: dict[str, dict[str, str]] = field(default_factory=dict)


class SignDialog(QDialog):
    """Choose (or create) an identity, type its passphrase, name the signatories, optionally
    sign on the pad and add a seal image; ``request()`` after Accepted.

    The dialog only gathers input; creating an identity is one core call (identity_ops).
    """

    def __init__(
        self,
        data_dir: Path,
        school: School | None,
        parent: QWidget | None = None,
        open_items: list[OpenItem] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signDialog")
        self.setWindowTitle(self.tr("签名并导出报告"))
        self.data_dir = data_dir
        self.school = school
        self.identities = IdentitiesModel(self)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._identity_box())
        left.addWidget(self._people_box())
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._pad_box())
        right.addWidget(self._seal_box())
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        warning = QLabel(
            self.tr(
                "签名后，这份自查将锁定为只读；如需更正，可创建修订版本后重新签名。"
                "签名用的私钥只在本机，口令不会被保存。"
            )
        )
        warning.setObjectName("signWarning")
        warning.setWordWrap(True)
        warning.setStyleSheet(
            "#signWarning { background: #FFF4CE; color: #5C4400; border: 1px solid #E8D48A;"
            " border-radius: 4px; padding: 8px; }"
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.sign_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_button.setText(self.tr("签名并导出…"))
        self.sign_button.setObjectName("primaryButton")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.open_items = OpenItemsModel(self)
        self.open_items.set_rows(open_items or [])
        self.open_items.reasonsChanged.connect(self._update)
        if open_items:
            layout.addWidget(self._open_box(len(open_items)))
        layout.addLayout(columns, 1)
        layout.addWidget(warning)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(900)
        self.reload_identities()
        self._update()

    # ---- building ----

    def _open_box(self, count: int) -> QGroupBox:
        """The items still open: signing waits until each has a written reason."""
        box = QGroupBox(self.tr("未完成：%1 项未填写").replace("%1", str(count)))
        box.setObjectName("openItemsBox")
        note = QLabel(
            self.tr(
                "以下检查项尚未填写或缺少数据，无法判定。请先返回填写；确实无法填写的，须逐项写明原因"
                "（原因记录为检查项说明，并印在报告中），否则不能签名。"
            )
        )
        note.setWordWrap(True)
        note.setObjectName("openItemsNote")
        self.open_view = QTableView()
        self.open_view.setObjectName("openItemsView")
        self.open_view.setModel(self.open_items)
        self.open_view.verticalHeader().hide()
        header = self.open_view.horizontalHeader()
        for section in (COL_CHECKLIST, COL_STATE):
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_ITEM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        self.open_view.setMinimumHeight(160)
        self.open_status = QLabel()
        self.open_status.setObjectName("openItemsStatus")
        rows = QVBoxLayout(box)
        rows.addWidget(note)
        rows.addWidget(self.open_view)
        rows.addWidget(self.open_status)
        return box

    def _identity_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("签名身份"))
        self.identity_combo = QComboBox()
        self.identity_combo.setObjectName("identityCombo")
        self.identity_combo.setModel(self.identities)
        self.identity_combo.currentIndexChanged.connect(self._update)
        self.new_button = QPushButton(self.tr("新建…"))
        self.new_button.setObjectName("newIdentity")
        self.new_button.clicked.connect(self.create_identity)
        row = QHBoxLayout()
        row.addWidget(self.identity_combo, 1)
        row.addWidget(self.new_button)
        self.identity_facts = QLabel()
        self.identity_facts.setObjectName("hint")
        self.identity_facts.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("口令"))
        self.passphrase.textChanged.connect(self._update)
        form = QFormLayout(box)
        form.addRow(self.tr("身份："), row)
        form.addRow("", self.identity_facts)
        form.addRow(self.tr("口令："), self.passphrase)
        return box

    def _people_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("签字页"))
        self.assessor_name = QLineEdit()
        self.assessor_name.setObjectName("assessorName")
        self.assessor_title = QLineEdit()
        self.assessor_title.setObjectName("assessorTitle")
        self.principal_name = QLineEdit(self.school.principal if self.school else "")
        self.principal_name.setObjectName("principalName")
        self.principal_title = QLineEdit(self.tr("校长"))
        self.principal_title.setObjectName("principalTitle")
        form = QFormLayout(box)
        form.addRow(self.tr("自查负责人："), self.assessor_name)
        form.addRow(self.tr("职务："), self.assessor_title)
        form.addRow(self.tr("校长："), self.principal_name)
        form.addRow(self.tr("职务："), self.principal_title)
        return box

    def _pad_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("手写签名（可选，放在自查负责人处）"))
        self.pad = SignaturePad()
        clear = QPushButton(self.tr("清除"))
        clear.setObjectName("clearSignature")
        clear.clicked.connect(self.pad.clear)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(clear)
        column = QVBoxLayout(box)
        column.addWidget(self.pad)
        column.addLayout(row)
        return box

    def _seal_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("印章图片（可选，放在校长处）"))
        self.seal = SealPicker()
        column = QVBoxLayout(box)
        column.addWidget(self.seal)
        return box

    # ---- identities ----

    def reload_identities(self, select: str | None = None) -> None:
        """Read the identities again; select ``select`` (default: the newest)."""
        from reports.signing import list_identities

        found = run_op(self, lambda: list_identities(self.data_dir))
        rows = found.value if found else []
        self.identities.set_rows(rows)
        row = self.identities.row_of(select) if select else len(rows) - 1
        self.identity_combo.setCurrentIndex(row)
        self._update()

    @Slot()
    def create_identity(self) -> None:
        """New identity (CreateIdentityDialog), then select it."""
        from ui.sign.identity_ops import create_identity_interactively

        made = create_identity_interactively(self, self.data_dir, self.school)
        if made is not None:
            self.reload_identities(made.identity_id)
            self.passphrase.setFocus()

    def identity_id(self) -> str | None:
        """The chosen identity's id."""
        row = self.identity_combo.currentIndex()
        return self.identities.index(row, 0).data(IdentityIdRole) if row >= 0 else None

    @Slot()
    def _update(self) -> None:
        row = self.identity_combo.currentIndex()
        foreign = False
        if row >= 0:
            ident = self.identities.identity(row)
            foreign = self.other_school(ident)
            if foreign:
                # A certificate belongs to one school: another school's identity is refused.
                self.identity_facts.setText(
                    self.tr(
                        "此签名身份属于另一所学校（%1），不能签署本校（%2）的报告。请选择或新建本校的签名身份。"
                    )
                    .replace("%1", f"{ident.school} {ident.school_code or ''}".strip())
                    .replace("%2", self.school.code if self.school else "")
                )
                self.identity_facts.setStyleSheet("color: #A1221B;")
            else:
                self.identity_facts.setText(
                    self.tr("%1 · 有效期至 %2 · 指纹 %3")
                    .replace("%1", ident.school)
                    .replace("%2", format_date(ident.not_after.astimezone().date()))
                    .replace("%3", short_fingerprint(ident.fingerprint_sha256))
                )
                self.identity_facts.setStyleSheet("")
        else:
            self.identity_facts.setText(self.tr("还没有签名身份，请先新建。"))
        missing = self.open_items.missing()
        if hasattr(self, "open_status"):
            self.open_status.setText(
                self.tr("还有 %1 项未写原因，不能签名。").replace("%1", str(missing))
                if missing
                else self.tr("每一项都已写明原因。")
            )
        self.sign_button.setEnabled(
            row >= 0 and not foreign and bool(self.passphrase.text()) and not missing
        )

    def other_school(self, ident: Any) -> bool:
        """Whether ``ident`` belongs to another school than the one being signed for."""
        from reports.signing.sign import identity_school_problem

        if self.school is None:
            return False
        return identity_school_problem(ident, self.school.code, self.school.name) is not None

    def request(self) -> SignRequest:
        """What the person entered."""
        identity_id = self.identity_id()
        assert identity_id is not None
        return SignRequest(
            identity_id=identity_id,
            passphrase=self.passphrase.text(),
            assessor=Signatory(
                self.assessor_name.text().strip(), self.assessor_title.text().strip()
            ),
            principal=Signatory(
                self.principal_name.text().strip(), self.principal_title.text().strip()
            ),
            signature_image=self.pad.to_png(),
            seal_image=self.seal.image_bytes(),
            reasons=self.open_items.reasons(),
        )
