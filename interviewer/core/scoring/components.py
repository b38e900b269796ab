"""The named parts of the overall score, each with its points and a one-sentence explanation."""

from __future__ import annotations

import re
from collections.abc import Sequence

from interviewer.core.scoring.quantities import find_quantities
from interviewer.core.scoring.result import (
    STAR_PARTS,
    Component,
    ConceptResult,
    MisconceptionResult,
    StarAnalysis,
    StructurePart,
)
from interviewer.core.scoring.structure import WEIGHTS as STRUCTURE_WEIGHTS


def _words(text: str) -> list[str]:
    return text.split()


STAR_POINTS = {"situation": 8.0, "task": 8.0, "action": 12.0, "result": 12.0}
STAR_ORDER_POINTS = 5.0
CREDIT = {"hit": 1.0, "possible": 0.5, "missed": 0.0}
# Of the accuracy component, per stated misconception. 0.75 since false claims are found with
# fewer false alarms (strong or vague answers flagged: 0.12 on dev): a confidently wrong answer
# then averages under 40 on train and dev (37-40) while strong ones keep a mean of 86-87 (the
# share of them at 70 or more falls from 0.94 to 0.88 on dev, those falsely flagged). With
# four more exemplars per misconception in the bundled bank (written in varied voices, and any
# that flagged a correct answer of the train split removed): wrong 35-36 on dev, strong 85-87,
# 0.15-0.18 of strong or vague answers flagged.
MISCONCEPTION_PENALTY = 0.75

# Concrete, nameable things in a deep-learning story (tools, models, metrics, data).
TECH_TERMS = frozenset(_words(
    "keras pytorch tensorflow jax sklearn scikit xgboost lightgbm pandas numpy spark sql "
    "docker kubernetes k8s onnx tensorrt torchscript fastapi flask airflow mlflow kubeflow "
    "sagemaker aws gcp azure gpu gpus cuda tpu adam sgd rmsprop dropout batchnorm lstm gru "
    "rnn cnn cnns transformer transformers bert gpt resnet vgg yolo unet efficientnet "
    "attention embedding embeddings autoencoder gan gans accuracy precision recall f1 auc "
    "roc latency throughput loss dataset datasets labels pipeline features feature "
    "regularization augmentation hyperparameters hyperparameter baseline ab a/b metric "
    "metrics api crm churn inference quantization pruning distillation validation imbalance "
    "leakage drift monitoring logging grafana prometheus kafka redis postgres bigquery "
    "snowflake huggingface opencv mnist imagenet coco cifar"
))


def star_component(star: StarAnalysis, max_points: float = 45.0) -> Component:
    points = sum(STAR_POINTS[p] for p in STAR_PARTS if star.part(p).present)
    present = [p for p in STAR_PARTS if star.part(p).present]
    missing = [p for p in STAR_PARTS if not star.part(p).present]
    if star.order_ok:
        points += STAR_ORDER_POINTS
        order = "in order"
    elif star.order_ok is False:
        points += STAR_ORDER_POINTS * 0.4
        order = "out of order"
    else:
        order = "too few parts to judge order"
    penalty = 0.0
    bal = star.balance or {}
    context = bal.get("situation", 0.0) + bal.get("task", 0.0)
    if context > 0.5:
        penalty = 6.0
    elif star.action.present and bal.get("action", 0.0) < 0.15:
        penalty = 3.0
    points = max(0.0, points - penalty) * max_points / (sum(STAR_POINTS.values())
                                                       + STAR_ORDER_POINTS)
    if not present:
        text = "No STAR part was recognised: no situation, task, action or result."
    else:
        text = f"Found {_join(present)} ({order})"
        text += f"; missing {_join(missing)}." if missing else "."
        if penalty:
            text += f" Balance: {star.balance_note}"
    return Component(round(points, 1), max_points, text)


def specificity_component(star: StarAnalysis, norms: Sequence[str],
                          max_points: float = 25.0) -> Component:
    all_text = " ".join(norms)
    quantities = find_quantities(all_text)
    words = set(all_text.split())
    terms = sorted(words & TECH_TERMS)
    pts = 0.0
    bits: list[str] = []
    if star.quantified_results:
        pts += 12.0
        bits.append(f"a quantified result ('{star.quantified_results[0]}')")
    elif star.result.present:
        pts += 4.0
        bits.append("a result without a number")
    else:
        bits.append("no result")
    if quantities:
        pts += 4.0
        bits.append(f"{len(quantities)} figure{'s' * (len(quantities) != 1)}")
    pts += min(5.0, 5.0 * len(terms) / 4.0)
    bits.append(f"{len(terms)} concrete term{'s' * (len(terms) != 1)}"
                + (f" ({', '.join(terms[:4])})" if terms else ""))
    ratio = star.i_we_ratio
    if ratio is None:
        pts += 2.0
        bits.append("no 'I' or 'we'")
    elif ratio >= 0.5:
        pts += 4.0
        bits.append(f"'I' {star.i_count} vs 'we' {star.we_count}")
    else:
        pts += 3.0 if ratio >= 0.25 else 2.0
        bits.append(f"mostly 'we' ({star.we_count} vs 'I' {star.i_count}; fine, but say "
                    f"what was yours)")
    pts = min(25.0, pts) * max_points / 25.0
    return Component(round(pts, 1), max_points, "Specific detail: " + "; ".join(bits) + ".")


def coverage_component(concepts: Sequence[ConceptResult], max_points: float) -> Component:
    total = sum(c.weight for c in concepts) or 1.0
    got = sum(c.weight * CREDIT.get(c.status, 0.0) for c in concepts)
    hits = [short_label(c.label) for c in concepts if c.status == "hit"]
    possible = [short_label(c.label) for c in concepts if c.status == "possible"]
    missed = [short_label(c.label) for c in concepts if c.status == "missed"]
    text = f"Covered {len(hits)} of {len(concepts)} key concepts"
    text += f" ({_join(hits)})" if hits else ""
    if possible:
        text += f"; possibly {_join(possible)} (unclear wording, half credit)"
    if missed:
        text += f"; missed {_join(missed)}"
    return Component(round(max_points * got / total, 1), max_points,
                     text if text.endswith("...") else text + ".")


def structure_component(parts: dict[str, StructurePart], max_points: float,
                        false_claims: int = 0) -> Component:
    """Definition, mechanism, example, trade-off; a well-built explanation of something false
    earns half of it with one false claim and none with two."""
    frac = sum(STRUCTURE_WEIGHTS[p] for p, part in parts.items() if part.present)
    have = [p.replace("_", "-") for p, part in parts.items() if part.present]
    lack = [p.replace("_", "-") for p, part in parts.items() if not part.present]
    if not have:
        text = "No definition, mechanism, example or trade-off was recognised."
    else:
        text = f"Found {_join(have)}" + (f"; no {_join(lack, 'or')}." if lack else ".")
    if false_claims and have:
        frac *= max(0.0, 1.0 - 0.5 * false_claims)
        text += (" Halved for a false claim." if false_claims == 1
                 else " No credit: the explanation rests on false claims.")
    return Component(round(max_points * frac, 1), max_points, text)


def accuracy_component(found: Sequence[MisconceptionResult], hits: int,
                       max_points: float) -> Component:
    """Correctness: full credit needs two key concepts said (one earns three quarters) and no
    false claim; each false
    claim takes away :data:`MISCONCEPTION_PENALTY` of the component (two take all of it), so a
    confidently wrong answer scores below a vague but correct one."""
    stated = [m for m in found if not m.negated]
    negated = [m for m in found if m.negated]
    credit = 0.0 if hits == 0 else 0.75 if hits == 1 else 1.0
    frac = max(0.0, credit - MISCONCEPTION_PENALTY * len(stated))
    if stated:
        text = (f"Stated {len(stated)} false claim{'s' * (len(stated) != 1)}: "
                + "; ".join(f"'{m.matched}' (in fact: {m.correction.rstrip('.')})"
                            for m in stated) + ".")
    elif hits == 0:
        text = "No false claim, but also no checkable claim about the key concepts."
    else:
        text = "No false claim found"
        text += (f" (correctly negated: {_join([m.label for m in negated])})" if negated else "")
        text += "." if credit >= 1.0 else "; full credit needs at least two key concepts."
    return Component(round(max_points * frac, 1), max_points, text)


def short_label(label: str, limit: int = 48) -> str:
    """A concept label short enough for a list: the part before a colon, cut at a word."""
    head = label.split(":", 1)[0].strip() if ":" in label else label.strip()
    if len(head) <= limit:
        return head
    return head[:limit].rsplit(" ", 1)[0] + "..."


def _join(items: Sequence[str], last: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def count_words(text: str) -> int:
    return len(re.findall(r"\S+", text))
