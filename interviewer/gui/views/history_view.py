"""History and progress: every attempt by question and date, replay, compare, chart, export."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interviewer.core.errors import InterviewerError
from interviewer.gui.exporting import ask_target, export_attempt
from interviewer.gui.local_time import short_date
from interviewer.gui.rescore import RescoreJob
from interviewer.gui.services import SPEAKER, STORAGE, Services
from interviewer.gui.views.compare_view import CompareView
from interviewer.gui.views.feedback_view import FeedbackView
from interviewer.gui.widgets.coach_panel import CoachPanel
from interviewer.gui.widgets.progress_chart import OVERALL, ProgressChart, Series
from interviewer.gui.widgets.score_panels import pretty
from interviewer.gui.workers import TaskRunner

log = logging.getLogger(__name__)
_ID = Qt.ItemDataRole.UserRole


class HistoryView(QWidget):
    def __init__(self, services: Services, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.tasks = tasks
        self._stale = True
        self.question_box = QComboBox()
        self.question_box.setAccessibleName("Show attempts of")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Attempts")
        self.tree.setHeaderLabels(["Date", "Question", "Score", "Length", "Status"])
        self.tree.header().setStretchLastSection(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.compare_button = QPushButton("&Compare the two ticked")
        self.compare_button.setEnabled(False)
        self.export_button = QPushButton("&Export report…")
        self.rescore_button = QPushButton("Re-&score all")
        self.rescore_button.setToolTip("Score every stored answer again with the current "
                                       "scorer and question rubrics (old scores are kept).")
        self.coach_button = QPushButton("Coach's &report")
        self.coach_button.setToolTip("What to work on first: in the mock interview of the "
                                     "selected answer, or in your last practice answers up to "
                                     "it; with the moments to replay.")
        self.coach_button.setEnabled(False)
        self.rescore = RescoreJob(services, tasks, self)
        self.message = QLabel("")
        self.message.setWordWrap(True)

        left = QWidget()
        lcol = QVBoxLayout(left)
        lcol.setContentsMargins(0, 0, 0, 0)
        lcol.addWidget(self.question_box)
        lcol.addWidget(self.tree, 1)
        row = QHBoxLayout()
        row.addWidget(self.compare_button)
        row.addWidget(self.export_button)
        row.addWidget(self.coach_button)
        row.addWidget(self.rescore_button)
        lcol.addLayout(row)
        lcol.addWidget(self.message)

        self.feedback = FeedbackView(services.player, services.problem(SPEAKER) or "",
                                     show_actions=False)
        self.compare = CompareView(services.player, services.problem(SPEAKER) or "")
        self.chart = ProgressChart()
        self.right = QTabWidget()
        self.right.addTab(self.chart, "Progress")
        self.right.addTab(self.feedback, "Attempt")
        self.right.addTab(self.compare, "Compare")
        self.coach = CoachPanel()
        coach_scroll = QScrollArea()
        coach_scroll.setWidget(self.coach)
        coach_scroll.setWidgetResizable(True)
        self.coach_page = coach_scroll
        self.right.addTab(coach_scroll, "Coach's report")
        self._chart_qid: str | None = None
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        char = self.fontMetrics().averageCharWidth()
        split.setSizes([char * 62, char * 100])
        left.setMinimumWidth(char * 50)
        split.setChildrenCollapsible(False)
        QVBoxLayout(self).addWidget(split)

        self.question_box.currentIndexChanged.connect(self.refresh)
        self.tree.currentItemChanged.connect(self._selected)
        self.tree.itemChanged.connect(self._ticks_changed)
        self.compare_button.clicked.connect(self.compare_ticked)
        self.export_button.clicked.connect(self.export_current)
        self.coach_button.clicked.connect(self.show_coach)
        self.coach.moment_chosen.connect(self._coach_moment)
        self.chart.attempt_chosen.connect(self._open_attempt)
        self.chart.measure_changed.connect(lambda _m: self._update_chart(self._chart_qid))
        self.rescore_button.clicked.connect(self.start_rescore)
        self.rescore.done.connect(self._rescored)
        self.rescore.failed.connect(self.message.setText)
        self.right.currentChanged.connect(lambda _: self.stop())
        if services.store is None:
            self.message.setText(services.problem(STORAGE) or "History is not available.")
            self.export_button.setEnabled(False)
            self.rescore_button.setEnabled(False)

    # ------------------------------------------------------------------ data
    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh_if_stale(self) -> None:
        if self._stale:
            self.refresh()

    def _fill_questions(self, summaries: list[Any]) -> None:
        keep = self.question_box.currentData()
        self.question_box.blockSignals(True)
        self.question_box.clear()
        self.question_box.addItem("All questions", "")
        seen: dict[str, str] = {}
        for a in summaries:
            seen.setdefault(a.question_id, a.question_text)
        for qid in sorted(seen):
            self.question_box.addItem(f"{qid}  {seen[qid][:70]}", qid)
        i = self.question_box.findData(keep) if keep else 0
        self.question_box.setCurrentIndex(max(0, i))
        self.question_box.blockSignals(False)

    def refresh(self) -> None:
        store = self.s.store
        if store is None:
            return
        self._stale = False
        everything = store.queries.history()
        if self.question_box.count() == 0 or not self.question_box.currentData():
            self._fill_questions(everything)
        qid = self.question_box.currentData() or None
        rows = [a for a in everything if qid is None or a.question_id == qid]
        self.tree.blockSignals(True)
        self.tree.clear()
        for a in rows:
            item = QTreeWidgetItem([
                short_date(a.created_at), a.question_id,
                "—" if a.overall is None else str(a.overall),
                "—" if a.duration_s is None else f"{a.duration_s:.0f} s", a.status])
            item.setData(0, _ID, a.attempt_id)
            item.setToolTip(1, a.question_text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            self.tree.addTopLevelItem(item)
        self.tree.blockSignals(False)
        for col in range(4):
            self.tree.resizeColumnToContents(col)
        self.message.setText(f"{len(rows)} attempts." if rows else
                             "No attempts yet: practise a question and it appears here.")
        self._update_chart(qid)
        self._ticks_changed()

    def _update_chart(self, qid: str | None) -> None:
        """The overall score (or the chosen component, as % of its maximum) over time: of
        every answer, and of the chosen question's answers."""
        self._chart_qid = qid
        q = self.s.store.queries
        self.chart.set_measures([(name, pretty(name)) for name in q.component_names(qid)])
        measure = self.chart.measure

        def series(name: str, points: list[Any]) -> Series:
            return Series(name, tuple((short_date(p.created_at),
                                       100.0 * p.value / p.max if p.max else 0.0)
                                      for p in points),
                          tuple(p.attempt_id for p in points))

        if measure == OVERALL:
            out = [series("All answers", q.overall_series())]
            if qid:
                out.insert(0, series(f"{qid}", q.score_series(qid)))
        else:
            label = pretty(measure)
            out = [series(f"{label}: all answers", q.one_component_series(measure))]
            if qid:
                out.insert(0, series(f"{label}: {qid}", q.score_series(qid, measure)))
        self.chart.set_series(out)

    def _open_attempt(self, attempt_id: str) -> None:
        """A point of the chart was clicked: show that attempt."""
        if not self.select(attempt_id) and self.question_box.currentIndex() != 0:
            self.question_box.setCurrentIndex(0)
            self.select(attempt_id)

    # ------------------------------------------------------------------ selection
    def items(self) -> list[QTreeWidgetItem]:
        found = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in found if item is not None]

    def ticked_ids(self) -> list[str]:
        return [str(item.data(0, _ID)) for item in self.items()
                if item.checkState(0) == Qt.CheckState.Checked]

    def _ticks_changed(self, *_: object) -> None:
        self.compare_button.setEnabled(len(self.ticked_ids()) == 2)

    def select(self, attempt_id: str) -> bool:
        for item in self.items():
            if item.data(0, _ID) == attempt_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    def _selected(self, item: QTreeWidgetItem | None, _prev: object = None) -> None:
        if item is None or self.s.store is None:
            return
        try:
            record = self.s.store.load_attempt(item.data(0, _ID))
        except InterviewerError as exc:
            self.message.setText(str(exc))
            return
        self.coach_button.setEnabled(True)
        self.show_record(record)

    def show_coach(self) -> None:
        """The coach's report on the session of the selected answer."""
        item = self.tree.currentItem()
        if item is None or self.s.store is None:
            return
        from interviewer.storage.coaching_data import recent_coach_report, session_coach_report

        try:
            record = self.s.store.load_attempt(item.data(0, _ID))
            if record.session.kind == "mock":
                records = self.s.store.session_attempts(record.session.session_id)
                report = session_coach_report(self.s.store, record.session.session_id,
                                              records)
                title = (f"Coach's report: {record.session.title or 'mock interview'} "
                         f"({short_date(record.session.created_at)})")
            else:
                report, records = recent_coach_report(self.s.store, record.attempt_id)
                title = (f"Coach's report: your last {len(records)} practice answers, up to "
                         f"{short_date(record.created_at)}")
        except InterviewerError as exc:
            self.message.setText(str(exc))
            return
        self.coach.setTitle(title)
        self.coach.show_report(report, {r.attempt_id: i for i, r in enumerate(records, 1)})
        self.right.setCurrentWidget(self.coach_page)

    def _coach_moment(self, attempt_id: str, seconds: float) -> None:
        if self.question_box.currentIndex() != 0:
            self.question_box.setCurrentIndex(0)  # all questions: the attempt is listed
        if self.select(attempt_id):
            self.feedback.replay.play_from(seconds)

    def show_record(self, record: Any) -> None:
        when = f"Recorded {short_date(record.created_at)}"
        if record.status != "complete":
            when += f" · {record.status}" + (f": {record.status_detail}"
                                              if record.status_detail else "")
        self.feedback.show_answer(record.question, record.score or {}, record.transcript,
                                  record.audio_path, when, follow_up=record.follow_up)
        self.right.setCurrentWidget(self.feedback)

    def compare_ticked(self) -> None:
        ids = self.ticked_ids()
        store = self.s.store
        if len(ids) != 2 or store is None:
            return
        try:
            a, b = (store.load_attempt(i) for i in ids)
            if a.question.id != b.question.id:
                self.message.setText("Tick two attempts of the same question to compare them.")
                return
            if a.created_at > b.created_at:
                a, b = b, a
            comparison = store.queries.compare(a.attempt_id, b.attempt_id)
        except InterviewerError as exc:
            self.message.setText(str(exc))
            return
        self.compare.show_comparison(comparison, a, b)
        self.right.setCurrentWidget(self.compare)

    # ------------------------------------------------------------------ re-scoring
    def start_rescore(self) -> Any:
        handle = self.rescore.start()
        if handle is not None:
            self.rescore_button.setEnabled(False)
            self.message.setText("Re-scoring your answers…")
        return handle

    def _rescored(self, report: dict[str, Any]) -> None:
        self.rescore_button.setEnabled(True)
        self.refresh()
        n, same = len(report["rescored"]), len(report["unchanged"])
        failed = len(report["failed"])
        self.message.setText(f"Re-scored {n} answer(s); {same} already had current scores"
                             + (f"; {failed} could not be scored." if failed else "."))

    # ------------------------------------------------------------------ export
    def export_current(self, target: Path | None = None) -> Any:
        """Export the selected attempt as a report (HTML or Markdown, from the file name)."""
        if self.s.export is None or self.s.store is None:
            self.message.setText("Export is not available.")
            return None
        item = self.tree.currentItem()
        if item is None:
            self.message.setText("Select an attempt in the list to export it.")
            return None
        if target is None:
            target = ask_target(self, "interview-answer.html")
            if target is None:
                return None
        handle = export_attempt(self.s, self.tasks, item.data(0, _ID), target)
        handle.finished.connect(lambda p: self.message.setText(f"Report saved to {p}."))
        handle.error.connect(self.message.setText)
        return handle

    def stop(self) -> None:
        self.feedback.stop()
        self.compare.stop()

