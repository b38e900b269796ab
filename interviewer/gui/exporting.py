"""Reports of an attempt or a session: records are read in the GUI thread (the store's thread),
rendered and written in a worker with :mod:`interviewer.storage.export`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from interviewer.gui.services import Services
from interviewer.gui.workers import TaskContext, TaskHandle, TaskRunner


def ask_target(parent: QWidget, name: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, "Export report", str(Path.home() / name),
                                            "Web page (*.html);;Markdown (*.md)")
    return Path(chosen) if chosen else None


def _fmt(target: Path) -> str:
    return "md" if target.suffix.lower() == ".md" else "html"


def _write(target: Path, text: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def export_attempt(services: Services, tasks: TaskRunner, attempt_id: str,
                   target: Path) -> TaskHandle:
    from interviewer.storage import export_html

    export = services.export
    record = services.store.load_attempt(attempt_id)
    link = export.relative_link(record.audio_path, target) if record.audio_path.exists() \
        else None
    md = _fmt(target) == "md"

    def work(ctx: TaskContext) -> Path:
        return _write(target, export.attempt_markdown(record, link) if md
                      else export_html.attempt_html(record, link))

    return tasks.start("exporting the report", work)


def export_session(services: Services, tasks: TaskRunner, session_id: str,
                   target: Path) -> TaskHandle:
    from interviewer.storage import export_html

    export = services.export
    store = services.store
    session = store.session(session_id)
    records = store.session_attempts(session_id)
    links: list[Any] = [export.relative_link(r.audio_path, target) if r.audio_path.exists()
                        else None for r in records]
    md = _fmt(target) == "md"

    def work(ctx: TaskContext) -> Path:
        return _write(target, export.session_markdown(session, records, links) if md
                      else export_html.session_html(session, records, links))

    return tasks.start("exporting the report", work)
