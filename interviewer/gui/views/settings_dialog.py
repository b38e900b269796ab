"""Settings: microphone (with a level test: widgets/mic_test.py), voice and rate (with a
preview), timings, Whisper model (state, "prepare" with progress, "measure this computer"),
device, data folder and custom question banks."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interviewer.core.errors import InterviewerError
from interviewer.gui.model_state import ModelState
from interviewer.gui.services import MICROPHONE, Services
from interviewer.gui.widgets.mic_test import MicTest
from interviewer.gui.widgets.model_measure_panel import ModelMeasurePanel
from interviewer.gui.widgets.text_label import wrapped_label
from interviewer.gui.workers import TaskContext, TaskHandle, TaskRunner

log = logging.getLogger(__name__)
DEFAULT = "System default"


class SettingsDialog(QDialog):
    def __init__(self, services: Services, tasks: TaskRunner, model: ModelState,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.s = services
        self.tasks = tasks
        self.model_state = model
        st = services.settings
        self.prepare_handle: TaskHandle | None = None
        self.tabs = tabs = QTabWidget()

        # sound
        sound = QWidget()
        form = QFormLayout(sound)
        self.mic = QComboBox()
        self.mic.addItem(DEFAULT, "")
        for name in services.input_devices():
            self.mic.addItem(name, name)
        self._select(self.mic, st.input_device)
        self.mic.setAccessibleName("Microphone")
        self.mic_note = wrapped_label("Microphone note", services.problem(MICROPHONE) or "")
        self.mic_test = MicTest(services.recorder, services.paths.cache_dir,
                                lambda: self.mic.currentData() or None, self.mic_note)
        self.test_button, self.meter = self.mic_test.button, self.mic_test.meter
        form.addRow("Microphone:", self.mic)
        form.addRow("", self.mic_test)
        form.addRow("", self.mic_note)
        self.speaker_box = QComboBox()
        self.speaker_box.addItem(DEFAULT, "")
        for name in services.output_devices():
            self.speaker_box.addItem(name, name)
        self._select(self.speaker_box, st.output_device)
        form.addRow("Speaker (after a restart):", self.speaker_box)
        self.voice = QComboBox()
        self.voice.addItem("Default voice", "")
        if st.voice:
            self.voice.addItem(st.voice, st.voice)
        self._select(self.voice, st.voice)
        self.voices_handle = self._list_voices()
        self.rate = QSpinBox()
        self.rate.setRange(80, 320)
        self.rate.setSuffix(" words a minute")
        self.rate.setValue(st.rate_wpm)
        self.preview_button = QPushButton("Preview the voice")
        self.preview_button.setEnabled(services.speaker is not None and
                                       services.player is not None)
        self.read_aloud = QCheckBox("Read questions aloud")
        self.read_aloud.setChecked(st.read_aloud)
        form.addRow("Voice:", self.voice)
        form.addRow("Speaking rate:", self.rate)
        form.addRow("", self.preview_button)
        form.addRow("", self.read_aloud)
        tabs.addTab(sound, "&Sound")

        # timings
        timing = QWidget()
        tform = QFormLayout(timing)
        self.think = QSpinBox()
        self.think.setRange(0, 300)
        self.think.setSuffix(" s")
        self.think.setValue(st.think_time_s)
        self.think.setAccessibleName("Think time")
        self.limit = QSpinBox()
        self.limit.setRange(15, 900)
        self.limit.setSuffix(" s")
        self.limit.setValue(st.answer_limit_s)
        self.limit.setAccessibleName("Answer limit")
        tform.addRow("Think time before answering:", self.think)
        tform.addRow("Stop recording after:", self.limit)
        tabs.addTab(timing, "&Timing")

        # speech recognition
        speech = QWidget()
        sform = QFormLayout(speech)
        self.model_box = QComboBox()
        names = services.catalogue.names() if services.catalogue is not None else [st.model]
        for name in names:
            self.model_box.addItem(name, name)
        self._select(self.model_box, st.model)
        self.model_state_label = wrapped_label("Speech model state")
        self.prepare_button = QPushButton("Prepare this model")
        self.prepare_progress = QProgressBar()
        self.prepare_progress.setVisible(False)
        self.allow_download = QCheckBox("Allow downloading models (needs the internet)")
        self.allow_download.setChecked(st.allow_download)
        self.device = QComboBox()
        for label, value in (("Automatic", "auto"), ("CPU", "cpu"), ("CUDA GPU", "cuda")):
            self.device.addItem(label, value)
        self._select(self.device, st.device)
        self.device_note = wrapped_label("Device note", self._device_reason())
        self.fillers = QCheckBox("Keep “um” and “uh” in transcripts (slightly less accurate)")
        self.fillers.setChecked(st.filler_prompt)
        sform.addRow("Whisper model:", self.model_box)
        sform.addRow("", self.model_state_label)
        prow = QHBoxLayout()
        prow.addWidget(self.prepare_button)
        prow.addWidget(self.prepare_progress, 1)
        sform.addRow("", prow)
        sform.addRow("", self.allow_download)
        sform.addRow("Device:", self.device)
        sform.addRow("", self.device_note)
        sform.addRow("", self.fillers)
        self.measure_panel = ModelMeasurePanel(
            services.make_recommender() if services.make_recommender else None, tasks)
        sform.addRow(self.measure_panel)
        tabs.addTab(speech, "Speech &model")

        # data and banks
        data = QWidget()
        dform = QFormLayout(data)
        self.data_dir = QLineEdit(st.data_dir)
        self.data_dir.setPlaceholderText(str(services.paths.data_dir))
        browse = QPushButton("Choose…")
        drow = QHBoxLayout()
        drow.addWidget(self.data_dir, 1)
        drow.addWidget(browse)
        dform.addRow("Data folder (after a restart):", drow)
        self.banks = QListWidget()
        self.banks.addItems(st.custom_banks)
        self.banks.setAccessibleName("Your question banks")
        add_bank = QPushButton("Add a bank file…")
        remove_bank = QPushButton("Remove")
        brow = QHBoxLayout()
        brow.addWidget(add_bank)
        brow.addWidget(remove_bank)
        brow.addStretch(1)
        self.bank_note = wrapped_label("Question bank note", "\n".join(services.bank_problems))
        dform.addRow("Your question banks:", self.banks)
        dform.addRow("", brow)
        dform.addRow("", self.bank_note)
        tabs.addTab(data, "&Data and questions")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        lay = QVBoxLayout(self)
        lay.addWidget(tabs)
        lay.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self.preview_voice)
        self.model_box.currentIndexChanged.connect(self._show_model_state)
        self.prepare_button.clicked.connect(self.prepare_model)
        self.measure_panel.apply_requested.connect(lambda m, _b: self._select(self.model_box, m))
        browse.clicked.connect(self._browse_data)
        add_bank.clicked.connect(self.add_bank)
        remove_bank.clicked.connect(lambda: self.banks.takeItem(self.banks.currentRow()))
        self._show_model_state()

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _select(box: QComboBox, value: str) -> None:
        i = box.findData(value)
        box.setCurrentIndex(i if i >= 0 else 0)

    def _list_voices(self) -> TaskHandle | None:
        """Voices come from a child process (~0.3 s): list them in a worker."""
        speaker = self.s.speaker
        if speaker is None:
            return None
        handle = self.tasks.start("listing voices", lambda ctx: list(speaker.voices()))
        handle.finished.connect(self._fill_voices)
        handle.error.connect(lambda m: log.info("no voices: %s", m))
        return handle

    def _fill_voices(self, voices: list[Any]) -> None:
        keep = self.voice.currentData() or self.s.settings.voice
        self.voice.clear()
        self.voice.addItem("Default voice", "")
        for v in voices:
            self.voice.addItem(str(getattr(v, "name", v)), str(getattr(v, "id", v)))
        self._select(self.voice, keep)

    def _device_reason(self) -> str:
        reason = self.model_state.device_reason
        return (f"Now using {reason}." if reason else
                "The device is chosen when the speech model loads.")

    # ------------------------------------------------------------------ voice preview
    def preview_voice(self) -> TaskHandle | None:
        speaker, player = self.s.speaker, self.s.player
        if speaker is None or player is None:
            return None
        voice, rate = self.voice.currentData() or None, self.rate.value()

        def work(ctx: TaskContext) -> Any:
            return speaker.synthesise("This is how questions will sound.", voice=voice,
                                      rate=rate)

        handle = self.tasks.start("previewing the voice", work)
        handle.finished.connect(player.play)
        handle.error.connect(self.mic_note.setText)
        return handle

    # ------------------------------------------------------------------ model
    def _show_model_state(self) -> None:
        cat = self.s.catalogue
        name = self.model_box.currentData()
        if cat is None or not name:
            self.model_state_label.setText("The speech engine is not available.")
            self.prepare_button.setEnabled(False)
            return
        try:
            status = cat.status(name)
        except Exception as exc:
            log.exception("model status")
            self.model_state_label.setText(f"Unknown ({exc}).")
            return
        state = getattr(status.state, "value", str(status.state))
        words = {"ready": "Ready", "preparable": "Can be prepared from the installed pack",
                 "downloadable": "Needs a download", "missing": "Not available"}
        self.model_state_label.setText(f"{words.get(state, state)}: {status.source}.")
        self.prepare_button.setEnabled(state in ("preparable", "downloadable"))

    def prepare_model(self) -> TaskHandle | None:
        cat, name = self.s.catalogue, self.model_box.currentData()
        if cat is None or not name:
            return None
        cat.allow_download = self.allow_download.isChecked()

        def work(ctx: TaskContext) -> Any:
            return cat.prepare(name, progress=lambda f: ctx.progress(f, ""))

        self.prepare_progress.setRange(0, 100)
        self.prepare_progress.setValue(0)
        self.prepare_progress.setVisible(True)
        self.prepare_button.setEnabled(False)
        handle = self.tasks.start("preparing the model", work)
        handle.progress.connect(lambda f, _m: self.prepare_progress.setValue(round(f * 100)))
        handle.finished.connect(lambda _p: self._prepared(""))
        handle.error.connect(self._prepared)
        self.prepare_handle = handle
        return handle

    def _prepared(self, error: str) -> None:
        self.prepare_progress.setVisible(False)
        self._show_model_state()
        if error:
            self.model_state_label.setText(error)

    # ------------------------------------------------------------------ data
    def _browse_data(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Data folder", self.data_dir.text())
        if folder:
            self.data_dir.setText(folder)

    def add_bank(self, path: str | None = None) -> bool:
        """Load a TOML bank; its errors are shown here and it is added only if it loads."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Question bank", str(Path.home()),
                                                  "Question banks (*.toml)")
            if not path:
                return False
        if self.s.load_bank is None:
            return False
        try:
            bank = self.s.load_bank(Path(path))
        except InterviewerError as exc:
            lines = exc.all_messages() if hasattr(exc, "all_messages") else [str(exc)]
            self.bank_note.setText("\n".join(lines))
            return False
        self.banks.addItem(str(path))
        self.bank_note.setText(f"Loaded “{bank.title}”: {len(bank.questions)} questions "
                               "(shown after a restart).")
        return True

    # ------------------------------------------------------------------ save
    def new_settings(self) -> Any:
        st = self.s.settings
        model = self.model_box.currentData() or st.model
        return replace(
            st, input_device=self.mic.currentData() or "",
            output_device=self.speaker_box.currentData() or "",
            voice=self.voice.currentData() or "", rate_wpm=self.rate.value(),
            read_aloud=self.read_aloud.isChecked(), think_time_s=self.think.value(),
            answer_limit_s=self.limit.value(), model=model,
            model_chosen=st.model_chosen or model != st.model,
            beam_size=self.measure_panel.beam_size_for(model, st.model, st.beam_size),
            allow_download=self.allow_download.isChecked(),
            device=self.device.currentData() or "auto", filler_prompt=self.fillers.isChecked(),
            data_dir=self.data_dir.text().strip(),
            custom_banks=[self.banks.item(i).text() for i in range(self.banks.count())])

    def accept(self) -> None:
        self.mic_test.stop()
        self.measure_panel.cancel()
        old, new = self.s.settings, self.new_settings()
        engine_changed = (old.model, old.device, old.allow_download, old.filler_prompt,
                          old.beam_size) != (new.model, new.device, new.allow_download,
                                             new.filler_prompt, new.beam_size)
        for field_name, value in vars(new).items():
            setattr(old, field_name, value)  # one Settings object is shared by every view
        try:
            self.s.save_settings()
        except OSError as exc:
            self.bank_note.setText(f"Settings could not be saved ({exc}).")
            return
        if engine_changed and self.s.make_engine is not None:
            try:
                engine = self.s.make_engine(old)
            except InterviewerError as exc:
                self.s.problems["model"] = str(exc)
            else:
                self.model_state.replace_engine(engine)
        super().accept()

    def reject(self) -> None:
        self.mic_test.stop()
        self.measure_panel.cancel()
        super().reject()
