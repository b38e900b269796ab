"""Attempts that last: one folder per attempt (the facts) and a SQLite index (a cache).

Importing this package does nothing; import the modules you use. The API the GUI and CLI use
(all from one thread: sqlite3's default ``check_same_thread=True`` is kept)::

    from interviewer.storage.store import AttemptStore
    store = AttemptStore.open(data_dir)   # 0700 dir; migrate; rebuild missing/corrupt index
    store.problems / store.set_aside / store.primary / store.rebuilt
    store.start_session(kind="single"|"mock", title="", planned=1) -> SessionInfo
    store.begin_attempt(question, session_id | None, settings_snapshot) -> AttemptDraft
        # draft.audio_path: record there; the folder + "recording" sidecar already exist
    store.complete_attempt(attempt_id, transcript, score, *, model, device, duration_s,
                           scorer_version=None, status="complete") -> AttemptRecord
    store.mark_failed(attempt_id, reason) -> AttemptRecord
    store.load_attempt(attempt_id) -> AttemptRecord      # raises InterviewerError subclasses
    store.session_attempts(session_id) -> list[AttemptRecord]
    store.delete_attempt(attempt_id); store.rebuild() -> SyncReport; store.close()
    store.queries.history / attempt / sessions / latest_per_question / best_per_question /
        score_series / component_series / overall_series / retryable / compare / due
        (see interviewer.storage.queries)

    from interviewer.storage.recovery import recover, retry_unscored
    recover(store, repair_wav, transcribe=None, score=None) -> RecoveryReport   # at start
    retry_unscored(store, transcribe, score=None) -> list[AttemptRecord]
    from interviewer.storage.rescoring import rescore_all
    rescore_all(store, lookup=..., force=False) -> RescoreReport
    from interviewer.storage.export import export_report, attempt_markdown, relative_link
    from interviewer.storage.export_html import attempt_html, session_html

Modules: layout (paths, ids), sidecar (the JSON file), schema + database (SQLite, migrations),
store, queries, compare, schedule (Leitner boxes), recovery, rescoring, export (report_content,
export_markdown, export_html),
lock (the primary instance).
"""
