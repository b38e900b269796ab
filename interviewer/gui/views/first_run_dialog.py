"""The first-run check: what works on this computer and what to do about each problem."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from interviewer.gui.services import MICROPHONE, MODEL, SPEAKER, STORAGE, VOICE, Services
from interviewer.gui.views.practice_view import scaled_font
from interviewer.gui.workers import TaskContext, TaskHandle, TaskRunner

CHECK_NAMES = {MODEL: "Whisper model", MICROPHONE: "Microphone", SPEAKER: "Speaker",
               VOICE: "Text-to-speech voice", STORAGE: "Data folder"}


class FirstRunDialog(QDialog):
    """Runs the doctor's checks in a worker and lists them; problems first say what to do."""

    def __init__(self, services: Services, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome: checking this computer")
        self.s = services
        self.checks: list[Any] = []
        intro = QLabel("Interviewer reads a question aloud, records your spoken answer, "
                       "transcribes it on this computer and gives feedback. Checking what "
                       "works here…")
        intro.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(2, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText("Start practising")
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.progress)
        lay.addLayout(self.grid)
        lay.addStretch(1)
        lay.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 100, self.fontMetrics().height() * 20)
        self.handle: TaskHandle | None = None
        if services.run_checks is None:
            self.show_checks(self.fallback_checks())
        else:
            run = services.run_checks

            def work(ctx: TaskContext) -> list[Any]:
                return list(run())

            self.handle = tasks.start("checking this computer", work)
            self.handle.finished.connect(self.show_checks)
            self.handle.error.connect(lambda m: self.show_checks(self.fallback_checks(m)))

    def fallback_checks(self, error: str = "") -> list[Any]:
        """The problems the window already knows about (when the doctor is unavailable)."""
        from interviewer.gui.services import Check

        out = [Check("Check", False, error)] if error else []
        return out or ([] if self.s.problems else [Check("Everything", True, "no problems found")])

    def merged(self, checks: list[Any]) -> list[Any]:
        """The doctor's checks, with what the window already found wrong taking precedence
        (for example a model the injected catalogue cannot find)."""
        from interviewer.gui.services import Check

        out = list(checks)
        for key, reason in self.s.problems.items():
            name = CHECK_NAMES.get(key, key.capitalize())
            i = next((i for i, c in enumerate(out) if c.name == name), None)
            if i is None:
                out.append(Check(name, False, reason))
            elif out[i].ok:
                out[i] = Check(name, False, reason)
        return out

    def show_checks(self, checks: list[Any]) -> None:
        self.checks = self.merged(checks)
        self.progress.setVisible(False)
        for i, c in enumerate(self.checks):
            mark = QLabel("✓" if c.ok else "✗")
            mark.setFont(scaled_font(self, 1.2, bold=True))
            mark.setStyleSheet("color: #1a7f37;" if c.ok else "color: #b42318;")
            mark.setAccessibleName("works" if c.ok else "problem")
            name = QLabel(f"<b>{c.name}</b>")
            text = str(getattr(c, "detail", "") or getattr(c, "summary", ""))
            fix = str(getattr(c, "fix", "") or "")
            body = QLabel(text[:1].upper() + text[1:] + (f"\n→ {fix}" if fix and not c.ok else
                                                          (f"\n{fix}" if fix else "")))
            body.setWordWrap(True)
            body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(mark, i, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(name, i, 1, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(body, i, 2)
        problems = [c for c in self.checks if not c.ok]
        self.setWindowTitle("Welcome: " + ("everything works" if not problems else
                                           f"{len(problems)} thing(s) need attention"))

    def problems(self) -> list[str]:
        return [f"{c.name}: {getattr(c, 'detail', '')}" for c in self.checks if not c.ok]
