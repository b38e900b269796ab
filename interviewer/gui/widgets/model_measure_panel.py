"""Settings' "Measure this computer": times the installed models in a worker and shows the figures
behind the recommended model; "Use the recommended model" asks the dialog to select it.

The recommender (:class:`~interviewer.speech.recommend.Recommender`, or a test double with
``stored()`` and ``measure(progress, checkpoint)``) is given by the dialog; nothing here is
measured unless the person presses the button.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interviewer.gui.widgets.text_label import wrapped_label
from interviewer.gui.workers import TaskContext, TaskHandle, TaskRunner

log = logging.getLogger(__name__)

COLUMNS = ("Model", "Ready in", "First words", "12 s tail", "Keeps up at", "Memory",
           "Word errors", "Meets targets")


def _num(value: float | None, fmt: str, unit: str = "") -> str:
    return "–" if value is None else f"{value:{fmt}}{unit}"


def _row(f: Any, fillers: bool) -> tuple[str, ...]:
    rtf = f.rtf_fillers if fillers else f.rtf
    meets = {None: "–", True: "yes", False: "no"}[f.meets_targets]
    if f.meets_with_beam:
        meets = "yes, with beam search too"
    return (f.name, _num(f.load_s, ".1f", " s"), _num(f.first_words_s, ".1f", " s"),
            _num(f.tail_s, ".1f", " s"), _num(rtf, ".2f", "× real time"),
            _num(f.memory_mb, ".0f", " MB"),
            "–" if f.wer is None else f"{f.wer * 100:.0f}%", meets if not f.note else f.note)


class ModelMeasurePanel(QWidget):
    """``apply_requested(model, beam_size)``: the person wants the recommendation;
    ``measured(recommendation)`` after a measurement (both in the GUI thread)."""

    apply_requested = Signal(str, int)
    measured = Signal(object)

    def __init__(self, recommender: Any, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._recommender = recommender
        self._tasks = tasks
        self.recommendation: Any = None
        self.applied: tuple[str, int] | None = None
        self.handle: TaskHandle | None = None
        self.measure_button = QPushButton("Measure this computer")
        self.measure_button.setToolTip("Time each installed speech model on a short recording "
                                       "and recommend the most accurate one fast enough here")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.status = wrapped_label("Measuring status")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("Measured speech models")
        self.table.setVisible(False)
        self.reason = wrapped_label("Recommended model and why")
        self.apply_button = QPushButton("Use the recommended model")
        self.apply_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.measure_button)
        top.addWidget(self.progress, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.status)
        lay.addWidget(self.table)
        lay.addWidget(self.reason)
        lay.addWidget(self.apply_button)
        lay.addStretch(1)
        self.measure_button.clicked.connect(self.measure)
        self.apply_button.clicked.connect(self._apply)
        if recommender is None:
            self.measure_button.setEnabled(False)
            self.status.setText("Measuring needs the speech engine, which is not available.")
            return
        try:
            stored = recommender.stored()
        except Exception:  # a damaged file only means measuring again
            log.exception("reading the stored model recommendation")
            stored = None
        if stored is not None:
            self.show_recommendation(stored)
        else:
            self.status.setText("Not measured yet: measuring takes about a minute.")

    # ------------------------------------------------------------------ measuring
    def measure(self) -> TaskHandle | None:
        recommender = self._recommender
        if recommender is None or (self.handle is not None and self.handle.running):
            return self.handle

        def work(ctx: TaskContext) -> Any:
            return recommender.measure(progress=ctx.progress, checkpoint=ctx.check)

        self.measure_button.setEnabled(False)
        self.apply_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText("Measuring: the app may be slower for a minute…")
        handle = self._tasks.start("measuring this computer", work)
        handle.progress.connect(self._progress)
        handle.finished.connect(self._finished)
        handle.error.connect(self._failed)
        handle.done.connect(self._done)
        self.handle = handle
        return handle

    def cancel(self) -> None:
        if self.handle is not None and self.handle.running:
            self.handle.cancel()

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 100))
        if message:
            self.status.setText(message)

    def _finished(self, rec: Any) -> None:
        self.show_recommendation(rec)
        self.measured.emit(rec)

    def _failed(self, message: str) -> None:
        self.status.setText(message)

    def _done(self) -> None:
        self.progress.setVisible(False)
        self.measure_button.setEnabled(self._recommender is not None)

    # ------------------------------------------------------------------ showing
    def show_recommendation(self, rec: Any) -> None:
        self.recommendation = rec
        when = str(getattr(rec, "measured_at", "") or "")[:16].replace("T", " ")
        self.status.setText(f"Measured on {rec.device.upper()}" + (f", {when} UTC." if when
                                                                    else "."))
        self.table.setRowCount(len(rec.models))
        for i, f in enumerate(rec.models):
            for j, text in enumerate(_row(f, rec.fillers)):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.setVisible(True)
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(i) for i in range(self.table.rowCount()))
        self.table.setFixedHeight(rows + self.table.horizontalHeader().height()
                                  + 2 * self.table.frameWidth() + 2)
        lines = []
        if rec.model:
            search = " with beam search" if rec.beam_size else ""
            lines.append(f"<b>Recommended: {rec.model}{search}.</b>")
        lines.append(rec.reason)
        if rec.offer is not None:
            lines.append(f"Could do better: {rec.offer.why} To get it, {rec.offer.how}.")
        self.reason.setText("<br>".join(_escape(x) if not x.startswith("<b>") else x
                                        for x in lines))
        self.apply_button.setEnabled(bool(rec.model))

    def _apply(self) -> None:
        rec = self.recommendation
        if rec is None or not rec.model:
            return
        self.applied = (rec.model, int(rec.beam_size))
        self.apply_requested.emit(rec.model, int(rec.beam_size))

    def beam_size_for(self, model: str, current_model: str, current_beam: int) -> int:
        """Beam search for ``model`` as saved: the recommendation's when it was applied here,
        the current setting when the model stays, else greedy."""
        if self.applied is not None and self.applied[0] == model:
            return self.applied[1]
        return current_beam if model == current_model else 0


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
