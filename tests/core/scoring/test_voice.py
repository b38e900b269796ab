"""Voice bands, flags and pace over the answer (pure logic, figures chosen by hand)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from interviewer.core.scoring import score_answer
from interviewer.core.scoring.result import ScoreResult
from interviewer.core.scoring.voice import (
    Voice,
    VoiceMeasures,
    judge_voice,
    pace_windows,
)
from interviewer.core.transcript import Segment, Transcript, Word

PLAIN = VoiceMeasures(duration_s=60.0, voiced_s=30.0, pitch_median_hz=120.0,
                      pitch_mean_hz=125.0, pitch_sd_hz=25.0, pitch_sd_st=3.2,
                      loudness_lufs=-22.0, loudness_sd_lu=2.5,
                      phrase_drops_db=(1.0, 2.0, 0.5, 3.0), clipped_fraction=0.0)


def timed(rates: list[tuple[float, float]]) -> Transcript:
    """Words at ``per_s`` words a second for ``seconds``, one span after another."""
    words, t = [], 0.0
    for seconds, per_s in rates:
        end = t + seconds
        while t < end - 1e-9:
            words.append(Word("word", round(t, 3), round(t + 0.8 / per_s, 3)))
            t += 1.0 / per_s
    return Transcript((Segment(" ".join(w.text for w in words), 0.0, t, tuple(words)),))


def test_pace_per_ten_seconds_and_a_drift() -> None:
    tr = timed([(20, 2.0), (10, 3.0)])
    pace = pace_windows(tr)
    assert [p.start_s for p in pace] == [0.0, 10.0, 20.0]
    assert [p.wpm for p in pace] == pytest.approx([120, 120, 180], abs=8)
    v = judge_voice(PLAIN, tr)
    assert v.pace_drift == pytest.approx(0.5, abs=0.08) and "pace_drift" in v.flags
    assert "sped up" in v.notes[v.flags.index("pace_drift")]
    steady = judge_voice(PLAIN, timed([(30, 2.5)]))
    assert "pace_drift" not in steady.flags and steady.flags == ()


def test_untimed_text_has_no_pace() -> None:
    assert pace_windows(Transcript.from_text("no timings here")) == ()


@pytest.mark.parametrize(("change", "flag"), [
    ({"pitch_sd_hz": 10.0}, "monotone"),
    ({"pitch_sd_hz": 13.5}, "flat"),
    ({"loudness_lufs": -41.0}, "quiet"),
    ({"loudness_sd_lu": 7.5}, "unsteady"),
    ({"phrase_drops_db": (8.0, 9.0, 1.0, 0.0)}, "trailing_off"),
    ({"clipped_fraction": 0.01}, "clipping"),
])
def test_each_band_raises_its_flag_with_a_plain_note(change: dict[str, object],
                                                     flag: str) -> None:
    v = judge_voice(replace(PLAIN, **change), Transcript.from_text("x"))  # type: ignore[arg-type]
    assert v.flags == (flag,)
    assert len(v.notes) == 1 and v.notes[0].endswith(".")


def test_too_little_voice_says_nothing_about_pitch() -> None:
    v = judge_voice(replace(PLAIN, voiced_s=1.0, pitch_sd_hz=1.0), Transcript.from_text("x"))
    assert v.pitch_pvq is None and v.pitch_sd_st is None and "monotone" not in v.flags


def test_voice_is_saved_with_the_score_and_its_flags_reach_the_tips() -> None:
    voice = judge_voice(replace(PLAIN, loudness_lufs=-41.0), timed([(30, 2.5)]))
    text = "Dropout switches off random units during training so the network cannot rely on one."
    result = score_answer(text, kind="technical", voice=voice)
    assert result.voice == voice
    assert any("quiet" in tip for tip in result.tips)
    back = ScoreResult.from_dict(result.to_dict())
    assert back.voice == voice
    assert Voice.from_dict(None) is None
    plain = score_answer(text, kind="technical")
    assert plain.voice is None and plain.to_dict()["voice"] is None
    assert plain.overall == result.overall  # the voice does not change the score
