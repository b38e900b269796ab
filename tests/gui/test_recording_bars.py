"""The recording screen's bars say what they are; a quiet microphone is called out after 2 s."""

from __future__ import annotations

from typing import Any

from interviewer.gui.widgets.recording_bars import QUIET_TEXT, RecordingBars


def feed(bars: RecordingBars, start: float, end: float, rms: float) -> None:
    t = start
    while t <= end + 1e-9:
        bars.update_bars(t, rms, rms + 6, target_s=60, limit_s=120)
        t = round(t + 0.1, 3)


def test_each_bar_has_a_label_and_the_time_reads_against_target_and_limit(qtbot: Any) -> None:
    bars = RecordingBars()
    qtbot.addWidget(bars)
    bars.show()
    assert bars.meter_label.text() == "Microphone level" and bars.meter_label.buddy() is bars.meter
    assert bars.time_title.text() == "Time" and bars.time_title.buddy() is bars.time_bar
    feed(bars, 0.0, 30.0, -20.0)
    assert bars.time_label.text() == "0:30 of about 1:00 · limit 2:00"
    assert bars.time_bar.value() == bars.time_bar.maximum() // 4
    feed(bars, 30.1, 65.0, -20.0)
    assert "past the target" in bars.time_label.text()
    assert not bars.too_quiet


def test_too_quiet_after_two_seconds_of_low_level_and_gone_when_speech_returns(
        qtbot: Any) -> None:
    bars = RecordingBars()
    qtbot.addWidget(bars)
    bars.show()
    feed(bars, 0.0, 1.5, -55.0)
    assert not bars.too_quiet  # not yet two seconds
    feed(bars, 1.6, 2.5, -55.0)
    assert bars.too_quiet and bars.quiet_label.text() == QUIET_TEXT
    feed(bars, 2.6, 2.8, -22.0)
    assert not bars.too_quiet
    feed(bars, 2.9, 4.0, -55.0)  # a short pause after speech is not "too quiet"
    assert not bars.too_quiet
    bars.reset()
    assert not bars.too_quiet and bars.time_label.text() == ""
