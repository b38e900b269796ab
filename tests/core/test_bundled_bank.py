"""The bundled deep-learning bank: complete, in the article's order, with real rubrics."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from interviewer.core.bank import BUNDLED_MIN_CONCEPTS, load_bank, load_bundled_bank
from interviewer.core.questions import Question
from interviewer.core.scoring import score_answer
from interviewer.core.transcript import Transcript

REPO = Path(__file__).parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
BANK_FILE = REPO / "resources" / "questions" / "deep-learning.toml"

# A copy of the article's 20 questions, so the order and wording are checked even where the
# article itself is not beside the repository.
ARTICLE_QUESTIONS = [
    "What is the difference between Machine Learning and Deep Learning?",
    "Explain the architecture of a neural network.",
    "What is backpropagation and how does it work?",
    "What are activation functions and why are they important?",
    "How do you prevent overfitting in deep learning models?",
    "How do you handle vanishing and exploding gradients?",
    "Explain Batch Normalization and its role in deep networks.",
    "Compare optimizers: SGD vs Adam vs RMSProp.",
    "What are attention mechanisms?",
    "How do you deploy deep learning models in production?",
    "What are the differences between CNN and RNN?",
    "How does a Convolutional Neural Network (CNN) work?",
    "Explain pooling layers in CNNs.",
    "What is transfer learning and how is it applied in computer vision?",
    "What are some common pre-trained models for vision tasks?",
    "Can you walk us through a deep learning project you’ve worked on?",
    "How do you decide which model architecture to use for a problem?",
    "Describe a time when a deep learning model didn’t work as expected. What did you do?",
    "Have you worked on deploying deep learning models to production? What challenges did you "
    "face?",
    "How do you stay updated with the latest in deep learning?",
]
BEHAVIORAL = {"q16", "q18", "q19"}
HEADING = re.compile(r"^Q(\d+)\. (.+)$", re.MULTILINE)


@pytest.fixture(scope="module")
def questions() -> tuple[Question, ...]:
    return load_bundled_bank().questions


def _article() -> str | None:
    for path in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        if "Q1. What is the difference between Machine Learning and Deep Learning?" in text:
            return text
    return None


def _article_sections(text: str) -> dict[int, dict[str, str]]:
    """The body of each question (after the table of contents): guidance and tip."""
    headings = list(HEADING.finditer(text))
    body = [m for m in headings if m.start() > headings[19].end()]  # after the contents list
    sections: dict[int, dict[str, str]] = {}
    for i, match in enumerate(body):
        end = body[i + 1].start() if i + 1 < len(body) else len(text)
        lines = text[match.end():end].strip("\n").splitlines()
        guidance: list[str] = []
        tip = ""
        in_guidance = False
        for line in lines:
            if line.startswith("How to Answer:"):
                in_guidance = True
            elif line.startswith("Tip:"):
                tip = line.removeprefix("Tip:").strip()
                in_guidance = False
            elif line.startswith(("Also Read:", "Final Tips")):
                break
            elif in_guidance:
                guidance.append(line)
        sections[int(match.group(1))] = {"title": match.group(2),
                                         "guidance": "\n".join(guidance).strip(), "tip": tip}
    return sections


def test_bundled_bank_metadata() -> None:
    bank = load_bundled_bank()
    assert (bank.id, bank.version) == ("deep-learning", "1.0.0")
    assert bank.title and "article" in bank.source.lower()
    assert bank.categories == ("fundamentals", "computer-vision", "experienced")


def test_all_twenty_questions_in_the_articles_order(questions: tuple[Question, ...]) -> None:
    assert [q.id for q in questions] == [f"q{n:02d}" for n in range(1, 21)]
    assert [q.text for q in questions] == ARTICLE_QUESTIONS
    for q in questions:
        assert (q.bank_id, q.bank_version) == ("deep-learning", "1.0.0")


def test_ids_and_texts_match_the_article_itself(questions: tuple[Question, ...]) -> None:
    text = _article()
    if text is None:
        pytest.skip(f"the article is not in {SEEDS}; the hard-coded copy was checked above")
    contents = list(HEADING.finditer(text))[:20]
    assert [int(m.group(1)) for m in contents] == list(range(1, 21))
    assert [m.group(2).strip() for m in contents] == [q.text for q in questions]
    assert [m.group(2).strip() for m in contents] == ARTICLE_QUESTIONS


def test_guidance_and_tips_are_the_articles_words(questions: tuple[Question, ...]) -> None:
    text = _article()
    if text is None:
        pytest.skip(f"the article is not in {SEEDS}")
    sections = _article_sections(text)
    assert sorted(sections) == list(range(1, 21))
    for number, q in enumerate(questions, start=1):
        section = sections[number]
        assert section["title"] == q.text
        assert q.tip == section["tip"], q.id
        if number == 8:
            # the article's optimizer table is missing: the guidance is written from what the
            # optimizers do, and must say so in substance
            assert section["guidance"] == ""
            for name in ("SGD", "momentum", "RMSProp", "Adam", "bias correction"):
                assert name in q.guidance
        else:
            assert q.guidance == section["guidance"], q.id


def test_kinds_categories_and_target_lengths(questions: tuple[Question, ...]) -> None:
    for q in questions:
        number = int(q.id[1:])
        expected = ("fundamentals" if number <= 10 else
                    "computer-vision" if number <= 15 else "experienced")
        assert q.category == expected, q.id
        if q.id in BEHAVIORAL:
            assert q.kind == "behavioral"
            assert 90 <= q.target_s <= 120, q.id
            assert q.rubric is None, "behavioral questions are scored on STAR, not concepts"
        else:
            assert q.kind == "technical", q.id
            assert 60 <= q.target_s <= 90, q.id


def test_every_technical_question_has_a_real_rubric(questions: tuple[Question, ...]) -> None:
    for q in questions:
        if q.kind != "technical":
            continue
        assert q.rubric is not None, q.id
        concepts = q.rubric.concepts
        assert len(concepts) >= BUNDLED_MIN_CONCEPTS, q.id
        assert len({c.id for c in concepts}) == len(concepts)
        for c in concepts:
            assert c.label and c.weight > 0
            assert c.aliases, f"{q.id}/{c.id} has no aliases"
            phrases = [*c.aliases, *c.mishearings]
            assert all(p == p.strip() and p for p in phrases)
            assert len(set(phrases)) == len(phrases), f"{q.id}/{c.id} repeats a phrase"
        for m in q.rubric.misconceptions:
            assert m.patterns and m.correction and m.label


def _phrases(question: Question, concept_id: str) -> set[str]:
    assert question.rubric is not None
    for c in question.rubric.concepts:
        if c.id == concept_id:
            return {p.lower() for p in (*c.aliases, *c.mishearings)}
    raise AssertionError(f"{question.id} has no concept {concept_id}")


@pytest.mark.parametrize(("qid", "concept", "phrase"), [
    ("q05", "dropout", "drop out"),
    ("q04", "relu", "re lu"),
    ("q04", "relu", "ray lu"),
    ("q04", "sigmoid", "sigma id"),
    ("q06", "residual", "res net"),
    ("q06", "residual", "reset net"),
    ("q06", "batch_norm", "bat norm"),
    ("q06", "batch_norm", "batchnorm"),
    ("q06", "batch_norm", "batch normalization"),
    ("q03", "optimizer_update", "atom"),
    ("q03", "optimizer_update", "add them"),
    ("q08", "adam", "atom combines"),
    ("q08", "adam", "momentum and rms prop"),
    ("q03", "chain_rule", "chain rule"),
    ("q02", "training", "back propagation"),
    ("q02", "training", "mac propagation"),
    ("q12", "pooling", "pulling"),
    ("q14", "backbones", "res net"),
    ("q20", "papers", "archive"),
])
def test_speech_recognition_spellings_are_listed(
        questions: tuple[Question, ...], qid: str, concept: str, phrase: str) -> None:
    question = next(q for q in questions if q.id == qid)
    assert phrase in _phrases(question, concept)


@pytest.mark.parametrize(("qid", "misconception", "phrase"), [
    ("q07", "normalizes_weights", "normalises the weights"),
    ("q03", "backprop_is_optimizer", "backpropagation is an optimizer"),
    ("q05", "dropout_at_test", "dropout at test time"),
    ("q13", "pooling_learnable", "pooling has learnable weights"),
    ("q08", "adam_always_better", "adam always generalises better"),
])
def test_classic_misconceptions_are_flagged(
        questions: tuple[Question, ...], qid: str, misconception: str, phrase: str) -> None:
    question = next(q for q in questions if q.id == qid)
    assert question.rubric is not None
    found = {m.id: m for m in question.rubric.misconceptions}
    assert phrase in found[misconception].patterns


def test_optimizer_rubric_covers_what_each_optimizer_does(
        questions: tuple[Question, ...]) -> None:
    q08 = questions[7]
    assert q08.rubric is not None
    ids = {c.id for c in q08.rubric.concepts}
    assert {"sgd", "momentum", "rmsprop", "adam", "adam_moments",
            "generalization_tradeoff", "lr_schedule"} <= ids
    assert "squared gradients" in _phrases(q08, "rmsprop")
    assert "bias correction" in _phrases(q08, "adam_moments")


def test_the_file_on_disk_loads_the_same_way_as_a_user_bank() -> None:
    bank = load_bank(BANK_FILE, min_concepts=BUNDLED_MIN_CONCEPTS)
    assert bank.questions == load_bundled_bank().questions


@pytest.mark.slow
def test_the_bank_is_inside_the_wheel(tmp_path: Path) -> None:
    # Build from a copy so the shared checkout gets no build/ or egg-info folders.
    source = tmp_path / "src"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("interviewer", "resources"):
        shutil.copytree(REPO / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    out = tmp_path / "wheel"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(out), str(source)],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = out.glob("interviewer-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "interviewer/resources/questions/deep-learning.toml" in names
        data = archive.read("interviewer/resources/questions/deep-learning.toml")
    assert data == BANK_FILE.read_bytes()


def test_no_phrase_belongs_to_two_concepts_of_one_question(
        questions: tuple[Question, ...]) -> None:
    for q in questions:
        if q.rubric is None:
            continue
        owner: dict[str, str] = {}
        for c in q.rubric.concepts:
            for phrase in {p.lower() for p in (*c.aliases, *c.mishearings)}:
                assert phrase not in owner, f"{q.id}: {phrase!r} in {owner.get(phrase)} and {c.id}"
                owner[phrase] = c.id


VAGUE = ("That is a really important topic in deep learning. It is used a lot in practice and it "
         "helps the model work better on the data, so I think it matters for most projects and "
         "teams. I have used it before and we used it at work.")


def test_restating_the_question_or_a_vague_answer_covers_nothing(
        questions: tuple[Question, ...]) -> None:
    # The rubric listens for what an answer explains, not for the question's own terms
    # ("SGD", "exploding gradients", "convolutional"), nor for generic talk.
    for q in questions:
        if q.kind != "technical":
            continue
        for answer in (q.text, VAGUE):
            result = score_answer(Transcript.from_text(answer), question=q)
            found = [(c.id, c.matched) for c in result.concepts if c.status != "missed"]
            assert found == [], f"{q.id}: {answer[:30]!r} matched {found}"


def test_every_question_concept_and_misconception_has_its_follow_up(
        questions: tuple[Question, ...]) -> None:
    for q in questions:
        keys = {k for k, _ in q.follow_ups}
        if q.kind == "behavioral":
            assert keys == {"situation", "task", "action", "result", "own_part", "example"}, q.id
        else:
            assert "example" in keys, q.id
        rubric = q.rubric
        items = [*rubric.concepts, *rubric.misconceptions] if rubric is not None else []
        texts = [text for _, text in q.follow_ups] + [item.follow_up for item in items]
        for text in texts:
            assert text.endswith("?") and len(text.split()) <= 30, (q.id, text)
        missing = [item.id for item in items if not item.follow_up]
        assert not missing, (q.id, missing)
