"""Pick a question: bank, category, search, a list, plus "next due" and "random"."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interviewer.core.questions import Question, QuestionBank

ALL = "All categories"
_ROLE = Qt.ItemDataRole.UserRole


def category_title(category: str) -> str:
    return category.replace("-", " ").capitalize()


class QuestionPicker(QWidget):
    """``chosen(Question)`` fires when the selection changes. ``due`` gives the question ids in
    the order they should be practised (from the store); None hides "Next due"."""

    chosen = Signal(object)

    def __init__(self, banks: Sequence[QuestionBank],
                 due: Callable[[Sequence[str]], list[str]] | None = None,
                 parent: QWidget | None = None, rng: random.Random | None = None) -> None:
        super().__init__(parent)
        self._banks = list(banks)
        self._due = due
        self._rng = rng or random.Random()
        self.bank_box = QComboBox()
        self.bank_box.setAccessibleName("Question bank")
        self.category_box = QComboBox()
        self.category_box.setAccessibleName("Category")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search questions…")
        self.search.setAccessibleName("Search questions")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Questions")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.due_button = QPushButton("Next &due")
        self.due_button.setToolTip("The question you should practise next (spaced repetition).")
        self.random_button = QPushButton("&Random")
        self.random_button.setToolTip("A random question from the list.")

        top = QVBoxLayout(self)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.bank_box)
        top.addWidget(self.category_box)
        top.addWidget(self.search)
        top.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.due_button)
        row.addWidget(self.random_button)
        top.addLayout(row)

        for bank in self._banks:
            self.bank_box.addItem(bank.title or bank.id, bank.id)
        self.bank_box.setVisible(len(self._banks) > 1)
        self.due_button.setVisible(due is not None)
        self.bank_box.currentIndexChanged.connect(self._bank_changed)
        self.category_box.currentIndexChanged.connect(self._refill)
        self.search.textChanged.connect(self._refill)
        self.list.currentItemChanged.connect(self._item_changed)
        self.due_button.clicked.connect(self.pick_due)
        self.random_button.clicked.connect(self.pick_random)
        self._bank_changed()

    # ------------------------------------------------------------------ data
    @property
    def bank(self) -> QuestionBank | None:
        i = self.bank_box.currentIndex()
        return self._banks[i] if 0 <= i < len(self._banks) else None

    def set_banks(self, banks: Sequence[QuestionBank]) -> None:
        self._banks = list(banks)
        self.bank_box.blockSignals(True)
        self.bank_box.clear()
        for bank in self._banks:
            self.bank_box.addItem(bank.title or bank.id, bank.id)
        self.bank_box.blockSignals(False)
        self.bank_box.setVisible(len(self._banks) > 1)
        self._bank_changed()

    def visible_questions(self) -> list[Question]:
        return [self.list.item(i).data(_ROLE) for i in range(self.list.count())]

    @property
    def current(self) -> Question | None:
        item = self.list.currentItem()
        q: Question | None = item.data(_ROLE) if item is not None else None
        return q

    def _bank_changed(self) -> None:
        bank = self.bank
        self.category_box.blockSignals(True)
        self.category_box.clear()
        self.category_box.addItem(ALL, "")
        for cat in bank.categories if bank else ():
            self.category_box.addItem(category_title(cat), cat)
        self.category_box.blockSignals(False)
        self._refill()

    def _refill(self) -> None:
        bank = self.bank
        keep = self.current
        cat = self.category_box.currentData() or ""
        needle = self.search.text().strip().lower()
        self.list.blockSignals(True)
        self.list.clear()
        for q in bank.questions if bank else ():
            if cat and q.category != cat:
                continue
            if needle and needle not in q.text.lower() and needle not in q.id.lower():
                continue
            item = QListWidgetItem(f"{q.id}  {q.text}")
            item.setData(_ROLE, q)
            item.setToolTip(f"{category_title(q.category)} · {q.kind} · "
                            f"about {q.target_s} s")
            self.list.addItem(item)
            if keep is not None and q.id == keep.id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.current is None and keep is not None:
            self.chosen.emit(None)

    def _item_changed(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        self.chosen.emit(item.data(_ROLE) if item is not None else None)

    # ------------------------------------------------------------------ picking
    def select(self, question_id: str) -> bool:
        """Select a question by id (clearing filters if it is hidden)."""
        for attempt in range(2):
            for i in range(self.list.count()):
                if self.list.item(i).data(_ROLE).id == question_id:
                    self.list.setCurrentRow(i)
                    self.list.scrollToItem(self.list.item(i))
                    return True
            if attempt == 0:
                self.search.clear()
                self.category_box.setCurrentIndex(0)
        return False

    def pick_random(self) -> Question | None:
        pool = self.visible_questions()
        current = self.current
        if len(pool) > 1 and current is not None:
            pool = [q for q in pool if q.id != current.id]
        if not pool:
            return None
        q = self._rng.choice(pool)
        self.select(q.id)
        return q

    def pick_due(self) -> Question | None:
        if self._due is None:
            return None
        pool = self.visible_questions() or list(self.bank.questions if self.bank else ())
        order = self._due([q.id for q in pool])
        if not order:
            return None
        self.select(order[0])
        return self.current

    def pick_next(self) -> Question | None:
        """The next question in the list (wrapping), for "Next"."""
        n = self.list.count()
        if n == 0:
            return None
        self.list.setCurrentRow((self.list.currentRow() + 1) % n)
        return self.current
