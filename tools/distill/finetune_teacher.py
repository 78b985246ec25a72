"""Fine-tune a MiniLM teacher (sentiment + framework categories) on train.csv, offline, on CPU.

Run inside the distillation venv (torch lives only there, never in the product):

    tools/distill/teacher.sh            # builds var/distill-venv if needed, then runs this script

What it writes (under --out, default var/teacher/):
  encoder/        the tuned encoder + tokenizer (Hugging Face format), input to distil_tuned_static.py
  soft_train.npz  the teacher's out-of-fold probabilities for every train.csv row (only with --folds > 1)
                  and its probabilities for augmented copies of the train texts, for soft-label students
  log.json        settings, losses and timings

The teacher sees only train.csv. The input is "question type: text" so the head can use the question.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from transformers import AutoModel, AutoTokenizer


def read(path: Path):
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return rows


def prompt(row: dict) -> str:
    return f"{row.get('question_type') or 'comment'}: {row['text']}"


class Teacher(nn.Module):
    def __init__(self, base: str, n_labels: int):
        super().__init__()
        self.encoder = AutoModel.from_pretrained(base)
        hidden = self.encoder.config.hidden_size
        self.drop = nn.Dropout(0.1)
        self.sentiment = nn.Linear(hidden, 5)
        self.labels = nn.Linear(hidden, n_labels)

    def forward(self, ids, mask):
        out = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        pooled = (out * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)
        pooled = self.drop(pooled)
        return self.sentiment(pooled), self.labels(pooled)


def batches(n: int, size: int, shuffle: bool, seed: int):
    order = list(range(n))
    if shuffle:
        random.Random(seed).shuffle(order)
    for i in range(0, n, size):
        yield order[i : i + size]


def train_one(rows, codes, args, seed: int, log: list):
    torch.manual_seed(seed)
    tokenizer = AutoTokenizer.from_pretrained(args.base)
    model = Teacher(args.base, len(codes))
    texts = [prompt(r) for r in rows]
    y_lab = torch.tensor([[1.0 if r[c] == "1" else 0.0 for c in codes] for r in rows])
    y_sent = torch.tensor([int(r["sentiment"]) - 1 if r["sentiment"].strip() else -100 for r in rows])
    steps = args.epochs * ((len(rows) + args.batch - 1) // args.batch)
    optimiser = torch.optim.AdamW(
        [
            {"params": model.encoder.parameters(), "lr": args.lr},
            {
                "params": list(model.sentiment.parameters()) + list(model.labels.parameters()),
                "lr": args.lr * 20,
            },
        ],
        weight_decay=0.01,
    )
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=[args.lr, args.lr * 20], total_steps=steps, pct_start=0.1, anneal_strategy="linear"
    )
    # Rare categories get more weight so the teacher does not ignore them.
    pos = y_lab.sum(0).clamp(min=1)
    pos_weight = ((len(rows) - pos) / pos).clamp(max=30.0).sqrt()
    bce = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    ce = nn.CrossEntropyLoss(ignore_index=-100)
    model.train()
    step = 0
    started = time.time()
    for epoch in range(args.epochs):
        for idx in batches(len(rows), args.batch, True, seed + epoch):
            enc = tokenizer(
                [texts[i] for i in idx],
                truncation=True,
                max_length=args.max_length,
                padding=True,
                return_tensors="pt",
            )
            s_logits, l_logits = model(enc["input_ids"], enc["attention_mask"])
            loss = ce(s_logits, y_sent[idx]) + args.label_weight * bce(l_logits, y_lab[idx])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 20 == 0:
                entry = {
                    "step": step,
                    "of": steps,
                    "loss": round(float(loss), 4),
                    "s": round(time.time() - started),
                }
                log.append(entry)
                print(json.dumps(entry), flush=True)
    model.eval()
    return model, tokenizer


@torch.no_grad()
def predict(model, tokenizer, texts, args):
    sent, lab = [], []
    for idx in batches(len(texts), 128, False, 0):
        enc = tokenizer(
            [texts[i] for i in idx],
            truncation=True,
            max_length=args.max_length,
            padding=True,
            return_tensors="pt",
        )
        s, lp = model(enc["input_ids"], enc["attention_mask"])
        sent.append(torch.softmax(s, -1).numpy())
        lab.append(torch.sigmoid(lp).numpy())
    return np.concatenate(sent), np.concatenate(lab)


def augment(row: dict, rng: random.Random) -> dict:
    """A noisy copy of a comment (word dropout and a local swap), for the teacher to label."""
    words = row["text"].split()
    if len(words) > 3:
        words = [w for w in words if rng.random() > 0.15] or words
        i = rng.randrange(len(words) - 1) if len(words) > 1 else 0
        if len(words) > 1:
            words[i], words[i + 1] = words[i + 1], words[i]
    return {**row, "text": " ".join(words)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="../shared/data/feedback/train.csv")
    parser.add_argument("--codes", default="../shared/data/feedback/framework.csv")
    parser.add_argument("--base", required=True, help="Folder of the base sentence-transformer (MiniLM)")
    parser.add_argument("--out", default="var/teacher")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--max-length", type=int, default=80)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--label-weight", type=float, default=3.0)
    parser.add_argument("--folds", type=int, default=1, help=">1: also write out-of-fold soft labels")
    parser.add_argument("--augment", type=int, default=0, help="noisy copies per comment to soft-label")
    parser.add_argument(
        "--cv-folds",
        type=int,
        default=0,
        help="measurement mode: per fold, a teacher trained on the other folds soft-labels noisy copies of "
        "its own training comments (cv_soft.npz), so a student's cross-validation stays honest",
    )
    parser.add_argument(
        "--label-only",
        action="store_true",
        help="load the teacher already saved in --out (encoder/, heads.pt) and only write soft_train.npz",
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = Path(args.data)
    if data.name == "test.csv":
        raise SystemExit("test.csv is for measurement only")
    rows = read(data)
    with Path(args.codes).open(newline="", encoding="utf-8") as handle:
        codes = [r["code"] for r in csv.DictReader(handle) if r["code"] in rows[0]]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    log: list = []
    arrays = {}
    if args.cv_folds:
        fold_of = np.array([cv_fold(r["respondent_id"], args.cv_folds) for r in rows])
        rng = random.Random(args.seed)
        for k in range(args.cv_folds):
            fit_rows = [r for r, f in zip(rows, fold_of, strict=True) if f != k]
            model, tokenizer = train_one(fit_rows, codes, args, args.seed + k, log)
            model.encoder.save_pretrained(out / f"f{k}_encoder")
            tokenizer.save_pretrained(out / f"f{k}_encoder")
            aug = [augment(r, rng) for _ in range(max(args.augment, 1)) for r in fit_rows]
            s, lp = predict(model, tokenizer, [prompt(r) for r in aug], args)
            held = [r for r, f in zip(rows, fold_of, strict=True) if f == k]
            hs, hl = predict(model, tokenizer, [prompt(r) for r in held], args)
            arrays.update(
                {
                    f"f{k}_text": np.array([r["text"] for r in aug], dtype=object),
                    f"f{k}_question_type": np.array([r["question_type"] for r in aug], dtype=object),
                    f"f{k}_sentiment": s,
                    f"f{k}_labels": lp,
                    f"f{k}_held_sentiment": hs,
                    f"f{k}_held_labels": hl,
                }
            )
            print(json.dumps({"cv_fold": k, "done": True}), flush=True)
        np.savez_compressed(out / "cv_soft.npz", codes=np.array(codes), fold=fold_of, **arrays)
        (out / "cv_log.json").write_text(json.dumps({"args": vars(args), "log": log}, indent=1))
        return
    if args.folds > 1:
        fold_of = np.array([hash_fold(r["respondent_id"], args.folds) for r in rows])
        oof_s = np.zeros((len(rows), 5), dtype=np.float32)
        oof_l = np.zeros((len(rows), len(codes)), dtype=np.float32)
        for k in range(args.folds):
            fit_rows = [r for r, f in zip(rows, fold_of, strict=True) if f != k]
            model, tokenizer = train_one(fit_rows, codes, args, args.seed + k, log)
            held = np.flatnonzero(fold_of == k)
            s, lp = predict(model, tokenizer, [prompt(rows[i]) for i in held], args)
            oof_s[held], oof_l[held] = s, lp
            print(json.dumps({"fold": k, "done": True}), flush=True)
        arrays.update(oof_sentiment=oof_s, oof_labels=oof_l, fold=fold_of)
    if args.label_only:
        # A teacher trained earlier (encoder/ and heads.pt under --out): only soft-label the noisy copies.
        model = Teacher(str(out / "encoder"), len(codes))
        heads = torch.load(out / "heads.pt")
        model.sentiment.load_state_dict(heads["sentiment"])
        model.labels.load_state_dict(heads["labels"])
        model.eval()
        tokenizer = AutoTokenizer.from_pretrained(str(out / "encoder"))
    else:
        model, tokenizer = train_one(rows, codes, args, args.seed, log)
        model.encoder.save_pretrained(out / "encoder")
        tokenizer.save_pretrained(out / "encoder")
        torch.save(
            {"sentiment": model.sentiment.state_dict(), "labels": model.labels.state_dict()}, out / "heads.pt"
        )
    if args.augment:
        rng = random.Random(args.seed)
        aug = [augment(r, rng) for _ in range(args.augment) for r in rows]
        s, lp = predict(model, tokenizer, [prompt(r) for r in aug], args)
        arrays.update(
            aug_text=np.array([r["text"] for r in aug], dtype=object),
            aug_question_type=np.array([r["question_type"] for r in aug], dtype=object),
            aug_sentiment=s,
            aug_labels=lp,
        )
    np.savez_compressed(out / "soft_train.npz", codes=np.array(codes), **arrays)
    (out / "log.json").write_text(json.dumps({"args": vars(args), "log": log}, indent=1))
    print("saved", out)


def cv_fold(respondent: str, folds: int) -> int:
    """The same folds as the student's cross-validation (folkmoot.understand.themes.ml.training.fold_of)."""
    import hashlib

    return int(hashlib.sha1(("cv" + respondent).encode()).hexdigest(), 16) % folds


def hash_fold(respondent: str, folds: int) -> int:
    import hashlib

    # Same respondent, same fold (their two answers stay together), as in the data's own split.
    return int(hashlib.sha1(("fold" + respondent).encode()).hexdigest(), 16) % folds


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    main()
