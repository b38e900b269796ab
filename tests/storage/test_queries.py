"""History, latest/best, series, comparison and the practice schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from interviewer.storage.schedule import due_items, leitner_box
from interviewer.storage.store import AttemptStore
from tests.storage.helpers import fake_score, make_question, timed_transcript


def add(store: AttemptStore, qid: str, text: str, bonus: int = 0) -> str:
    q = make_question(qid)
    draft = store.begin_attempt(q, None, {})
    t = timed_transcript(text)
    store.complete_attempt(draft.attempt_id, t, fake_score(t, q, bonus=bonus),
                           model="tiny.en", device="cpu", duration_s=3.0, scorer_version="s1")
    return draft.attempt_id


def test_history_latest_best_and_series(tmp_path: Path) -> None:
    with AttemptStore.open(tmp_path / "d") as store:
        a1 = add(store, "q01", "overfitting means a gap between train and validation")
        a2 = add(store, "q01", "gap on validation fixed with dropout and more data", bonus=10)
        a3 = add(store, "q01", "short answer")
        b1 = add(store, "q02", "dropout")
        failed = store.begin_attempt(make_question("q03"), None, {})
        store.mark_failed(failed.attempt_id, "transcription failed: boom")
        q = store.queries
        assert [s.attempt_id for s in q.history(question_id="q01")] == [a3, a2, a1]
        assert [s.attempt_id for s in q.history(statuses=["failed"])] == [failed.attempt_id]
        assert q.history(since=datetime.now(UTC) + timedelta(days=1)) == []
        assert len(q.history(until=datetime.now(UTC) + timedelta(days=1))) == 5
        assert q.latest_per_question()["q01"].attempt_id == a3
        assert q.best_per_question()["q01"].attempt_id == a2
        assert set(q.latest_per_question()) == {"q01", "q02"}
        overall = q.score_series("q01")
        assert [p.attempt_id for p in overall] == [a1, a2, a3]
        assert [p.value for p in overall] == [float(q.attempt(i).overall or 0)  # type: ignore[union-attr]
                                             for i in (a1, a2, a3)]
        content = q.score_series("q01", "content")
        assert [p.max for p in content] == [40.0] * 3
        assert set(q.component_series("q01")) == {"content", "delivery"}
        assert [p.attempt_id for p in q.overall_series()] == [a1, a2, a3, b1]
        assert [s.attempt_id for s in q.retryable()] == [failed.attempt_id]
        assert q.history(statuses=["failed"])[0].status_detail == "transcription failed: boom"


def test_compare_two_attempts(tmp_path: Path) -> None:
    with AttemptStore.open(tmp_path / "d") as store:
        a = add(store, "q01", "the gap between training and validation grows")
        b = add(store, "q01", "use dropout and more data to close it")
        cmp = store.queries.compare(a, b)
    assert cmp.concepts_lost == ("gap between training and validation",)
    assert set(cmp.concepts_gained) == {"regularisation", "more data"}
    assert cmp.overall_delta == (cmp.b_overall or 0) - (cmp.a_overall or 0)
    names = [c.name for c in cmp.components]
    assert names == ["content", "delivery"]
    ops = {c.op for c in cmp.transcript_diff}
    assert "replace" in ops or "insert" in ops
    assert 0.0 <= cmp.word_similarity < 1.0
    assert cmp.to_dict()["concepts_lost"] == list(cmp.concepts_lost)


def test_leitner_boxes() -> None:
    assert leitner_box([]) == 0
    assert leitner_box([40]) == 1
    assert leitner_box([85, 90]) == 3
    assert leitner_box([85, 90, 30]) == 1
    assert leitner_box([85, 60]) == 2
    assert leitner_box([95] * 10) == 5


def test_due_order_never_then_weakest_and_oldest() -> None:
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    day = timedelta(days=1)
    history = {
        "q01": [((now - 10 * day).isoformat(), 70)],  # box 1, overdue, score 70
        "q02": [((now - 3 * day).isoformat(), 40)],  # box 1, overdue, weakest
        "q03": [((now - 5 * day).isoformat(), 70)],  # box 1, overdue, same score as q01, newer
        "q04": [((now - 2 * day).isoformat(), 90), ((now - day / 2).isoformat(), 90)],  # box 3
    }
    items = due_items(["q01", "q02", "q03", "q04", "q05"], history, now)
    assert [i.question_id for i in items] == ["q05", "q02", "q01", "q03", "q04"]
    assert [i.is_due for i in items] == [True, True, True, True, False]
    assert items[-1].box == 3 and items[-1].due_at == (now - day / 2 + 4 * day).isoformat()


def test_due_from_store(tmp_path: Path) -> None:
    with AttemptStore.open(tmp_path / "d") as store:
        add(store, "q02", "dropout")
        items = store.queries.due(["q01", "q02"], now=datetime.now(UTC) + timedelta(days=2))
    assert [(i.question_id, i.practised, i.is_due) for i in items] == [
        ("q01", False, True), ("q02", True, True)]
