"""Without the pack the scorer still works from its word rules and says so."""

from __future__ import annotations

import pytest

from interviewer import meaning_setup
from interviewer.core.scoring import score_answer
from interviewer.meaning import pack
from interviewer.paths import AppPaths


def test_missing_pack_gives_no_encoder_and_a_sentence(app_paths: AppPaths,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pack.importlib.util, "find_spec", lambda name: None)
    encoder, why = meaning_setup.load_encoder_or_none(app_paths)
    assert encoder is None and why is not None
    assert why.startswith("The sentence-meaning model is not installed;")
    result = score_answer("Dropout switches off units in training.", kind="technical",
                          encoder=encoder)
    assert any("word rules only" in n for n in result.notes)
