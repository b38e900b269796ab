"""Reports: an attempt or a session as Markdown or as one self-contained HTML file.

API::

    export_report(store, target_id, fmt="md" | "html", out=Path) -> Path
    attempt_markdown(record, audio_link) -> str      session_markdown(session, records, links)
    attempt_html(record, audio_link) -> str          session_html(session, records, links)
        (in interviewer.storage.export_html)

The shared content is in :mod:`.report_content`, the Markdown in :mod:`.export_markdown`.

A report holds: the question, the overall score and each component with its explanation, the
concepts (hit / possible / missed), the STAR parts with their evidence, delivery figures next to
their target bands, the tips, the transcript with each sentence's STAR label and the matched
concepts marked, the voice figures against their bands, the follow-up asked with the reply and
what it added, and a link to the recording *relative to the report file* (so a report and
the data dir can be moved together). A session report starts with the coach's report (what to
work on first, with the answers that show it; the strongest answer; the trend against earlier
sessions; how the follow-ups went). Everything comes from the stored sidecar: the score's
``sentences``/``concepts`` are used as scored, nothing is re-computed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.core.errors import InputError
from interviewer.storage.coaching_data import session_coach_report
from interviewer.storage.export_html import attempt_html, session_html
from interviewer.storage.export_markdown import attempt_markdown, session_markdown
from interviewer.storage.report_content import FORMATS, relative_link

if TYPE_CHECKING:
    from interviewer.storage.store import AttemptStore

__all__ = ["FORMATS", "attempt_html", "attempt_markdown", "export_report", "relative_link",
           "session_html", "session_markdown"]


# ---------------------------------------------------------------- files
def export_report(store: AttemptStore, target_id: str, fmt: str, out: Path) -> Path:
    """Write the report of an attempt or a session id to ``out``; returns ``out``."""
    if fmt not in FORMATS:
        raise InputError(f"Unknown report format {fmt!r}: use md or html.")
    out = Path(out)
    is_attempt = store.queries.attempt(target_id) is not None
    if not is_attempt and not any(s.session_id == target_id for s in store.queries.sessions()):
        raise InputError(f"There is no attempt or session {target_id!r}; "
                         "see `interviewer history`.")
    out.parent.mkdir(parents=True, exist_ok=True)
    if is_attempt:
        record = store.load_attempt(target_id)
        link = relative_link(record.audio_path, out) if record.audio_path.exists() else None
        text = attempt_markdown(record, link) if fmt == "md" else attempt_html(record, link)
    else:
        session = store.session(target_id)
        records = store.session_attempts(session.session_id)
        links = [relative_link(r.audio_path, out) if r.audio_path.exists() else None
                 for r in records]
        coach = session_coach_report(store, session.session_id, records)
        text = (session_markdown(session, records, links, coach) if fmt == "md"
                else session_html(session, records, links, coach))
    out.write_text(text, encoding="utf-8")
    return out
