"""The coach's report on a session: what to work on first (each with buttons that replay the
answers showing it), the strongest answer, the trend, and how the follow-ups went."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interviewer.core.coaching import CoachReport
from interviewer.gui.local_time import clock
from interviewer.gui.widgets.score_panels import clear_layout
from interviewer.gui.widgets.text_label import wrapped_label


class CoachPanel(QGroupBox):
    """``moment_chosen(attempt_id, seconds)`` asks to replay an answer from a moment."""

    moment_chosen = Signal(str, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Coach's report", parent)
        self.trend = wrapped_label("Trend against earlier sessions")
        self.focus_box = QVBoxLayout()
        self.strongest = wrapped_label("Strongest answer")
        self.follow_ups = wrapped_label("Follow-ups and how they went")
        lay = QVBoxLayout(self)
        lay.addWidget(self.trend)
        lay.addWidget(QLabel("<b>Work on these first</b>"))
        lay.addLayout(self.focus_box)
        lay.addWidget(self.strongest)
        lay.addWidget(self.follow_ups)
        lay.addStretch(1)
        self.moment_buttons: list[QPushButton] = []
        self.report: CoachReport | None = None

    def show_report(self, report: CoachReport, numbers: dict[str, int]) -> None:
        """``numbers`` maps attempt ids to their place in the session (1, 2...)."""
        self.report = report
        clear_layout(self.focus_box)
        self.moment_buttons = []
        self.trend.setText(report.trend)
        if not report.focus:
            self.focus_box.addWidget(QLabel("Nothing stands out: keep practising this way."))
        for n, focus in enumerate(report.focus, 1):
            text = QLabel(f"{n}. <b>{focus.title}</b>: {focus.advice}")
            text.setWordWrap(True)
            self.focus_box.addWidget(text)
            row = QHBoxLayout()
            for m in focus.moments:
                at = f" at {clock(m.at_s)}" if m.at_s is not None else ""
                button = QPushButton(f"▶ Answer {numbers.get(m.attempt_id, '?')} "
                                     f"({m.question_id}){at}")
                button.setToolTip(m.detail)
                button.setAccessibleName(f"Replay answer {numbers.get(m.attempt_id, '?')}: "
                                         f"{m.detail}")
                button.clicked.connect(lambda _=False, a=m.attempt_id, t=m.at_s:
                                       self.moment_chosen.emit(a, float(t or 0.0)))
                self.moment_buttons.append(button)
                row.addWidget(button)
            row.addStretch(1)
            self.focus_box.addLayout(row)
        if report.strongest is not None:
            best_id, best_text, best_overall, why = report.strongest
            self.strongest.setText(f"<b>Strongest answer</b>: {numbers.get(best_id, '?')}. "
                                   f"{best_text} ({best_overall} / 100): {why}")
        self.strongest.setVisible(report.strongest is not None)
        lines = [f"{numbers.get(o.attempt_id, '?')}. <i>{o.question}</i><br>"
                 f"&nbsp;&nbsp;&nbsp;{o.summary}" for o in report.follow_ups]
        self.follow_ups.setText("<b>Follow-ups</b><br>" + "<br>".join(lines) if lines else "")
        self.follow_ups.setVisible(bool(lines))
