"""A mock interview's report: the coach's report and the session's averages, then every
answer's full feedback."""

from __future__ import annotations

import logging
from pathlib import Path
from statistics import mean
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interviewer.gui.exporting import ask_target, export_session
from interviewer.gui.services import SPEAKER, Services
from interviewer.gui.views.feedback_view import FeedbackView, score_dict, verdict
from interviewer.gui.views.practice_view import scaled_font
from interviewer.gui.widgets.coach_panel import CoachPanel
from interviewer.gui.widgets.score_panels import pretty

log = logging.getLogger(__name__)


def session_averages(scores: list[dict[str, Any]]) -> dict[str, float]:
    """Mean overall, each component as a percentage of its maximum, pace and fillers."""
    out: dict[str, float] = {}
    if not scores:
        return out
    out["overall"] = mean(float(s.get("overall") or 0) for s in scores)
    comps: dict[str, list[float]] = {}
    for s in scores:
        for name, c in (s.get("components") or {}).items():
            if c.get("max"):
                comps.setdefault(name, []).append(100 * float(c["score"]) / float(c["max"]))
    for name, values in comps.items():
        out[f"component:{name}"] = mean(values)
    delivery = [s.get("delivery") or {} for s in scores]
    pace = [float(d["wpm"]) for d in delivery if d.get("wpm") is not None]
    fillers = [float(f["per_min"]) for d in delivery
               if (f := d.get("fillers") or {}).get("per_min") is not None]
    if pace:
        out["wpm"] = mean(pace)
    if fillers:
        out["fillers_per_min"] = mean(fillers)
    return out


class SessionReport(QWidget):
    again = Signal()

    def __init__(self, player: Any | None, services: Services,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.player = player
        self.title = QLabel("")
        self.title.setFont(scaled_font(self, 1.3, bold=True))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Answers of the session")
        self.feedbacks: list[FeedbackView] = []
        self.again_button = QPushButton("&New mock interview")
        self.again_button.clicked.connect(self.again)
        self.export_button = QPushButton("&Export report…")
        self.export_button.clicked.connect(self._export_clicked)
        self.export_button.setEnabled(services.export is not None and services.store is not None)
        self.message = QLabel("")
        self.session_id: str | None = None
        self.tasks: Any = None
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.message)
        top.addWidget(self.export_button)
        top.addWidget(self.again_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.tabs, 1)
        self.averages: dict[str, float] = {}
        self.coach: CoachPanel | None = None
        self.attempt_tabs: dict[str, int] = {}

    def _export_clicked(self) -> None:
        self.export()

    def export(self, target: Path | None = None) -> Any:
        """The whole session as one report (HTML or Markdown)."""
        if self.session_id is None or self.tasks is None or self.s.export is None:
            return None
        target = target or ask_target(self, "mock-interview.html")
        if target is None:
            return None
        handle = export_session(self.s, self.tasks, self.session_id, target)
        handle.finished.connect(lambda p: self.message.setText(f"Saved to {p}."))
        handle.error.connect(self.message.setText)
        return handle

    def show_session(self, answers: list[Any], planned: int, session_id: str | None = None
                     ) -> None:
        self.stop()
        self.session_id = session_id
        self.message.setText("")
        while self.tabs.count():
            w = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if w is not None:
                w.deleteLater()
        self.feedbacks = []
        self.attempt_tabs = {}
        scores = [score_dict(a.score) for a in answers]
        self.averages = session_averages(scores)
        self.title.setText(f"Mock interview: {len(answers)} of {planned} questions answered")
        records = self._records(answers)  # as stored now: with their follow-ups
        self.tabs.addTab(self._summary(answers, scores, records), "Summary")
        for i, (answer, score) in enumerate(zip(answers, scores, strict=True), start=1):
            view = FeedbackView(self.player, self.s.problem(SPEAKER) or "", show_actions=False)
            record = records.get(answer.attempt_id)
            view.show_answer(answer.question, score, answer.transcript, answer.audio_path,
                             follow_up=record.follow_up if record is not None else None)
            self.feedbacks.append(view)
            self.tabs.addTab(view, f"{i}. {answer.question.id} ({score.get('overall', 0)})")
            if answer.attempt_id is not None:
                self.attempt_tabs[answer.attempt_id] = i

    def _records(self, answers: list[Any]) -> dict[str, Any]:
        """Each saved answer's attempt, read once (an unreadable one is left out)."""
        out: dict[str, Any] = {}
        for answer in answers:
            if answer.attempt_id is None or self.s.store is None:
                continue
            try:
                out[answer.attempt_id] = self.s.store.load_attempt(answer.attempt_id)
            except Exception:  # the report still shows the answer
                log.warning("attempt %s could not be read", answer.attempt_id, exc_info=True)
        return out

    def _coach(self, answers: list[Any], records: dict[str, Any]) -> CoachPanel | None:
        if self.session_id is None or self.s.store is None:
            return None
        from interviewer.storage.coaching_data import session_coach_report

        try:
            report = session_coach_report(self.s.store, self.session_id,
                                          [records[a.attempt_id] for a in answers
                                           if a.attempt_id in records])
        except Exception:  # the rest of the report still shows
            log.exception("the coach's report could not be made")
            return None
        panel = CoachPanel()
        panel.show_report(report, {a.attempt_id: i for i, a in enumerate(answers, 1)
                                   if a.attempt_id is not None})
        panel.moment_chosen.connect(self.replay_moment)
        return panel

    def replay_moment(self, attempt_id: str, seconds: float) -> None:
        """Open that answer's tab and play it from ``seconds``."""
        tab = self.attempt_tabs.get(attempt_id)
        if tab is None:
            return
        self.stop()
        self.tabs.setCurrentIndex(tab)
        self.feedbacks[tab - 1].replay.play_from(seconds)

    def _summary(self, answers: list[Any], scores: list[dict[str, Any]],
                 records: dict[str, Any]) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        self.coach = self._coach(answers, records)
        if self.coach is not None:
            col.addWidget(self.coach)
        summary = QGroupBox("Averages")
        grid = QGridLayout(summary)
        avg = self.averages
        rows: list[tuple[str, str]] = []
        if "overall" in avg:
            overall = avg["overall"]
            rows.append(("Overall", f"{overall:.0f} / 100 ({verdict(round(overall))})"))
        for key, value in avg.items():
            if key.startswith("component:"):
                rows.append((pretty(key.split(":", 1)[1]), f"{value:.0f}%"))
        if "wpm" in avg:
            rows.append(("Pace", f"{avg['wpm']:.0f} words a minute"))
        if "fillers_per_min" in avg:
            rows.append(("Fillers", f"{avg['fillers_per_min']:.1f} a minute"))
        for r, (name, text) in enumerate(rows):
            grid.addWidget(QLabel(name), r, 0)
            grid.addWidget(QLabel(text), r, 1)
        grid.setColumnStretch(1, 1)
        col.addWidget(summary)
        per = QGroupBox("Each answer")
        pgrid = QGridLayout(per)
        for r, (a, s) in enumerate(zip(answers, scores, strict=True)):
            qtext = QLabel(a.question.text)
            qtext.setWordWrap(True)
            pgrid.addWidget(QLabel(f"{r + 1}."), r, 0)
            pgrid.addWidget(qtext, r, 1)
            pgrid.addWidget(QLabel(f"{s.get('overall', 0)} / 100"), r, 2)
        pgrid.setColumnStretch(1, 1)
        col.addWidget(per)
        if not answers:
            col.addWidget(QLabel("No answers were recorded in this session."))
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        return scroll

    def stop(self) -> None:
        for view in self.feedbacks:
            view.stop()
