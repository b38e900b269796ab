"""Model catalogue: states and the resolution order."""

from __future__ import annotations

import pytest

from interviewer.speech.catalogue import Catalogue, ModelState, ModelUnavailableError


def test_known_models_and_states(tmp_path):
    c = Catalogue(tmp_path / "models")
    states = {s.name: s.state for s in c.statuses()}
    assert set(states) >= {"tiny.en", "base.en", "base", "small"}
    assert states["tiny.en"] is ModelState.PREPARABLE
    assert states["base.en"] is ModelState.DOWNLOADABLE
    assert states["small"] is ModelState.DOWNLOADABLE
    assert c.status("huge-v9").state is ModelState.MISSING


def test_resolution_order(tmp_path):
    wcache = tmp_path / "whisper"
    wcache.mkdir()
    c = Catalogue(tmp_path / "models", whisper_cache_dir=wcache)
    chosen = tmp_path / "mine.pt"
    chosen.write_bytes(b"x")
    (wcache / "tiny.en.pt").write_bytes(b"x")
    assert c.status("tiny.en", str(chosen)).path == chosen
    st = c.status("tiny.en")
    assert st.state is ModelState.READY and st.path == wcache / "tiny.en.pt"
    assert c.status("tiny.en", str(tmp_path / "gone.pt")).state is ModelState.MISSING
    with pytest.raises(ModelUnavailableError, match=r"gone\.pt does not exist"):
        c.resolve("tiny.en", str(tmp_path / "gone.pt"))


def test_download_only_when_allowed(tmp_path, no_network):
    c = Catalogue(tmp_path / "models")
    with pytest.raises(ModelUnavailableError, match="allow downloads"):
        c.resolve("small")
    with pytest.raises(ModelUnavailableError, match="allow downloads"):
        c.prepare("base.en")
    assert no_network == []


@pytest.mark.model
def test_prepare_once_then_ready(tmp_path, no_network):
    c = Catalogue(tmp_path / "models")
    seen: list[float] = []
    p = c.prepare("tiny.en", seen.append)
    assert seen[0] < 0.2 and seen[-1] == 1.0
    st = c.status("tiny.en")
    assert st.state is ModelState.READY and st.path == p and st.source == "prepared by this app"
    mtime = p.stat().st_mtime_ns
    assert c.resolve("tiny.en") == p and p.stat().st_mtime_ns == mtime
    assert no_network == []
