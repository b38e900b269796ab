"""The feedback's voice panel: figures against their bands, pitch and pace charts, click to
replay from a moment."""

from __future__ import annotations

from typing import Any

from interviewer.core.bank import load_bundled_bank
from interviewer.core.scoring import score_answer
from interviewer.core.scoring.voice import VoiceMeasures, judge_voice
from interviewer.core.transcript import Segment, Transcript, Word
from interviewer.gui.views.feedback_view import FeedbackView


def _transcript(seconds: int = 40) -> Transcript:
    words = tuple(Word("dropout", t * 0.4, t * 0.4 + 0.3) for t in range(seconds * 5 // 2))
    return Transcript((Segment(" ".join(w.text for w in words), 0.0, float(seconds), words),))


def test_voice_figures_bands_and_charts(qtbot: Any) -> None:
    question = load_bundled_bank().get("q05")
    assert question is not None
    transcript = _transcript()
    measures = VoiceMeasures(
        duration_s=40.0, voiced_s=25.0, pitch_median_hz=118.0, pitch_mean_hz=120.0,
        pitch_sd_hz=9.0, pitch_sd_st=1.3, loudness_lufs=-38.0, loudness_sd_lu=2.0,
        phrase_drops_db=(1.0, 8.0), clipped_fraction=0.0,
        phrase_tails=((3.0, 4.0), (9.0, 10.5)),
        pitch_track=tuple((t / 4, 118.0 + (t % 7)) for t in range(160)),
        loudness_track=tuple((float(t), -38.0) for t in range(38)))
    voice = judge_voice(measures, transcript)
    score = score_answer(transcript, question=question, voice=voice)
    view = FeedbackView(None, "no speaker")
    qtbot.addWidget(view)
    view.show_answer(question, score, transcript, None)
    panel = view.voice
    assert not panel.isHidden()
    assert view.replay.waveform.spans == [(9.0, 10.5)]  # the phrase end that trailed off
    assert "trailed off" in view.replay.waveform.toolTip()
    rows = {name: (value, ok) for name, value, _band, ok in panel.rows}
    assert rows["Pitch variation"] == ("0.07 (1.3 semitones)", False)  # monotone
    assert rows["Loudness"] == ("-38 LUFS", False)  # too quiet
    assert rows["Volume steadiness"][1] is True
    assert "barely moved" in panel.notes.text() and "quiet" in panel.notes.text()
    assert not panel.pitch_plot.isHidden() and not panel.pace_plot.isHidden()
    assert len(panel.pace_plot.getPlotItem().items) >= 2  # band and bars
    seeks: list[float] = []
    panel.play_at.connect(seeks.append)
    view.show()
    qtbot.waitExposed(view)

    class Click:
        def scenePos(self) -> Any:
            vb = panel.pace_plot.getPlotItem().vb
            return vb.mapViewToScene(vb.mapToView(vb.boundingRect().center()))

    panel._clicked(panel.pace_plot, Click())
    assert seeks and 0.0 <= seeks[0] <= 45.0


def test_no_recording_no_voice_panel(qtbot: Any) -> None:
    question = load_bundled_bank().get("q05")
    assert question is not None
    view = FeedbackView(None, "no speaker")
    qtbot.addWidget(view)
    view.show_answer(question, score_answer("Dropout helps.", question=question), None, None)
    assert view.voice.isHidden() and view.voice.rows == []
