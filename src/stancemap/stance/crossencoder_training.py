"""Fitting the ``cross-encoder.v1`` stance model (torch): fine-tuning, then a temperature.

The training half of :mod:`stancemap.stance.crossencoder`, with the recipe of
``benchmarks/cross_encoder_experiment.py``:

* the pairs are split: 90 % to fine-tune on, 10 % held out for the temperature
  (:func:`holdout_split`: whole claims when there are ten claims or more, so that
  the temperature is fitted on claims the network never saw, as a codebook's issues
  are; else single pairs);
* AdamW (lr 3e-5, weight decay 0.01, batches of 16, gradients clipped at 1.0),
  linear warm-up over the first 10 % of the steps then linear decay; the word
  embeddings (half of the weights) stay frozen; as many epochs as give at least
  :data:`MIN_STEPS` steps, at most :data:`MAX_EPOCHS` (:func:`epochs_for`);
* one temperature minimising the log-loss of the held-out pairs (Guo et al. 2017).

Pairs labelled support and oppose only, as debate arguments are, fine-tune the packaged stance cross-encoder
(:data:`~stancemap.stance.crossencoder.PACKAGED`), which already learnt them from IBM ArgQ and Perspectrum train: one
pass at a lower rate (:data:`WARM_EPOCHS`, :data:`WARM_LR`). Other labels (``neutral``, ``unrelated``) start from
the base MiniLM with the recipe above: the packaged encoder with a new head did worse on news sentences of three
labels (PolNeAR dev, trained on 1,088 train sentences: 0.343 in one pass at 2e-5, 0.495 in three at 3e-5, 0.552
from the base). ``start=None`` always starts from the base.

Seeded and deterministic on the CPU: the same pairs, seed and number of threads give
the same model. Torch's global random state is left as it was.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from stancemap.errors import UsageError
from stancemap.stance.crossencoder import (
    FROZEN,
    LEARNER,
    PACKAGED,
    CrossEncoderModel,
    base_meta,
    build_network,
    file_labels,
    forward,
    load_cross_encoder,
    require_extra,
)
from stancemap.stance.pairfiles import LABELS
from stancemap.stance.pairmodel_training import fit_temperature

__all__ = ["train_cross_encoder", "holdout_split", "epochs_for", "MIN_STEPS", "MAX_EPOCHS", "WARM_EPOCHS", "WARM_LR"]

Rows = list[tuple[str, str, str]]
Progress = Callable[[str, int, int], None]


#: The fewest fine-tuning steps, chosen on the training claims the trainer holds out: on IBM ArgQ train (1,169 steps
#: an epoch) two epochs raised their accuracy from 0.870 to 0.887; on Perspectrum train (387 steps an epoch) three
#: from 0.708 to 0.737, and five gave 0.735 (ArgQ dev macro-F1 0.858 -> 0.885; Perspectrum dev new text 0.661 ->
#: 0.710, five 0.717; benchmarks/results/stance_crossencoder.md).
MIN_STEPS = 2000
#: ... in at most this many passes over the pairs.
MAX_EPOCHS = 3
#: Passes over the pairs and learning rate when fine-tuning starts from the packaged model, chosen on the training
#: claims the trainer holds out: on Perspectrum train one pass at 2e-5 reached 0.805 of them, three at 3e-5 0.794
#: (Perspectrum dev new text 0.742 / 0.729, and 0.710 from the base weights; IBM ArgQ dev 0.890 / 0.872;
#: benchmarks/results/stance_crossencoder.md).
WARM_EPOCHS, WARM_LR = 1, 2e-5


def epochs_for(pairs: int, batch_size: int) -> int:
    """How many passes over ``pairs`` training pairs give at least :data:`MIN_STEPS` steps (1 to :data:`MAX_EPOCHS`).

    >>> epochs_for(40000, 16), epochs_for(18697, 16), epochs_for(6185, 16), epochs_for(40, 16)
    (1, 2, 3, 3)
    """
    per_epoch = max(1, -(-pairs // batch_size))
    return max(1, min(MAX_EPOCHS, -(-MIN_STEPS // per_epoch)))


def holdout_split(pairs: Sequence[tuple[str, str, str]], fraction: float = 0.1,
                  seed: int = 0) -> tuple[list[int], list[int], str]:
    """``(train rows, held-out rows, "claims" or "pairs")``: about ``fraction`` of the pairs held out.

    With ten claims or more, whole claims are held out (shuffled by ``seed``, a claim
    skipped when it would take the share past 1.5 x ``fraction``); else single pairs.
    Pairs are held out when whole claims would leave a label out of the training rows.

    >>> pairs = [(f"Claim {i % 20}.", f"text {i}", "support" if i % 3 else "oppose") for i in range(200)]
    >>> train, held, how = holdout_split(pairs)
    >>> len(train), len(held), how
    (180, 20, 'claims')
    >>> {pairs[i][0] for i in held} & {pairs[i][0] for i in train}
    set()
    """
    n = len(pairs)
    want = int(round(fraction * n))
    if want < 1:
        return list(range(n)), [], "none"
    rng = np.random.default_rng(seed)
    sizes = Counter(claim for claim, _, _ in pairs)
    if len(sizes) >= 10:
        held_claims: set[str] = set()
        total = 0
        for claim in rng.permutation(sorted(sizes)).tolist():
            if total >= want:
                break
            if total + sizes[claim] <= 1.5 * want:
                held_claims.add(claim)
                total += sizes[claim]
        held = [i for i, p in enumerate(pairs) if p[0] in held_claims]
        train = [i for i, p in enumerate(pairs) if p[0] not in held_claims]
        if total >= want / 2 and {pairs[i][2] for i in train} == {p[2] for p in pairs}:
            return train, held, "claims"
    chosen = set(rng.choice(n, size=want, replace=False).tolist())
    return [i for i in range(n) if i not in chosen], sorted(chosen), "pairs"


def train_cross_encoder(pairs: Sequence[tuple[str, str, str]], *, start: str | Path | None = PACKAGED,
                        epochs: int | None = None, batch_size: int = 16, lr: float | None = None,
                        weight_decay: float = 0.01, warmup: float = 0.1, max_len: int = 128, holdout: float = 0.1,
                        max_steps: int | None = None, seed: int = 0, source: str = "",
                        progress: Progress | None = None) -> CrossEncoderModel:
    """Fine-tune a ``cross-encoder.v1`` model on labelled ``(claim, text, label)`` pairs (module docstring).

    Parameters
    ----------
    pairs : sequence of (claim, text, label)
        Labels among support, oppose, neutral and unrelated, at least two of them;
        the model's labels are the sorted labels of the pairs.
    start : path, optional
        A ``cross-encoder.v1`` model file to start from where its labels are the pairs' (default the packaged one;
        ``None``, or other labels: the base MiniLM).
    epochs, batch_size, lr, weight_decay, warmup, max_len
        The recipe: passes over the pairs (default :data:`WARM_EPOCHS` from a model file, else :func:`epochs_for`
        the training pairs), pairs per step, AdamW's learning rate (default :data:`WARM_LR` from a model file, else
        3e-5) and weight decay, the share of steps that warm up, the tokens per pair.
    holdout : float
        Share of the pairs held out to fit the temperature (:func:`holdout_split`; 0: none, temperature 1).
    max_steps : int, optional
        Stop after this many steps (the learning-rate schedule is fitted to them).
    seed : int
        Shuffling, hold-out, head initialisation and dropout.
    source : str
        Where the pairs came from (recorded in ``meta``).
    progress : callable, optional
        ``progress(what, step, steps)`` after each step.

    Raises
    ------
    UsageError
        ``E500`` without the extra (``pip install 'stancemap[crossencoder]'``), for a
        label that is not a stance label, or with fewer than two labels.
    """
    torch, _, _ = require_extra()
    rows = [(str(c), str(t), str(lab)) for c, t, lab in pairs]
    labels = _labels(rows)
    train_idx, held_idx, how = holdout_split(rows, holdout, seed)
    start = start if start is not None and file_labels(start) == labels else None
    epochs = epochs or (WARM_EPOCHS if start is not None else epochs_for(len(train_idx), batch_size))
    lr = lr or (WARM_LR if start is not None else 3e-5)
    recipe = _Recipe(epochs, batch_size, lr, weight_decay, warmup, max_len, max_steps, seed)
    started = time.perf_counter()
    tokenizer, net, begun, steps = _trained(torch, [rows[i] for i in train_idx], labels, recipe, start, progress)
    model = CrossEncoderModel(tokenizer, net, labels, 1.0, {}, max_len)
    model.temperature, held_accuracy = _calibrate(model, [rows[i] for i in held_idx], labels)
    if progress is not None:
        progress("temperature", steps + 1, steps + 1)
    model.meta = {
        "coder": LEARNER, "labels": list(labels), "pairs": len(rows),
        "label_counts": dict(sorted(Counter(r[2] for r in rows).items())), "train_pairs": len(train_idx),
        "holdout_pairs": len(held_idx), "holdout": how, "holdout_accuracy": held_accuracy,
        "temperature": model.temperature, "recipe": dict(asdict(recipe), steps=steps, frozen=[
            name.removeprefix("enc.") for name in FROZEN]),
        "base": base_meta(net), "start": begun, "seed": seed, "source": source,
        "train_seconds": round(time.perf_counter() - started, 1), "threads": torch.get_num_threads(),
    }
    return model


def _trained(torch: Any, rows: Rows, labels: tuple[str, ...], recipe: _Recipe, start: str | Path | None,
             progress: Progress | None) -> tuple[Any, Any, dict[str, Any] | None, int]:
    """``(tokenizer, network, what it started from, steps)``: a network of ``labels`` from the base weights or from
    the model file ``start``, fine-tuned on ``rows`` (seeded, torch's random state left as it was)."""
    with torch.random.fork_rng(devices=[]), _deterministic(torch):
        torch.manual_seed(recipe.seed)
        tokenizer, net = build_network(len(labels), recipe.max_len)
        begun = _start_from(torch, net, start) if start is not None else None
        steps = _fine_tune(torch, tokenizer, net, rows, labels, recipe, progress)
    return tokenizer, net, begun, steps


def _start_from(torch: Any, net: Any, start: str | Path) -> dict[str, Any]:
    """Copy the learned weights of the model file ``start`` (of the same labels) into ``net``; what was taken, for
    the new model's ``meta``."""
    begun = load_cross_encoder(start)
    taken = dict(begun.net.named_parameters())
    with torch.no_grad():
        for name, param in net.named_parameters():
            if name not in FROZEN:
                param.copy_(taken[name])
    return {"file": Path(start).name, "labels": list(begun.labels), "source": begun.meta.get("source", "")}


def _labels(rows: Rows) -> tuple[str, ...]:
    """The sorted labels of ``rows``: stance labels only, at least two."""
    found = {r[2] for r in rows}
    wrong = sorted(found - set(LABELS))
    if wrong:
        raise UsageError.of("E500.crossencoder-labels", learner=LEARNER, wrong=", ".join(wrong),
                            labels=", ".join(LABELS))
    if len(found) < 2:
        raise UsageError.of("E500.training-labels", labels=", ".join(sorted(found)) or "none")
    return tuple(sorted(found))


@dataclass(frozen=True)
class _Recipe:
    """The fine-tuning settings of :func:`train_cross_encoder`."""

    epochs: int
    batch_size: int
    lr: float
    weight_decay: float
    warmup: float
    max_len: int
    max_steps: int | None
    seed: int


@contextlib.contextmanager
def _deterministic(torch: Any) -> Iterator[None]:
    """``torch.use_deterministic_algorithms(True)`` inside the block, the setting before after it."""
    before = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True)
    try:
        yield
    finally:
        torch.use_deterministic_algorithms(before)


def _fine_tune(torch: Any, tokenizer: Any, net: Any, rows: Rows, labels: tuple[str, ...], recipe: _Recipe,
               progress: Progress | None) -> int:
    """One or more epochs of AdamW over ``rows`` (word embeddings frozen); the number of steps taken."""
    for name, param in net.named_parameters():
        param.requires_grad_(name not in FROZEN)
    learned = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(learned, lr=recipe.lr, weight_decay=recipe.weight_decay)
    per_epoch = -(-len(rows) // recipe.batch_size)
    steps = recipe.epochs * per_epoch if recipe.max_steps is None else min(recipe.max_steps,
                                                                           recipe.epochs * per_epoch)
    warm = max(1, int(recipe.warmup * steps))
    decay = max(1, steps - warm)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / decay)))
    net.train()
    step = 0
    for epoch in range(recipe.epochs):
        order = np.random.default_rng(recipe.seed + epoch).permutation(len(rows))
        for start in range(0, len(rows), recipe.batch_size):
            if step >= steps:
                break
            chunk = [rows[i] for i in order[start:start + recipe.batch_size]]
            y = torch.tensor([labels.index(r[2]) for r in chunk])
            z = forward(tokenizer, net, [r[0] for r in chunk], [r[1] for r in chunk], recipe.max_len)
            torch.nn.functional.cross_entropy(z, y).backward()
            torch.nn.utils.clip_grad_norm_(learned, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if progress is not None:
                progress("fine-tuning step", step, steps + 1)
    net.eval()
    return step


def _calibrate(model: CrossEncoderModel, held: Rows, labels: tuple[str, ...]) -> tuple[float, float | None]:
    """The temperature fitted on the held-out pairs (1.0 with fewer than two) and their accuracy."""
    if len(held) < 2:
        return 1.0, None
    z = model.logits([r[0] for r in held], [r[1] for r in held])
    y = np.array([labels.index(r[2]) for r in held])
    accuracy = round(float((z.argmax(axis=1) == y).mean()), 4)
    return round(fit_temperature(z, y), 4), accuracy
