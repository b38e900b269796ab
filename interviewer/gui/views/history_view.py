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
from interviewer.gui.widgets.score_chart import ScoreChart, Series
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
        row.addWidget(self.rescore_button)
        lcol.addLayout(row)
        lcol.addWidget(self.message)

        self.feedback = FeedbackView(services.player, services.problem(SPEAKER) or "",
                                     show_actions=False)
        self.compare = CompareView(services.player, services.problem(SPEAKER) or "")
        self.chart = ScoreChart()
        self.right = QTabWidget()
        self.right.addTab(self.chart, "Progress")
        self.right.addTab(self.feedback, "Attempt")
        self.right.addTab(self.compare, "Compare")
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
        q = self.s.store.queries
        series = [Series("All answers", tuple((short_date(p.created_at), p.value)
                                              for p in q.overall_series()))]
        if qid:
            series.insert(0, Series(f"{qid}", tuple((short_date(p.created_at), p.value)
                                                    for p in q.score_series(qid))))
        self.chart.set_series(series)

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
        self.show_record(record)

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

