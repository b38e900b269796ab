"""Panels that render a score (the ``score --json`` dict): components, concepts, delivery, tips.

They only lay out what the scorer said; no scoring happens here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

COMPONENT_NAMES = {
    "star": "STAR structure", "concepts": "Key concepts", "structure": "Explanation structure",
    "delivery": "Delivery", "length": "Length", "ownership": "Ownership", "result": "Result",
    "accuracy": "Accuracy", "technical": "Technical content",
}


def pretty(name: str) -> str:
    return COMPONENT_NAMES.get(name, name.replace("_", " ").capitalize())


def clear_layout(layout: Any) -> None:
    """Remove and delete every widget (and nested layout) of a layout."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        w = item.widget()
        if w is not None:
            w.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())
            item.layout().deleteLater()


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ComponentsPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("How the score is made up", parent)
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(3, 1)

    def show_score(self, score: dict[str, Any]) -> None:
        clear_layout(self.grid)
        for row, (name, comp) in enumerate((score.get("components") or {}).items()):
            mx = float(comp.get("max") or 0) or 1.0
            val = float(comp.get("score") or 0)
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setValue(round(100 * val / mx))
            bar.setTextVisible(False)  # the figure sits beside it, always legible
            bar.setMaximumWidth(self.fontMetrics().averageCharWidth() * 14)
            bar.setAccessibleName(f"{pretty(name)} score")
            bar.setAccessibleDescription(f"{val:g} of {mx:g}")
            self.grid.addWidget(QLabel(pretty(name)), row, 0)
            self.grid.addWidget(bar, row, 1)
            self.grid.addWidget(QLabel(f"{val:g} / {mx:g}"), row, 2)
            self.grid.addWidget(_wrapped(str(comp.get("explanation") or "")), row, 3)


class ConceptsPanel(QGroupBox):
    """Hit concepts are buttons: ``play_at(seconds)`` asks to replay from where it was said."""

    play_at = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Key concepts", parent)
        self.lay = QVBoxLayout(self)
        self.hit_buttons: list[QPushButton] = []
        self.hit_labels: list[str] = []

    def show_score(self, score: dict[str, Any]) -> None:
        clear_layout(self.lay)
        self.hit_buttons = []
        self.hit_labels = []
        concepts = score.get("concepts") or []
        self.setVisible(bool(concepts))
        groups: dict[str, list[dict[str, Any]]] = {"hit": [], "possible": [], "missed": []}
        for c in concepts:
            groups.setdefault(str(c.get("status")), []).append(c)
        titles = {"hit": f"Covered ({len(groups['hit'])})",
                  "possible": f"Maybe covered ({len(groups['possible'])})",
                  "missed": f"Missed ({len(groups['missed'])})"}
        for status in ("hit", "possible", "missed"):
            items = groups.get(status) or []
            if not items:
                continue
            head = QLabel(f"<b>{titles[status]}</b>")
            self.lay.addWidget(head)
            for c in items:
                label = str(c.get("label") or c.get("id"))
                at = c.get("at_s")
                matched = c.get("matched")
                if status in ("hit", "possible") and at is not None:
                    # a short button and a wrapping label: long concept names must not
                    # widen the whole feedback page
                    b = QPushButton(f"▶ {float(at):.0f} s")
                    b.setToolTip(f"You said “{matched}” here. Click to hear it." if matched
                                 else "Click to hear it.")
                    b.setAccessibleName(f"Play where you said {label}")
                    b.clicked.connect(lambda _=False, s=float(at): self.play_at.emit(max(0.0, s)))
                    text = _wrapped(("✓ " if status == "hit" else "? ") + label)
                    text.setBuddy(b)
                    row = QHBoxLayout()
                    row.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)
                    row.addWidget(text, 1)
                    self.lay.addLayout(row)
                    if status == "hit":
                        self.hit_buttons.append(b)
                        self.hit_labels.append(label)
                else:
                    mark = "✗" if status == "missed" else "?"
                    self.lay.addWidget(_wrapped(f"{mark} {label}" + (
                        f" — heard “{matched}”" if matched and status == "possible" else "")))
        mis = [m for m in score.get("misconceptions") or [] if not m.get("negated")]
        if mis:
            self.lay.addWidget(QLabel("<b>Worth correcting</b>"))
            for m in mis:
                self.lay.addWidget(_wrapped(f"⚠ “{m.get('matched')}”: {m.get('correction')}"))


DELIVERY_HELP = {
    "Pace": "Words per minute while speaking (pauses not counted).",
    "Fillers": "“Um”, “uh” and similar, per minute.",
    "Long pauses": "Silences of 2 s or more in the middle of the answer.",
    "First word after": "How long before you started speaking.",
    "Length": "How long the whole answer took, against the target for this question.",
}


def _band_text(band: Sequence[float] | None, unit: str) -> str:
    if not band:
        return "—"
    lo, hi = band[0], band[1]
    return f"up to {hi:g}{unit}" if lo == 0 else f"{lo:g}–{hi:g}{unit}"


def _in_band(value: float | None, band: Sequence[float] | None) -> bool | None:
    if value is None or not band:
        return None
    return band[0] <= value <= band[1]


class DeliveryPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("How you sounded", parent)
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(3, 1)
        self.rows: dict[str, tuple[str, str]] = {}

    def show_score(self, score: dict[str, Any]) -> None:
        clear_layout(self.grid)
        self.rows = {}
        d = score.get("delivery") or {}
        bands = d.get("bands") or {}
        fillers = d.get("fillers") or {}
        pauses = d.get("long_pauses")
        duration = d.get("duration_s")
        items = fillers.get("items") or {}
        filler_words = ", ".join(f"{k} ×{v}" for k, v in sorted(items.items(), key=lambda x: -x[1]))
        rows = [
            ("Pace", d.get("wpm"), " wpm", bands.get("wpm"), ""),
            ("Fillers", fillers.get("per_min"), " a minute", bands.get("fillers_per_min"),
             f"{fillers.get('count', 0)} in all" + (f": {filler_words}" if filler_words else "")),
            ("Long pauses", None if pauses is None else len(pauses), "", [0, 2],
             ", ".join(f"{float(p['duration_s']):.1f} s at {float(p['start_s']):.0f} s"
                       for p in pauses or [])),
            ("First word after", d.get("first_word_s"), " s", [0, 3], ""),
            ("Length", duration, " s", bands.get("duration_s"), d.get("length_note") or ""),
        ]
        self.grid.addWidget(QLabel("<b>Figure</b>"), 0, 0)
        self.grid.addWidget(QLabel("<b>Yours</b>"), 0, 1)
        self.grid.addWidget(QLabel("<b>Target</b>"), 0, 2)
        for i, (name, value, unit, band, note) in enumerate(rows, start=1):
            text = "—" if value is None else f"{float(value):.0f}{unit}" if name != "Fillers" \
                else f"{float(value):.1f}{unit}"
            ok = _in_band(None if value is None else float(value), band)
            mark = "" if ok is None else (" ✓" if ok else " ✗")
            value_label = QLabel(text + mark)
            if ok is False:
                value_label.setStyleSheet("color: #b42318; font-weight: bold;")
            elif ok:
                value_label.setStyleSheet("color: #1a7f37;")
            name_label = QLabel(name)
            name_label.setToolTip(DELIVERY_HELP[name])
            value_label.setToolTip(DELIVERY_HELP[name])
            self.grid.addWidget(name_label, i, 0)
            self.grid.addWidget(value_label, i, 1)
            self.grid.addWidget(QLabel(_band_text(band, unit)), i, 2)
            self.grid.addWidget(_wrapped(str(note)), i, 3)
            self.rows[name] = (text, _band_text(band, unit))


class TipsPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Tips for next time", parent)
        self.label = _wrapped("")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        QVBoxLayout(self).addWidget(self.label)

    def show_score(self, score: dict[str, Any]) -> None:
        tips = [str(t) for t in score.get("tips") or []]
        self.label.setText("<ul>" + "".join(f"<li>{_esc(t)}</li>" for t in tips) + "</ul>"
                           if tips else "Nothing to add: well done.")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
