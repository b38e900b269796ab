"""A follow-up and its recorded reply are kept with the attempt, survive a rebuild of the
index, and a reply cut off by a crash is repaired and kept."""

from __future__ import annotations

import wave
from pathlib import Path

from interviewer.audio.wavfile import repair_wav
from interviewer.core.scoring import score_answer
from interviewer.core.scoring.follow_up_answer import score_follow_up
from interviewer.storage.recovery import recover
from interviewer.storage.store import AttemptStore
from tests.storage.helpers import make_question, timed_transcript, write_wav

ASKED = {"question": "And at test time?", "reason": "The answer did not cover: inference.",
         "key": "concept:train_only"}


def answered(store: AttemptStore) -> str:
    q = make_question("q01")
    draft = store.begin_attempt(q, None, {})
    write_wav(draft.audio_path, 0.5)
    transcript = timed_transcript("dropout switches off random units while training")
    store.complete_attempt(draft.attempt_id, transcript, score_answer(transcript, question=q),
                           model="fake", device="cpu", duration_s=0.5)
    return draft.attempt_id


def test_the_reply_is_recorded_in_the_attempt_folder_and_saved_with_its_gain(
        tmp_path: Path) -> None:
    data = tmp_path / "d"
    with AttemptStore.open(data) as store:
        attempt_id = answered(store)
        path = store.begin_follow_up(attempt_id, ASKED)
        assert path.parent == store.layout.attempt_dir(attempt_id)
        assert path.name == "follow-up.wav"
        assert store.load_attempt(attempt_id).follow_up["status"] == "recording"  # type: ignore[index]
        write_wav(path, 0.4, seed=2)
        record = store.load_attempt(attempt_id)
        reply = timed_transcript("at test time dropout is turned off")
        main = record.score_result()
        assert main is not None and record.transcript is not None
        combined, gain = score_follow_up(main, record.transcript, reply,
                                         question=record.question)
        store.complete_follow_up(attempt_id, reply, combined, gain.to_dict(), 0.4)
        original_score = record.score
    with AttemptStore.open(data) as store:
        store.rebuild()
        record = store.load_attempt(attempt_id)
        follow = record.follow_up
        assert follow is not None and follow["status"] == "complete"
        assert follow["question"] == ASKED["question"] and follow["key"] == ASKED["key"]
        assert follow["transcript"]["text"].strip() == "at test time dropout is turned off"
        assert follow["gain"]["overall_before"] == record.overall
        assert record.score == original_score  # the first answer's score is untouched
        assert record.follow_up_audio == path and record.audio_path.exists()


def test_a_skipped_follow_up_is_remembered_without_a_recording(tmp_path: Path) -> None:
    with AttemptStore.open(tmp_path / "d") as store:
        attempt_id = answered(store)
        store.end_follow_up(attempt_id, ASKED, "skipped")
        record = store.load_attempt(attempt_id)
        assert record.follow_up is not None and record.follow_up["status"] == "skipped"
        assert record.follow_up["question"] == ASKED["question"]
        assert record.follow_up["audio_file"] is None and record.follow_up_audio is None


def test_a_reply_cut_off_by_a_crash_is_repaired_kept_and_marked(tmp_path: Path) -> None:
    data = tmp_path / "d"
    with AttemptStore.open(data) as store:
        attempt_id = answered(store)
        path = store.begin_follow_up(attempt_id, ASKED)
        raw = bytearray(write_wav(path, 0.5, seed=3))
        raw[4:8] = raw[40:44] = b"\0\0\0\0"  # the header of a WAV whose writer died
        path.write_bytes(bytes(raw))
    with AttemptStore.open(data) as store:
        report = recover(store, repair_wav)
        assert report.follow_ups_ended == [attempt_id] and report.anything
        record = store.load_attempt(attempt_id)
        assert record.status == "complete"
        follow = record.follow_up
        assert follow is not None and follow["status"] == "failed"
        assert "0.5 s" in follow["status_detail"]
        with wave.open(str(path)) as w:
            assert w.getnframes() == 8000
        assert recover(store, repair_wav).follow_ups_ended == []  # once only


def test_reports_show_the_voice_the_follow_up_and_the_coach(tmp_path: Path) -> None:
    from interviewer.core.scoring.voice import VoiceMeasures, judge_voice
    from interviewer.storage.export import export_report

    data = tmp_path / "d"
    with AttemptStore.open(data) as store:
        q = make_question("q01")
        session = store.start_session("mock", title="Friday", planned=1)
        draft = store.begin_attempt(q, session.session_id, {})
        write_wav(draft.audio_path, 0.5)
        transcript = timed_transcript("dropout switches off random units while training")
        voice = judge_voice(VoiceMeasures(
            duration_s=12.0, voiced_s=8.0, pitch_median_hz=120.0, pitch_mean_hz=121.0,
            pitch_sd_hz=8.0, pitch_sd_st=1.1, loudness_lufs=-24.0, loudness_sd_lu=2.0,
            phrase_drops_db=(), clipped_fraction=0.0), transcript)
        store.complete_attempt(draft.attempt_id, transcript,
                               score_answer(transcript, question=q, voice=voice),
                               model="fake", device="cpu", duration_s=0.5)
        path = store.begin_follow_up(draft.attempt_id, ASKED)
        write_wav(path, 0.4, seed=2)
        record = store.load_attempt(draft.attempt_id)
        main = record.score_result()
        assert main is not None and record.transcript is not None
        reply = timed_transcript("at test time dropout is turned off")
        combined, gain = score_follow_up(main, record.transcript, reply, question=q)
        store.complete_follow_up(draft.attempt_id, reply, combined, gain.to_dict(), 0.4)
        out = tmp_path / "out"
        md_text = export_report(store, draft.attempt_id, "md", out / "a.md").read_text()
        assert "## Voice" in md_text and "Pitch variation" in md_text and "outside" in md_text
        assert "## Follow-up" in md_text and ASKED["question"] in md_text
        assert "follow-up.wav](" in md_text and "Reply: " in md_text
        html_text = export_report(store, draft.attempt_id, "html", out / "a.html").read_text()
        assert "<h2>Voice</h2>" in html_text and "<h2>Follow-up</h2>" in html_text
        assert 'follow-up.wav"' in html_text
        session_md = export_report(store, session.session_id, "md", out / "s.md").read_text()
        assert "## Coach's report" in session_md and "### Follow-ups" in session_md
        assert "A flat voice" in session_md or "Key ideas left out" in session_md


def test_a_rescore_scores_the_answered_follow_up_again(tmp_path: Path) -> None:
    from interviewer.core.scoring import ScoreResult
    from interviewer.storage.recovery import default_score
    from interviewer.storage.rescoring import rescore_all

    with AttemptStore.open(tmp_path / "d") as store:
        attempt_id = answered(store)
        path = store.begin_follow_up(attempt_id, ASKED)
        write_wav(path, 0.4, seed=2)
        record = store.load_attempt(attempt_id)
        main = record.score_result()
        assert main is not None and record.transcript is not None
        reply = timed_transcript("at test time dropout is turned off")
        combined, gain = score_follow_up(main, record.transcript, reply,
                                         question=record.question)
        store.complete_follow_up(attempt_id, reply, combined, gain.to_dict(), 0.4)
        # an older scorer's figures
        store.update_attempt(attempt_id, lambda d: d["follow_up"].update(
            gain={**d["follow_up"]["gain"], "summary": "stale", "overall_after": 1}))
        calls: list[str] = []

        def again(new: object, t: object, r: object, q: object) -> tuple[object, dict]:
            calls.append(r.text)  # type: ignore[attr-defined]
            res = new if isinstance(new, ScoreResult) else ScoreResult.from_dict(new)  # type: ignore[arg-type]
            c, g = score_follow_up(res, t, r, question=q)  # type: ignore[arg-type]
            return c, g.to_dict()

        rescore_all(store, score=default_score, force=True, follow_up=again)
        follow = store.load_attempt(attempt_id).follow_up
        assert calls == [reply.text]
        assert follow is not None and follow["gain"] == gain.to_dict()
        assert follow["status"] == "complete" and follow["transcript"]["text"]
