"""The encoder: exactly what sentence-transformers' recipe gives, deterministic, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.core.scoring.meaning import dot
from interviewer.meaning.encoder import MiniLMEncoder
from interviewer.meaning.pack import model_dir

SENTENCES = [
    "I spoke to the designer and asked when he could commit to a date.",
    "During training some units are switched off at random so none can rely on another.",
    "ok",
    "From then on everyone pulled their weight, " * 12,  # longer than most answers' sentences
]


def test_matches_transformers_bert_with_mean_pooling(sentence_encoder: MiniLMEncoder,
                                                     encoder_models_dir: Path) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    folder = str(model_dir(encoder_models_dir))
    tok = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    ref = AutoModel.from_pretrained(folder, local_files_only=True).eval()
    with torch.inference_mode():
        batch = tok(SENTENCES, padding=True, truncation=True, max_length=256,
                    return_tensors="pt")
        hidden = ref(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        want = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1)
    got = torch.tensor(sentence_encoder.encode(SENTENCES))
    assert got.shape == (4, 384)
    assert float((got - want).abs().max()) < 1e-5


def test_unit_vectors_deterministic_and_meaningful(sentence_encoder: MiniLMEncoder,
                                                   no_network: list[object]) -> None:
    a, b, c = sentence_encoder.encode([
        "Dropout randomly turns off neurons while the network trains.",
        "During training we randomly switch off some units.",
        "I moved to Berlin to study music.",
    ])
    assert abs(dot(a, a) - 1.0) < 1e-6
    assert dot(a, b) > 0.4 and dot(a, c) < dot(a, b) - 0.3
    fresh = MiniLMEncoder(sentence_encoder.model_dir).load()
    assert fresh.encode(["Dropout randomly turns off neurons while the network trains."]) == [a]
    assert no_network == []


def test_reference_vectors_are_kept_between_processes(sentence_encoder: MiniLMEncoder,
                                                      tmp_path: Path) -> None:
    store = tmp_path / "refs.npz"
    first = MiniLMEncoder(sentence_encoder.model_dir, reference_store=store).load()
    vecs = first.encode_reference(["Pooling shrinks the feature map.", "Adam adapts steps."])
    assert store.is_file()
    second = MiniLMEncoder(sentence_encoder.model_dir, reference_store=store)
    second.load()
    second.encode = None  # type: ignore[method-assign,assignment]  # must not be needed
    assert second.encode_reference(["Adam adapts steps.", "Pooling shrinks the feature map."]) \
        == [vecs[1], vecs[0]]


def test_corrupt_reference_store_is_recomputed(sentence_encoder: MiniLMEncoder,
                                               tmp_path: Path) -> None:
    store = tmp_path / "refs.npz"
    store.write_bytes(b"not a numpy file")
    enc = MiniLMEncoder(sentence_encoder.model_dir, reference_store=store).load()
    assert enc.encode_reference(["Pooling shrinks the feature map."]) == \
        sentence_encoder.encode(["Pooling shrinks the feature map."])


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_text_still_gives_a_vector(sentence_encoder: MiniLMEncoder, text: str) -> None:
    (vec,) = sentence_encoder.encode([text])
    assert len(vec) == 384
