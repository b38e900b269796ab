"""Markdown and HTML reports of an attempt and of a session."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from interviewer.core.errors import InputError
from interviewer.storage.export import export_report
from interviewer.storage.store import AttemptStore
from tests.storage.helpers import fake_score, make_question, timed_transcript, write_wav

VOID = {"meta", "br", "hr", "img", "input", "link", "source", "wbr", "col", "area", "base"}
TEXT = ("At my last job the validation gap <grew>. I added dropout & weight decay. "
        "As a result the error fell by 20 percent.")


class BalanceChecker(HTMLParser):
    """Checks that every non-void tag is closed in order; collects text and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v for k, v in attrs if k in ("href", "src") and v]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html_text: str) -> BalanceChecker:
    checker = BalanceChecker()
    checker.feed(html_text)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    return checker


@pytest.fixture
def saved(tmp_path: Path) -> tuple[AttemptStore, str, str]:
    store = AttemptStore.open(tmp_path / "data")
    session = store.start_session("mock", title="Friday <mock>", planned=2)
    ids = []
    for qid in ("q01", "q02"):
        q = make_question(qid)
        draft = store.begin_attempt(q, session.session_id, {})
        write_wav(draft.audio_path, 0.2)
        t = timed_transcript(TEXT)
        store.complete_attempt(draft.attempt_id, t, fake_score(t, q), model="tiny.en",
                               device="cpu", duration_s=0.2, scorer_version="s1")
        ids.append(draft.attempt_id)
    yield store, ids[0], session.session_id
    store.close()


def test_attempt_html_is_valid_and_complete(saved: tuple[AttemptStore, str, str],
                                            tmp_path: Path) -> None:
    store, attempt_id, _ = saved
    out = export_report(store, attempt_id, "html", tmp_path / "reports" / "a.html")
    text = out.read_text(encoding="utf-8")
    checker = parse(text)
    visible = " ".join("".join(checker.text).split())
    assert "validation gap <grew>" in visible  # the transcript, escaped and shown
    assert "<grew>" not in text and "&lt;grew&gt;" in text
    assert '<mark class="concept">dropout</mark>' in text
    assert "star-situation" in text and "star-result" in text
    assert "120-165 words/min" in visible and "Name one concrete fix & say why" in visible
    assert not any(u.startswith(("http:", "https:", "//")) for u in checker.urls)
    assert "<script" not in text and "<link" not in text
    audio_links = [u for u in checker.urls if u.endswith(".wav")]
    assert audio_links
    for link in audio_links:  # relative, and it resolves to the stored recording
        target = (out.parent / unquote(link)).resolve()
        assert target == store.load_attempt(attempt_id).audio_path.resolve()


def test_attempt_markdown_has_scores_tips_and_transcript(
        saved: tuple[AttemptStore, str, str], tmp_path: Path) -> None:
    store, attempt_id, _ = saved
    record = store.load_attempt(attempt_id)
    out = export_report(store, attempt_id, "md", tmp_path / "a.md")
    text = out.read_text(encoding="utf-8")
    assert f"Score: {record.overall} / 100" in text
    assert "| content | " in text and "| delivery | " in text
    assert "1. Name one concrete fix & say why it works." in text
    assert "[SITUATION] At my last job the **validation** gap \\<grew\\>." in text
    assert "**dropout**" in text
    assert "| Pace | 150 words/min | 120-165 words/min | ok |" in text
    link = f"(data/attempts/{attempt_id}/answer.wav)"
    assert link in text


def test_session_reports(saved: tuple[AttemptStore, str, str], tmp_path: Path) -> None:
    store, _, session_id = saved
    md_text = export_report(store, session_id, "md", tmp_path / "s.md").read_text()
    assert md_text.startswith("# Mock interview: Friday \\<mock\\>")
    assert "Questions answered: 2 of 2" in md_text
    assert md_text.count("Score: ") == 2
    html_text = export_report(store, session_id, "html", tmp_path / "s.html").read_text()
    checker = parse(html_text)
    assert "Friday <mock>" in "".join(checker.text)
    assert html_text.count("<section id=") == 2  # one per answer
    assert html_text.count("<section class=\"coach\">") == 1
    assert "Coach's report" in md_text and "Strongest answer" in md_text
    assert "<h2>Coach's report</h2>" in html_text


def test_unknown_target_or_format(saved: tuple[AttemptStore, str, str], tmp_path: Path) -> None:
    store, attempt_id, _ = saved
    with pytest.raises(InputError, match="no attempt or session"):
        export_report(store, "20200101T000000Z-00000000", "md", tmp_path / "x.md")
    with pytest.raises(InputError, match="md or html"):
        export_report(store, attempt_id, "pdf", tmp_path / "x.pdf")


def test_unscored_attempt_report(tmp_path: Path) -> None:
    with AttemptStore.open(tmp_path / "d") as store:
        draft = store.begin_attempt(make_question(), None, {})
        store.mark_failed(draft.attempt_id, "transcription failed: <boom>")
        md_text = export_report(store, draft.attempt_id, "md", tmp_path / "f.md").read_text()
        html_text = export_report(store, draft.attempt_id, "html",
                                  tmp_path / "f.html").read_text()
    assert "Not scored yet" in md_text and "\\<boom\\>" in md_text
    parse(html_text)
    assert "&lt;boom&gt;" in html_text
