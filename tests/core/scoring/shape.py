"""One checker for the ``score --json`` contract (DESIGN.md), reused by every scoring test."""

from __future__ import annotations

import json
from typing import Any

STAR_PARTS = ("situation", "task", "action", "result")
LABELS = {None, *STAR_PARTS}
STATUSES = {"hit", "possible", "missed"}


def _num_or_none(value: Any) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def assert_contract_shape(d: dict[str, Any]) -> None:
    """Fail unless ``d`` has every contract field with the right type (null where allowed)."""
    json.dumps(d)  # plain JSON types only
    for key in ("question_id", "kind", "rubric_version", "scorer_version", "overall",
                "components", "star", "sentences", "concepts", "delivery", "tips",
                "follow_up"):
        assert key in d, f"missing {key}"
    fu = d["follow_up"]
    assert fu is None or (isinstance(fu["question"], str) and fu["question"].endswith("?")
                          and isinstance(fu["reason"], str) and fu["reason"]), fu
    assert d["kind"] in ("technical", "behavioral")
    assert d["question_id"] is None or isinstance(d["question_id"], str)
    assert isinstance(d["rubric_version"], str) and d["rubric_version"]
    assert isinstance(d["overall"], int) and 0 <= d["overall"] <= 100
    assert d["components"], "at least one component"
    for name, comp in d["components"].items():
        assert isinstance(name, str)
        assert set(comp) >= {"score", "max", "explanation"}
        assert 0 <= comp["score"] <= comp["max"], (name, comp)
        assert isinstance(comp["explanation"], str) and comp["explanation"]
    star = d["star"]
    for part in STAR_PARTS:
        assert isinstance(star[part]["present"], bool)
        assert isinstance(star[part]["evidence"], list)
        assert all(isinstance(e, str) for e in star[part]["evidence"])
        assert star[part]["present"] == bool(star[part]["evidence"])
    assert star["order_ok"] in (None, True, False)
    for s in d["sentences"]:
        assert set(s) >= {"text", "label", "why"}
        assert isinstance(s["text"], str) and s["text"]
        assert s["label"] in LABELS
        assert isinstance(s["why"], str) and s["why"]
    for c in d["concepts"]:
        assert set(c) >= {"id", "label", "status", "matched", "at_s"}
        assert c["status"] in STATUSES
        assert (c["matched"] is None) == (c["status"] == "missed")
        assert _num_or_none(c["at_s"])
    dl = d["delivery"]
    for key in ("words", "speaking_s", "wpm", "fillers", "hedges", "long_pauses",
                "first_word_s", "duration_s"):
        assert key in dl, f"delivery.{key} missing"
    assert isinstance(dl["words"], int) and dl["words"] >= 0
    for key in ("speaking_s", "wpm", "first_word_s", "duration_s"):
        assert _num_or_none(dl[key]), key
    assert set(dl["fillers"]) >= {"count", "per_min", "items"}
    assert isinstance(dl["fillers"]["count"], int)
    assert _num_or_none(dl["fillers"]["per_min"])
    assert sum(dl["fillers"]["items"].values()) == dl["fillers"]["count"]
    assert isinstance(dl["hedges"], int)
    assert dl["long_pauses"] is None or isinstance(dl["long_pauses"], list)
    assert isinstance(d["tips"], list) and 2 <= len(d["tips"]) <= 4
    assert all(isinstance(t, str) and t for t in d["tips"])
