"""Loading and validating question banks: good banks load, each kind of breakage is named."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from interviewer.core.bank import (
    BankError,
    bank_to_dict,
    load_bank,
    load_bank_text,
)
from interviewer.core.errors import InputError

GOOD = textwrap.dedent('''\
    [bank]
    id = "my-bank"
    title = "My questions"
    version = "2.1"
    source = "my notes"

    [[questions]]
    id = "dropout"
    text = "What is dropout?"
    category = "regularisation"
    kind = "technical"
    target_s = 60
    guidance = """
    Randomly switch off units in training."""
    tip = "Say what happens at inference."

    [[questions.concepts]]
    id = "random_drop"
    label = "Randomly drops units"
    aliases = ["randomly drop", "switch off neurons"]
    mishearings = ["drop out"]
    weight = 2

    [[questions.concepts]]
    id = "train_only"
    label = "Only in training"

    [[questions.misconceptions]]
    id = "at_test"
    label = "Dropout at test time"
    patterns = ["dropout at test time"]
    correction = "It is off at inference."

    [[questions]]
    id = "story-1"
    text = "Tell me about a failure."
    category = "behavioral"
    kind = "behavioural"
    target_s = 120.0
    ''')


def write(tmp_path: Path, text: str, name: str = "bank.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_user_bank_loads_with_every_field(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    bank = load_bank(path)
    assert (bank.id, bank.title, bank.version, bank.source) == (
        "my-bank", "My questions", "2.1", "my notes")
    assert bank.path == str(path)
    assert [q.id for q in bank.questions] == ["dropout", "story-1"]
    q = bank.questions[0]
    assert (q.kind, q.category, q.target_s) == ("technical", "regularisation", 60)
    assert q.guidance == "Randomly switch off units in training."
    assert (q.bank_id, q.bank_version) == ("my-bank", "2.1")
    assert q.rubric is not None
    first, second = q.rubric.concepts
    assert first.aliases == ("randomly drop", "switch off neurons")
    assert first.mishearings == ("drop out",)
    assert first.weight == 2.0
    assert second.weight == 1.0 and second.aliases == ()
    assert q.rubric.misconceptions[0].patterns == ("dropout at test time",)
    story = bank.questions[1]
    assert story.kind == "behavioral"  # British spelling accepted
    assert story.target_s == 120
    assert story.rubric is None
    assert bank.get("story-1") is story


def test_technical_question_without_rubric_is_allowed_in_a_user_bank() -> None:
    text = GOOD.split("[[questions.concepts]]")[0]
    bank = load_bank_text(text, "mine.toml")
    assert bank.questions[0].kind == "technical"
    assert bank.questions[0].rubric is None


def test_min_concepts_makes_a_thin_rubric_an_error() -> None:
    with pytest.raises(BankError) as info:
        load_bank_text(GOOD, "mine.toml", min_concepts=4)
    err = info.value
    assert err.question_id == "dropout" and err.field == "concepts"
    assert "has 2 concepts" in str(err) and "at least 4" in str(err)
    assert "line 7" in str(err)


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert load_bank(path).id == "my-bank"


def test_bank_to_dict_shape() -> None:
    doc = bank_to_dict(load_bank_text(GOOD, "mine.toml"))
    assert doc["bank"]["id"] == "my-bank"
    assert doc["bank"]["categories"] == ["regularisation", "behavioral"]
    q0, q1 = doc["questions"]
    assert q0["rubric"]["concepts"][0] == {
        "id": "random_drop", "label": "Randomly drops units",
        "aliases": ["randomly drop", "switch off neurons"], "mishearings": ["drop out"],
        "weight": 2.0, "exemplars": [], "follow_up": ""}
    assert q0["rubric"]["misconceptions"][0]["correction"] == "It is off at inference."
    assert q1["rubric"] is None
    assert set(q1) == {"id", "text", "category", "kind", "target_s", "guidance", "tip",
                       "bank_id", "bank_version", "follow_ups", "rubric"}


def test_follow_ups_load_from_the_question_its_concepts_and_misconceptions() -> None:
    text = GOOD.replace('tip = "Say what happens at inference."\n', (
        'tip = "Say what happens at inference."\n\n'
        '[questions.follow_ups]\nexample = "Where have you used it?"\n'
        'result = "And then?"\n'))
    text = text.replace('label = "Only in training"\n',
                        'label = "Only in training"\nfollow_up = "And at test time?"\n')
    text = text.replace('correction = "It is off at inference."\n',
                        'correction = "It is off at inference."\nfollow_up = "Is it on when '
                        'predicting?"\n')
    q = load_bank_text(text, "mine.toml").questions[0]
    assert q.follow_ups == (("result", "And then?"), ("example", "Where have you used it?"))
    assert q.follow_up_text("example") == "Where have you used it?"
    assert q.follow_up_text("task") == ""
    assert q.rubric is not None
    assert [c.follow_up for c in q.rubric.concepts] == ["", "And at test time?"]
    assert q.rubric.misconceptions[0].follow_up == "Is it on when predicting?"


def test_an_unknown_follow_up_key_is_named_with_the_known_ones() -> None:
    text = GOOD.replace('tip = "Say what happens at inference."\n', (
        'tip = "Say what happens at inference."\n\n'
        '[questions.follow_ups]\nresults = "And then?"\n'))
    with pytest.raises(BankError) as info:
        load_bank_text(text, "mine.toml")
    message = str(info.value)
    assert 'unknown field "results"' in message and 'did you mean "result"' in message
    assert "own_part" in message


# --------------------------------------------------------------------- malformed banks
# Each case: (name, edit of GOOD, expected line or None, question id, field, phrases).

def _replace(old: str, new: str) -> tuple[str, str]:
    return old, new


BROKEN = [
    ("toml-syntax", _replace('target_s = 60\n', 'target_s = sixty\n'), 12, None, None,
     ["not valid TOML", "column", "quotes"]),
    ("unclosed-string", _replace('text = "What is dropout?"', 'text = "What is dropout?'), 9,
     None, None, ["not valid TOML"]),
    ("missing-text", _replace('text = "What is dropout?"\n', ''), 7, "dropout", "text",
     ['missing the required field "text"']),
    ("empty-text", _replace('text = "What is dropout?"', 'text = "   "'), 9, "dropout", "text",
     ['empty "text"']),
    ("bad-type-target", _replace('target_s = 60', 'target_s = "sixty"'), 12, "dropout",
     "target_s", ['"target_s" must be a whole number of seconds', 'the text "sixty"']),
    ("fraction-target", _replace('target_s = 60', 'target_s = 62.5'), 12, "dropout",
     "target_s", ["whole number", "62.5"]),
    ("zero-target", _replace('target_s = 60', 'target_s = 0'), 12, "dropout", "target_s",
     ["between 1 and 1800", "not 0"]),
    ("negative-target", _replace('target_s = 120.0', 'target_s = -30'), 39, "story-1",
     "target_s", ["not -30"]),
    ("unknown-kind", _replace('kind = "technical"', 'kind = "techincal"'), 11, "dropout", "kind",
     ['kind "techincal" is not known', 'did you mean "technical"']),
    ("kind-not-text", _replace('kind = "technical"', 'kind = 3'), 11, "dropout", "kind",
     ['"kind" must be text in quotes', "the number 3"]),
    ("duplicate-question-id", _replace('id = "story-1"', 'id = "dropout"'), 35, "dropout", "id",
     ['question id "dropout" is used twice', "first used on line 8"]),
    ("duplicate-concept-id", _replace('id = "train_only"', 'id = "random_drop"'), 25,
     "dropout", "concepts", ['two concepts with the id "random_drop"']),
    ("unknown-key-typo", _replace('text = "What is dropout?"', 'txt = "What is dropout?"'), 9,
     "dropout", "txt", ['unknown field "txt"', 'did you mean "text"']),
    ("unknown-concept-key", _replace('weight = 2', 'wieght = 2'), 22, "dropout", "wieght",
     ['concept random_drop has an unknown field "wieght"', 'did you mean "weight"']),
    ("id-with-space", _replace('id = "story-1"', 'id = "story 1"'), 35, None, "id",
     ['the id "story 1" may only contain letters, digits']),
    ("id-with-path", _replace('id = "story-1"', 'id = "../etc"'), 35, None, "id",
     ['the id "../etc" may only contain']),
    ("zero-weight", _replace('weight = 2', 'weight = 0'), 22, "dropout", "weight",
     ['"weight" must be a positive number, not 0']),
    ("weight-not-number", _replace('weight = 2', 'weight = "heavy"'), 22, "dropout", "weight",
     ['"weight" must be a number']),
    ("aliases-not-list", _replace('aliases = ["randomly drop", "switch off neurons"]',
                                  'aliases = "randomly drop"'), 20, "dropout", "aliases",
     ['"aliases" must be a list of non-empty texts']),
    ("misconception-without-patterns", _replace('patterns = ["dropout at test time"]\n', ''),
     28, "dropout", "patterns",
     ['misconception at_test is missing the required field "patterns"']),
    ("no-bank-table", _replace('[bank]\n', '[bnak]\n'), 1, None, "bnak",
     ['unknown field "bnak"', 'did you mean "bank"', "no [bank] table"]),
    ("missing-bank-version", _replace('version = "2.1"\n', ''), 1, None, "version",
     ['[bank] table is missing the required field "version"']),
    ("questions-single-brackets", _replace('[[questions]]\nid = "story-1"',
                                           '[questions]\nid = "story-1"'), 34, None, None,
     ["not valid TOML", "a table is declared twice"]),
]


@pytest.mark.parametrize("case", BROKEN, ids=[case[0] for case in BROKEN])
def test_each_breakage_gives_its_own_message(tmp_path: Path, case: tuple[Any, ...]) -> None:
    _name, (old, new), line, question_id, field, phrases = case
    assert old in GOOD, "the test's edit must apply"
    path = write(tmp_path, GOOD.replace(old, new, 1), "broken-bank.toml")
    with pytest.raises(BankError) as info:
        load_bank(path)
    err = info.value
    message = str(err)
    assert isinstance(err, InputError)
    assert message.startswith(f"{path}, line {line}") if line else message.startswith(str(path))
    assert err.file == str(path)
    assert err.line == line or line is None
    assert err.question_id == question_id
    assert err.field == field
    for phrase in phrases:
        assert phrase in message
    assert "\n" not in message
    assert "Traceback" not in message


def test_several_problems_are_all_collected_first_one_leads() -> None:
    text = (GOOD.replace('text = "What is dropout?"', 'txt = "What is dropout?"')
            .replace('target_s = 120.0', 'target_s = "two minutes"')
            .replace('weight = 2', 'weight = -1'))
    with pytest.raises(BankError) as info:
        load_bank_text(text, "many.toml")
    err = info.value
    messages = err.all_messages()
    assert len(messages) == 3
    assert messages[0].startswith("many.toml, line 9:") and '"txt"' in messages[0]
    assert messages[1].startswith("many.toml, line 22:") and "weight" in messages[1]
    assert messages[2].startswith("many.toml, line 39:") and "two minutes" in messages[2]
    # one line for the CLI: the first problem, then the others in brief
    assert str(err).startswith(messages[0])
    assert "Also: line 22:" in str(err) and "line 39:" in str(err)
    # a typo'd field is not also reported as missing
    assert not any('missing the required field "text"' in m for m in messages)


def test_inline_concept_tables_are_located_at_their_key() -> None:
    text = GOOD.split("[[questions.concepts]]")[0] + (
        'concepts = [{ id = "a", label = "A" }, { id = "a", label = "B" }]\n')
    with pytest.raises(BankError) as info:
        load_bank_text(text, "inline.toml")
    assert info.value.line == 17
    assert 'two concepts with the id "a"' in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BankError, match=r"nope\.toml: there is no such file"):
        load_bank(tmp_path / "nope.toml")


def test_a_folder_is_not_a_bank(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="is a folder, not a question bank"):
        load_bank(tmp_path)


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(GOOD.replace("What is dropout?", "Qu'est-ce que le dropout à?")
                     .encode("latin-1"))
    with pytest.raises(BankError) as info:
        load_bank(path)
    assert info.value.line == 9
    assert "not UTF-8" in str(info.value) and "latin1.toml, line 9" in str(info.value)


def test_empty_file_says_what_is_missing() -> None:
    with pytest.raises(BankError) as info:
        load_bank_text("", "empty.toml")
    assert "no [bank] table" in str(info.value)
    assert any("no questions" in m for m in info.value.all_messages())


def test_a_bank_with_no_questions_is_an_error() -> None:
    text = GOOD.split("[[questions]]")[0] + "questions = []\n"
    with pytest.raises(BankError, match="has no questions"):
        load_bank_text(text, "none.toml")


def test_unknown_top_level_table() -> None:
    with pytest.raises(BankError) as info:
        load_bank_text(GOOD + '\n[extras]\nfoo = 1\n', "extra.toml")
    assert 'unknown field "extras"' in str(info.value)
    assert info.value.line == 41


def test_questions_as_a_single_table_is_explained() -> None:
    text = GOOD.split("[[questions]]")[0] + (
        '[questions]\nid = "a"\ntext = "b"\ncategory = "c"\nkind = "technical"\n'
        'target_s = 5\n')
    with pytest.raises(BankError) as info:
        load_bank_text(text, "single.toml")
    assert '"questions" must be written as [[questions]] tables' in str(info.value)
    assert info.value.line == 7
