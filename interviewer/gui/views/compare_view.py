"""Two attempts of one question side by side: score deltas, concepts gained and lost, both
transcripts, and each recording to replay."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from interviewer.core.transcript import Transcript
from interviewer.gui.local_time import short_date
from interviewer.gui.views.practice_view import scaled_font
from interviewer.gui.widgets.replay_bar import ReplayBar
from interviewer.gui.widgets.score_panels import clear_layout, pretty
from interviewer.gui.widgets.transcript_view import TranscriptView


def _signed(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:+.0f}" if value else "±0"


class _Side(QGroupBox):
    def __init__(self, title: str, player: Any | None, problem: str) -> None:
        super().__init__(title)
        self.score = QLabel("")
        self.score.setFont(scaled_font(self, 1.5, bold=True))
        self.replay = ReplayBar(player, problem)
        self.transcript = TranscriptView()
        lay = QVBoxLayout(self)
        lay.addWidget(self.score)
        lay.addWidget(self.replay)
        lay.addWidget(self.transcript, 1)
        self.replay.position.connect(self.transcript.set_position)
        self.replay.stopped.connect(lambda: self.transcript.set_position(None))

    def show_record(self, record: Any) -> None:

        self.setTitle(f"{'Older' if 'Older' in self.title() else 'Newer'}: "
                      f"{short_date(record.created_at)}")
        self.score.setText(f"{record.overall} / 100" if record.overall is not None else "—")
        score = record.score or {}
        sentences = score.get("sentences") or [] if score.get("kind") == "behavioral" else []
        self.transcript.show_answer(record.transcript or Transcript(), sentences)
        self.replay.load(record.audio_path)


class CompareView(QWidget):
    def __init__(self, player: Any | None, player_problem: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("Tick two attempts of the same question in the list, then press "
                              "Compare.")
        self.summary.setWordWrap(True)
        self.deltas = QGroupBox("What changed")
        self.grid = QGridLayout(self.deltas)
        self.grid.setColumnStretch(1, 1)
        self.older = _Side("Older", player, player_problem)
        self.newer = _Side("Newer", player, player_problem)
        sides = QGridLayout()
        sides.addWidget(self.older, 0, 0)
        sides.addWidget(self.newer, 0, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.deltas)
        lay.addLayout(sides, 1)
        self.deltas.setVisible(False)
        self.older.setVisible(False)
        self.newer.setVisible(False)
        self.older.replay.position.connect(lambda _: self.newer.replay.stop())
        self.newer.replay.position.connect(lambda _: self.older.replay.stop())

    def show_comparison(self, comparison: Any, older: Any, newer: Any) -> None:
        self.stop()
        clear_layout(self.grid)
        self.summary.setText(
            f"{older.question.text}\nOverall {comparison.a_overall} → {comparison.b_overall} "
            f"({_signed(comparison.overall_delta)}); the wording is "
            f"{comparison.word_similarity:.0%} the same.")
        rows: list[tuple[str, str]] = []
        for c in comparison.components:
            rows.append((pretty(c.name), f"{_num(c.a)} → {_num(c.b)} of {_num(c.max)} "
                                          f"({_signed(c.delta)})"))
        if comparison.concepts_gained:
            rows.append(("Concepts now covered", ", ".join(comparison.concepts_gained)))
        if comparison.concepts_lost:
            rows.append(("Concepts dropped", ", ".join(comparison.concepts_lost)))
        if comparison.concepts_kept:
            rows.append(("Covered both times", ", ".join(comparison.concepts_kept)))
        for r, (name, text) in enumerate(rows):
            value = QLabel(text)
            value.setWordWrap(True)
            self.grid.addWidget(QLabel(name), r, 0)
            self.grid.addWidget(value, r, 1)
        self.deltas.setVisible(True)
        self.older.show_record(older)
        self.newer.show_record(newer)
        self.older.setVisible(True)
        self.newer.setVisible(True)

    def stop(self) -> None:
        self.older.replay.stop()
        self.newer.replay.stop()


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"
