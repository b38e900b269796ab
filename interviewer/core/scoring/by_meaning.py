"""Concepts and false claims found by meaning (with an encoder), beside the word matching.

- A concept said in other words: a sentence whose meaning is close to one of the concept's
  exemplars (or its label) is a hit at :data:`CONCEPT_HIT` similarity, a possible at
  :data:`CONCEPT_POSSIBLE`; the reason quotes the exemplar and the similarity.
- A false claim: a sentence close to one of a misconception's exemplars (at least
  :data:`CLAIM_MIN`) and clearly closer to it than to anything true the rubric says (by
  :data:`CLAIM_MARGIN`). A sentence with a negation ("dropout is *not* used at test time") is
  not a false claim (the word patterns, which match closely, record such denials).
  The encoder hears the topic well and the direction of a claim poorly, so a sentence must
  also say one of the claim's own words (:func:`claim_anchors`: words the claim uses and
  nothing true in the rubric does, such as "eliminates" or "bigger"), unless it is very close
  (:data:`UNANCHORED_MIN`, :data:`UNANCHORED_MARGIN`). Words that frame or hedge a statement
  ("basically", "kind of", "because") are no anchor. On the dev split this cut the share of
  strong or vague answers reported as making a false claim from 0.35 to 0.12, and caught 0.88
  of the wrong answers instead of 0.94.
- A false claim the word patterns found is dropped when its sentence is clearly closer in
  meaning to something true in the rubric than to the claim (:data:`PATTERN_VETO_MARGIN`):
  a pattern's words can appear in order in a true sentence ("RMSProp keeps a running average of
  the *squared* gradients" holds the words of "RMSProp averages the gradients").
- A concept whose only evidence is a sentence making a false claim is not coverage.

The thresholds were chosen on the corpus's train split and checked on dev
(``python -m tests.bench.bench_scoring --split dev``).
"""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.core.questions import Rubric
from interviewer.core.scoring.meaning import Encoder, Vector, best_match, quote
from interviewer.core.scoring.misconceptions import NEGATIONS, POLARITY
from interviewer.core.scoring.result import ConceptResult, MisconceptionResult
from interviewer.core.scoring.sentences import Sentence
from interviewer.core.scoring.text import STOPWORDS, stems_of

CONCEPT_HIT = 0.63
CONCEPT_POSSIBLE = 0.56
CLAIM_MIN = 0.66
CLAIM_MARGIN = 0.04
_MIN_WORDS = 4  # a claim needs a few words; "yes exactly" is close to nothing in particular
WINDOW_WORDS = 12  # claims are a clause long: 8-15 words in the corpus
WINDOW_STRIDE = 6
WINDOW_CLAIM_MIN = 0.75  # a window is a fragment: it must be closer to the claim than a sentence
WINDOW_CLAIM_MARGIN = 0.12


# Words that carry a claim's direction are kept as anchors even though they are common.
_POLARITY = POLARITY | {"no", "not", "never"}
_FUNCTION_STEMS = frozenset(stems_of(" ".join(sorted(STOPWORDS - _POLARITY))))
# Words that frame, hedge or link a statement say nothing about which claim it makes, so they
# are no anchor ("it's basically", "kind of", "because", "in every case")
_FRAMING_STEMS = frozenset(stems_of(
    "basically actually literally kind sort know mean think guess believe suppose maybe "
    "probably perhaps possibly because since case cases thing things way stuff"))
REQUIRE_ANCHOR = True
UNANCHORED_MIN = 0.75  # without an anchor word a sentence must be this close to the claim
UNANCHORED_MARGIN = 0.12
# A pattern hit whose sentence is closer to the rubric's truths than to the claim by more than
# this is not a false claim. Chosen on the train split (unpunctuated rendering included): every
# pattern hit in a wrong answer had a margin of -0.03 or more, every hit in a strong or vague
# answer that this drops had -0.09 or less. On dev the closest wrong-answer hit had -0.05.
PATTERN_VETO_MARGIN = -0.06


def claim_anchors(rubric: Rubric) -> dict[str, frozenset[str]]:
    """Per misconception: the word stems its wording uses (label, patterns, exemplars) that
    nothing true in the rubric uses (concepts, their exemplars, the corrections). A sentence
    close in meaning to a claim must also say one of these words to count as making it: the
    encoder hears the topic well and the direction poorly ("I use early stopping and data
    augmentation" is close to "data augmentation eliminates overfitting entirely")."""
    true_stems: set[str] = set()
    for c in rubric.concepts:
        for text in (c.label, *c.aliases, *c.exemplars):
            true_stems.update(stems_of(text))
    for m in rubric.misconceptions:
        true_stems.update(stems_of(m.correction))
    out: dict[str, frozenset[str]] = {}
    for m in rubric.misconceptions:
        own = {s for text in (m.label, *m.patterns, *m.exemplars) for s in stems_of(text)}
        out[m.id] = frozenset(own - true_stems - _FUNCTION_STEMS - _FRAMING_STEMS)
    return out


def _negative(text: str) -> bool:
    words = text.lower().replace("n't", " n't").split()
    return any(w in NEGATIONS or w == "n't" for w in words)


def concepts_by_meaning(rubric: Rubric, found: Sequence[ConceptResult], *,
                        sentences: Sequence[Sentence], norms: Sequence[str],
                        vectors: Sequence[Vector], encoder: Encoder,
                        false_sentences: frozenset[int]) -> list[ConceptResult]:
    """``found`` (from the word matcher) upgraded where a sentence says the concept in other
    words, and downgraded where the only evidence is a false claim."""
    out: list[ConceptResult] = []
    for concept, said in zip(rubric.concepts, found, strict=True):
        res = said
        if said.status != "missed" and said.evidence in false_sentences:
            res = ConceptResult(concept.id, concept.label, "missed", None, None, concept.weight,
                                None, f"named only inside a false claim ('{said.matched}')")
        if res.status == "hit":
            out.append(res)
            continue
        examples = [concept.label, *concept.exemplars]
        vecs = encoder.encode_reference(examples)
        best: tuple[float, int, int] | None = None  # similarity, sentence, exemplar
        for i, v in enumerate(vectors):
            if i in false_sentences or len(norms[i].split()) < _MIN_WORDS:
                continue
            at, sim = best_match(v, vecs)
            if best is None or sim > best[0]:
                best = (sim, i, at)
        if best is not None and best[0] >= CONCEPT_POSSIBLE and (
                best[0] >= CONCEPT_HIT or res.status == "missed"):
            sim, i, at = best
            status = "hit" if sim >= CONCEPT_HIT else "possible"
            how = f"close in meaning to '{quote(examples[at])}' ({sim:.2f})"
            out.append(ConceptResult(concept.id, concept.label, status,
                                     quote(sentences[i].text, 80), sentences[i].start_s,
                                     concept.weight, i, how))
        else:
            out.append(res)
    return out


def _pieces(norms: Sequence[str], vectors: Sequence[Vector],
            encoder: Encoder) -> list[tuple[int, str, Vector, bool]]:
    """(sentence, words, vector, is a window) of every sentence and, inside a long one, of
    overlapping
    windows of :data:`WINDOW_WORDS` words: a false claim in a long run-on (unpunctuated speech)
    is diluted in the whole sentence's meaning but stands out in its own window."""
    pieces = [(i, n, v, False) for i, (n, v) in enumerate(zip(norms, vectors, strict=True))
              if len(n.split()) >= _MIN_WORDS]
    windows: list[tuple[int, str]] = []
    for i, n in enumerate(norms):
        words = n.split()
        if len(words) <= WINDOW_WORDS + WINDOW_STRIDE // 2:
            continue
        starts = range(0, len(words) - WINDOW_WORDS + WINDOW_STRIDE, WINDOW_STRIDE)
        windows += [(i, " ".join(words[a: a + WINDOW_WORDS])) for a in starts]
    if windows:
        vecs = encoder.encode([t for _i, t in windows])
        pieces += [(i, t, v, True) for (i, t), v in zip(windows, vecs, strict=True)]
    return pieces


def _true_after_all(rubric: Rubric, found: MisconceptionResult, vectors: Sequence[Vector],
                    true_vecs: Sequence[Vector], encoder: Encoder) -> bool:
    """Whether a claim the patterns found sits in a sentence that means something true in the
    rubric more than it means the claim (its label, patterns and exemplars)."""
    if found.negated or found.evidence is None or not true_vecs:
        return False
    mc = next((m for m in rubric.misconceptions if m.id == found.id), None)
    if mc is None:
        return False
    v = vectors[found.evidence]
    _, claim_sim = best_match(v, encoder.encode_reference([mc.label, *mc.patterns,
                                                            *mc.exemplars]))
    _, true_sim = best_match(v, true_vecs)
    return claim_sim - true_sim < PATTERN_VETO_MARGIN


def false_claims(rubric: Rubric, already: Sequence[MisconceptionResult], *,
                 sentences: Sequence[Sentence], norms: Sequence[str],
                 vectors: Sequence[Vector], encoder: Encoder) -> list[MisconceptionResult]:
    """Misconceptions stated in other words than their patterns (one per misconception and per
    sentence; those the patterns already found are kept as they are)."""
    # what is true: the concepts, and every misconception's correction (which states the truth
    # in the claim's own frame: "deep learning is a subset of ML" against "ML is a subset of
    # deep learning", a pair the encoder alone finds alike)
    true_texts = [t for c in rubric.concepts for t in (c.label, *c.exemplars)]
    true_texts += [m.correction for m in rubric.misconceptions]
    true_vecs = encoder.encode_reference(true_texts) if true_texts else []
    already = [m for m in already
               if not _true_after_all(rubric, m, vectors, true_vecs, encoder)]
    taken_ids = {m.id for m in already if not m.negated}
    taken_sentences = {m.evidence for m in already if not m.negated}
    pieces = _pieces(norms, vectors, encoder)
    anchors = claim_anchors(rubric)
    # margin, sentence, misconception, exemplar, similarity, the piece's words
    candidates: list[tuple[float, int, int, str, str, str]] = []
    for mi, mc in enumerate(rubric.misconceptions):
        if mc.id in taken_ids or not mc.exemplars:
            continue
        vecs = encoder.encode_reference(list(mc.exemplars))
        for i, text, v, window in pieces:
            at, sim = best_match(v, vecs)
            if sim < (WINDOW_CLAIM_MIN if window else CLAIM_MIN):
                continue
            _, true_sim = best_match(v, true_vecs) if true_vecs else (-1, -1.0)
            margin = sim - true_sim
            anchored = bool(anchors[mc.id].intersection(stems_of(text)))
            if REQUIRE_ANCHOR and not anchored and (
                    sim < max(UNANCHORED_MIN, WINDOW_CLAIM_MIN if window else 0.0)
                    or margin < UNANCHORED_MARGIN):
                continue
            if margin >= (WINDOW_CLAIM_MARGIN if window else CLAIM_MARGIN):
                candidates.append((margin, i, mi, mc.exemplars[at], f"{sim:.2f}", text))
    out = list(already)
    for gap, i, mi, exemplar, sim_text, text in sorted(candidates, key=lambda c: -c[0]):
        mc = rubric.misconceptions[mi]
        if mc.id in taken_ids or i in taken_sentences:
            continue
        if _negative(text) and not _negative(exemplar):
            # a sentence with a negation near a claim is too loose a match to report as a
            # denial ("...worse on data it has not seen"); it is simply not a false claim
            continue
        taken_ids.add(mc.id)
        taken_sentences.add(i)
        out.append(MisconceptionResult(
            mc.id, mc.label, quote(sentences[i].text, 80), False, mc.correction, i,
            sentences[i].start_s,
            how=f"close in meaning to '{quote(exemplar)}' ({sim_text}, {gap:+.2f} over anything "
                f"true in the rubric)"))
    return out
