"""WelcomePage: the first screen on an empty data folder — start with the school profile, or see the sample."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.shell.icons import app_icon


class WelcomePage(QWidget):
    """Says what the app does in three steps and offers two ways in.

    Signals:
        startRequested(): the person wants to enter the school profile.
        demoRequested(): the person wants to look at the sample school first.
    """

    startRequested = Signal()
    demoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(72, 72))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(self.tr("欢迎使用校园自查"))
        title.setObjectName("welcomeTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lead = QLabel(
            self.tr(
                "对照《东莞市教育局2021年工作要点》逐项自查学校安全、心理健康、教室照明和保安队伍，自动找出不符合项，并生成可签名的自查报告。"
            )
        )
        lead.setObjectName("welcomeLead")
        lead.setWordWrap(True)
        lead.setAlignment(Qt.AlignmentFlag.AlignCenter)
        steps = QHBoxLayout()
        steps.setSpacing(16)
        for number, head, text in (
            (
                "1",
                self.tr("填写学校信息"),
                self.tr("学校名称、代码、学段和在校生人数，用于判断适用的要求。"),
            ),
            ("2", self.tr("逐项填写自查"), self.tr("按清单回答每一项；每次修改都会自动保存。")),
            ("3", self.tr("查看问题并整改"), self.tr("不符合项会立即列出，可填写说明和整改措施。")),
        ):
            steps.addWidget(_step_card(number, head, text))
        self.start_button = QPushButton(self.tr("开始：填写学校信息"))
        self.start_button.setObjectName("primaryButton")
        self.start_button.setDefault(True)
        self.start_button.setAccessibleName(self.tr("开始：填写学校信息"))
        self.demo_button = QPushButton(self.tr("打开示例学校"))
        self.demo_button.setAccessibleName(self.tr("打开示例学校"))
        self.demo_button.setToolTip(
            self.tr("在临时文件夹中打开一所已填写的示例学校，不影响您的数据")
        )
        self.start_button.clicked.connect(self.startRequested)
        self.demo_button.clicked.connect(self.demoRequested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.start_button)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(2)
        column.addWidget(logo)
        column.addWidget(title)
        column.addWidget(lead)
        column.addSpacing(24)
        column.addLayout(steps)
        column.addSpacing(28)
        column.addLayout(buttons)
        column.addStretch(3)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 6)
        outer.addStretch(1)


def _step_card(number: str, head: str, text: str) -> QFrame:
    card = QFrame()
    card.setObjectName("stepCard")
    number_label = QLabel(number)
    number_label.setObjectName("stepNumber")
    number_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    number_label.setFixedSize(32, 32)
    head_label = QLabel(head)
    head_label.setObjectName("stepHead")
    body = QLabel(text)
    body.setWordWrap(True)
    body.setObjectName("stepText")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(16, 14, 16, 14)
    layout.addWidget(number_label)
    layout.addWidget(head_label)
    layout.addWidget(body)
    layout.addStretch(1)
    return card
