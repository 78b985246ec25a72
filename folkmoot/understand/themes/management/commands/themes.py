from __future__ import annotations

import csv
import hashlib
import json
import sys
import time
from pathlib import Path

from django.conf import settings

from folkmoot.core.commands import CommandError, FolkmootCommand

ML = "folkmoot.understand.themes.ml"


class Command(FolkmootCommand):
    help = (
        "Themes and sentiment in free text: train, evaluate, predict, and classify an engagement's answers."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="Train the classifier on a labelled CSV (train.csv only).")
        train.add_argument("--data", default=str(Path(settings.SHARED_DIR) / "data/feedback/train.csv"))
        train.add_argument("--out", required=True)
        train.add_argument(
            "--include-reviewed", metavar="ORGANISATION", help="Add this organisation's reviewed labels"
        )
        train.add_argument(
            "--teacher",
            help="Soft labels from tools/distill/finetune_teacher.py (soft_train.npz) to distil from",
        )
        train.add_argument(
            "--teacher-weight",
            type=float,
            default=1.0,
            help="Weight of the teacher's soft labels against a labelled comment's 1 (default 1)",
        )
        train.add_argument(
            "--teacher-heads",
            choices=["sentiment", "both"],
            default="sentiment",
            help="Which heads learn from the teacher's rows (default: sentiment only; see MODEL_CARD.md)",
        )
        train.add_argument(
            "--teacher-copies",
            type=int,
            default=4,
            help="Noisy copies of each comment to take from the teacher (default 4)",
        )
        train.add_argument(
            "--embedding",
            default="minilm-static",
            help="Static embedding folder in models_store (e.g. themes-static, distilled from the tuned teacher)",
        )
        train.add_argument(
            "--sentiment-embedding",
            default="themes-static",
            help="Static embedding folder in models_store read by the sentiment head only (default "
            "themes-static, distilled from the fine-tuned teacher by tools/distill/; 'none' for none)",
        )
        train.add_argument(
            "--without-fft-score",
            action="store_true",
            help="Train on text and question type only (half the rows, so quicker; no FFT-score input)",
        )
        ev = sub.add_parser("evaluate", help="Scores with bootstrap 95%% intervals on a labelled CSV.")
        ev.add_argument("--test", default=str(Path(settings.SHARED_DIR) / "data/feedback/test.csv"))
        ev.add_argument("--model", help="Model folder (default: the shipped model)")
        pr = sub.add_parser("predict", help="Add labels, scores and sentiment to each row of a CSV.")
        pr.add_argument("file")
        pr.add_argument("--text-column", required=True)
        pr.add_argument("--model")
        pr.add_argument("--out", help="Write here instead of standard output")
        cl = sub.add_parser("classify", help="Classify every free-text answer of an engagement (a job).")
        cl.add_argument("--engagement", required=True, help="Engagement id")
        for p in (train, ev, cl):
            p.add_argument("--format", choices=["text", "json"], default="text")
        pr.add_argument("--format", choices=["csv", "jsonl"], default="csv")

    def handle(self, *args, **options):
        getattr(self, "do_" + options["action"])(options)

    def _model(self, folder):
        from folkmoot.understand.themes.ml import classifier

        try:
            return classifier.load(Path(folder)) if folder else classifier.load_default()
        except OSError as exc:
            raise CommandError(str(exc)) from None

    def do_train(self, options):
        from folkmoot.understand.themes.ml import classifier, data, training
        from folkmoot.understand.themes.ml.features import STORE

        path = Path(options["data"])
        if path.name == "test.csv":
            raise CommandError("test.csv is for measurement only; train on train.csv")
        codes = data.eval_labels() + [c for c, _, _ in data.framework() if c not in data.eval_labels()]
        labelled = data.read_labelled(path, codes)
        train_rows = len(labelled.texts)  # the teacher's noisy copies are of these rows only
        reviewed = 0
        if options.get("include_reviewed"):
            from folkmoot.core.models import Organisation
            from folkmoot.understand.themes import selectors

            if not hasattr(selectors, "reviewed_labels"):
                raise CommandError(
                    "This installation cannot read reviewed labels yet "
                    "(folkmoot.understand.themes.selectors.reviewed_labels is missing)"
                )
            organisation = Organisation.objects.filter(slug=options["include_reviewed"]).first()
            if organisation is None:
                raise CommandError(f"No organisation {options['include_reviewed']!r}")
            for text, labels, sentiment in selectors.reviewed_labels(organisation=organisation):
                labelled.texts.append(text)
                labelled.question_types.append("")
                labelled.labels.append([c for c in labels if c in codes])
                labelled.sentiment.append(sentiment)
                labelled.fft_scores.append("")
                labelled.groups.append(f"reviewed-{reviewed}")
                reviewed += 1
        teacher = None
        if options.get("teacher"):
            teacher_path = Path(options["teacher"])
            if not teacher_path.exists():
                raise CommandError(f"No teacher soft labels at {teacher_path}; see tools/distill/README.md")
            try:
                teacher = training.load_teacher(
                    teacher_path,
                    codes,
                    weight=options["teacher_weight"],
                    rows=options["teacher_copies"] * train_rows,
                    heads=options["teacher_heads"],
                )
                teacher.per_copy = train_rows
            except (ValueError, OSError) as exc:
                raise CommandError(str(exc)) from None
        sentiment_embedding = options.get("sentiment_embedding")
        sentiment_embedding = None if sentiment_embedding in (None, "", "none") else sentiment_embedding
        if sentiment_embedding and not (STORE / sentiment_embedding).is_dir():
            raise CommandError(f"No static embedding {sentiment_embedding!r} in {STORE}")
        started = time.perf_counter()
        model, fitted = training.fit(
            labelled,
            codes,
            data.framework(),
            teacher=teacher,
            with_fft=not options.get("without_fft_score"),
            embedding=options["embedding"],
            sentiment_embedding=sentiment_embedding,
            progress=lambda m: self.stderr.write(m),
        )
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        kind = "svc-distilled" if teacher else "svc"
        model.model_version = f"{kind}-{digest[:8]}{'-r' + str(reviewed) if reviewed else ''}"
        meta = {
            "model_version": model.model_version,
            "data": str(path.name),
            "data_sha256": digest,
            "reviewed_labels": reviewed,
            "teacher": str(options.get("teacher") or ""),
            "embedding": options["embedding"],
            "sentiment_embedding": sentiment_embedding or "",
            "teacher_heads": options["teacher_heads"] if teacher else "",
            "train_seconds": round(time.perf_counter() - started, 1),
            **fitted,
        }
        if reviewed:
            # Before/after: the shipped model's cross-validated scores beside this one's.
            shipped = classifier.DEFAULT_DIR / "meta.json"
            before = json.loads(shipped.read_text()).get("cv", {}) if shipped.exists() else {}
            meta["before_after"] = {"before": before, "after": fitted["cv"]}
        model.save(Path(options["out"]), meta)
        self.emit(
            options, meta, f"Trained {model.model_version} on {fitted['rows']} comments into {options['out']}"
        )

    def do_evaluate(self, options):
        from folkmoot.understand.themes.ml import data
        from folkmoot.understand.themes.ml.evaluate import evaluate

        model = self._model(options.get("model"))
        path = Path(options["test"])
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        labelled = data.read_labelled(path, model.codes)
        result = evaluate(model, labelled, data.eval_labels())
        if any(labelled.fft_scores) and getattr(model, "uses_fft_score", False):
            # A separate block: the FFT score is an extra input, so these are not the headline figures.
            extra = evaluate(model, labelled, data.eval_labels(), with_fft_score=True)
            result["with_fft_score"] = {k: v for k, v in extra.items() if k != "per_label"}
        self.emit(
            options,
            {**result, "model_version": model.model_version},
            f"micro-F1 {result['micro_f1']}, macro-F1 {result['macro_f1']}, sentiment accuracy "
            f"{result['sentiment_accuracy']} on {result['n']} comments",
        )

    def do_predict(self, options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        from folkmoot.understand.themes.ml import classifier, parallel

        column = options["text_column"]
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            fields = list(reader.fieldnames or [])
            if column not in fields:
                raise CommandError(
                    f"{path.name} has no column {column!r}; its columns are: {', '.join(fields)}"
                )
            model = self._model(options.get("model"))
            # The file is read, predicted and written batch by batch (constant memory; large files are shared
            # among worker processes, one per core). Optional hints: a question_type column (why/improve/good)
            # and an FFT score column, where present.
            problem: list[str] = []
            batches = self._batches(reader, column, problem)
            out = (
                Path(options["out"]).open("w", newline="", encoding="utf-8")
                if options.get("out")
                else self.stdout._out
            )
            written = 0
            try:
                write = (
                    self._jsonl_writer(out) if options["format"] == "jsonl" else self._csv_writer(out, fields)
                )
                with self.progress_bar(options, desc="comments") as bar:
                    for rows, predictions in parallel.predict_stream(
                        Path(options["model"]) if options.get("model") else classifier.DEFAULT_DIR,
                        batches,
                        model=model,
                    ):
                        write(rows, predictions)
                        written += len(rows)
                        bar.update(len(rows))
            finally:
                if options.get("out"):
                    out.close()
        if problem:
            raise CommandError(
                f"{path.name}: {problem[0]}. The {written} rows before it were predicted and written; nothing after it."
            )
        if options.get("out"):
            sys.stderr.write(f"Wrote {written} rows to {options['out']}\n")

    @staticmethod
    def _batches(reader, column: str, problem: list):
        """The file's rows in batches, each with its texts and hints. A row the csv module cannot read (not
        UTF-8, a field over 10 MB) ends the reading: what was read before it is still predicted and written,
        and `problem` says where it stopped."""
        from folkmoot.understand.themes.ml.parallel import BATCH

        def batch(rows):
            texts = [r[column] or "" for r in rows]
            return rows, texts, [r.get("question_type") for r in rows], [r.get("fft_score") for r in rows]

        rows: list[dict] = []
        limit = csv.field_size_limit(10_000_000)
        try:
            for row in reader:
                rows.append(row)
                if len(rows) == BATCH:
                    yield batch(rows)
                    rows = []
        except UnicodeDecodeError:
            problem.append(f"the text after line {reader.line_num} is not UTF-8")
        except csv.Error as error:
            problem.append(f"line {reader.line_num} cannot be read ({error})")
        finally:
            csv.field_size_limit(limit)
        if rows:
            yield batch(rows)

    @staticmethod
    def _jsonl_writer(out):
        def write(rows, predictions):
            out.writelines(
                json.dumps(
                    {
                        **row,
                        "labels": p.labels,
                        "sentiment": p.sentiment,
                        "flags": p.flags,
                        "scores": p.scores,
                        "sentiment_scores": p.sentiment_scores,
                    },
                    ensure_ascii=False,
                )
                + "\n"
                for row, p in zip(rows, predictions, strict=True)
            )

        return write

    @staticmethod
    def _csv_writer(out, fields):
        writer = csv.writer(out)
        writer.writerow([*fields, "labels", "sentiment", "flags", "scores", "sentiment_scores"])

        def write(rows, predictions):
            writer.writerows(
                [
                    *(row.get(f) for f in fields),
                    "|".join(p.labels),
                    p.sentiment or "",
                    "|".join(p.flags),
                    json.dumps(p.scores) if p.scores else "",
                    json.dumps(p.sentiment_scores) if p.sentiment_scores else "",
                ]
                for row, p in zip(rows, predictions, strict=True)
            )

        return write

    def do_classify(self, options):
        from folkmoot.core.models import Engagement
        from folkmoot.core.services import job_run_in_foreground
        from folkmoot.understand.themes.tasks import classify_engagement

        engagement = Engagement.objects.filter(pk=options["engagement"]).first()
        if engagement is None:
            raise CommandError(f"No engagement {options['engagement']}")
        with self.progress_bar(options, desc="comments") as bar:
            job, result = job_run_in_foreground(
                job_task=classify_engagement,
                label=f"Classify free text of {engagement.title}",
                organisation=engagement.organisation,
                bar=bar,
                engagement_id=str(engagement.pk),
            )
        self.emit(
            options, {"status": job.status, **(job.result or {})}, f"{job.label}: {job.get_status_display()}"
        )
