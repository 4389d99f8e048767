"""`articlebot eval-speakers`: measure who-said-what on speaker questions and labelled sentences."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from bot.cli import opening
from bot.cli.console import inert, out, progress_bar
from config import Settings
from retrieval.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Sequence

    from retrieval.evaluation.evaluate import EvalArticle
    from retrieval.evaluation.speaker_data import LabelledSentence, SpeakerCase
    from retrieval.evaluation.speakers import AttributionScore, QuestionScore, SpeakerReport

SEED_FILE = "blinken-israel-visit.txt"


def evaluate_speakers(args: argparse.Namespace, settings: Settings, collection: str) -> int:
    """Ask each set's speaker questions with and without the feature; score attribution on a
    sample. Several question files are scored on the one collection, a row each."""
    from retrieval.evaluation.speaker_data import (
        load_labelled_sentences,
        load_speaker_questions,
    )
    from retrieval.evaluation.speakers import (
        IngestAttribution,
        SpeakerReport,
        score_attribution,
        with_expected_speakers,
    )

    articles = _articles(args, settings)
    texts = {a.id: a.text for a in articles}
    sets = {path: load_speaker_questions(path) for path in args.questions}
    labelled = load_labelled_sentences(args.sample) if args.sample else None
    eval_settings = settings.model_copy(update={"data_dir": Path(settings.data_dir) / "eval"})
    without_settings = eval_settings.model_copy(update={"speaker_questions": False})
    # Whom ingest attributes the statements the feature left unquoted to (tells the misses
    # attribution is to blame for from those of reading and ranking), and the labelled ones.
    read = _with_labelled_articles(texts, labelled, args)
    attributed = IngestAttribution(read, settings.entity_model)
    with_feature = {
        path: with_expected_speakers(score, sets[path], attributed)
        for path, score in _ask(
            eval_settings, articles, sets, texts, args.collection, prepare=True
        ).items()
    }
    without = _ask(without_settings, articles, sets, texts, args.collection, prepare=False)
    reports = {path: SpeakerReport(with_feature[path], without[path], None) for path in sets}
    attribution = None if labelled is None else score_attribution(labelled, attributed)
    if args.json:
        found = {path: replace(r, attribution=attribution) for path, r in reports.items()}
        if len(found) == 1:
            payload = next(iter(found.values())).to_dict()
        else:
            payload = {
                "sets": {str(path): r.to_dict() for path, r in found.items()},
                "attribution": None if attribution is None else asdict(attribution),
            }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    _print_report(reports, attribution, misses=args.misses)
    return 0


def _articles(args: argparse.Namespace, settings: Settings) -> list[EvalArticle]:
    """Return the articles the questions point into: the file's and the seed, or, with
    --weeks, the articles of the quiz weeks `train` samples from a larger set (sets written
    over rtqa-train point into that sample only, never at the seed)."""
    from retrieval.evaluation.evaluate import load_articles, load_questions

    if args.weeks is None:
        return [
            *load_articles(args.articles),
            seed_article(args.seed_article or settings.seeds_dir),
        ]
    from retrieval.evaluation.sampling import sample_weeks

    if args.quiz is None:
        raise InvalidInput("--weeks needs --quiz, the quiz questions whose weeks are sampled")
    if args.weeks < 1:
        raise InvalidInput("--weeks must be at least 1")
    sampled, _ = sample_weeks(
        load_articles(args.articles), load_questions(args.quiz), args.weeks, args.seed
    )
    return sampled


def _with_labelled_articles(
    texts: dict[str, str], labelled: Sequence[LabelledSentence] | None, args: argparse.Namespace
) -> dict[str, str]:
    """Return the texts questions point into, with any other article of the file a labelled
    sample points into: a sample needs no article of the quiz weeks --weeks draws."""
    from retrieval.evaluation.evaluate import load_articles

    wanted = {item.article for item in labelled or ()} - texts.keys()
    if not wanted:
        return texts
    return texts | {a.id: a.text for a in load_articles(args.articles) if a.id in wanted}


def seed_article(path: Path) -> EvalArticle:
    """Read the seed article the question sets call "seed" (a file, or the seeds folder)."""
    from retrieval.evaluation.evaluate import EvalArticle
    from retrieval.evaluation.speaker_data import SEED_ID

    file = path / SEED_FILE if path.is_dir() else path
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidInput(f"cannot read the seed article {file}: {error.strerror}") from error
    return EvalArticle(id=SEED_ID, title=file.stem.replace("-", " ").title(), text=text)


def _ask(
    settings: Settings,
    articles: list[EvalArticle],
    sets: dict[Path, list[SpeakerCase]],
    texts: dict[str, str],
    collection: str | None,
    *,
    prepare: bool,
) -> dict[Path, QuestionScore]:
    """Ask every set's questions in the evaluation collection (added once, then reused)."""
    from retrieval.evaluation.evaluate import collection_name, ingest
    from retrieval.evaluation.speakers import ask_speaker_questions

    with opening.open_eval_library(settings) as library:
        name = collection or collection_name(library, articles)
        if prepare:
            with progress_bar("Adding articles") as progress:
                ingest(library, name, articles, progress)
            # A collection added before speakers existed gets them in place.
            if library.store.chunks_without_entities(name):
                with progress_bar("Finding entities") as progress:
                    library.fill_entities(name, progress=progress)
            if library.store.chunks_without_speakers(name):
                with progress_bar("Finding speakers") as progress:
                    library.fill_speakers(name, progress=progress)
        label = "Asking" if settings.speaker_questions else "Asking without speakers"
        scores = {}
        for path, cases in sets.items():
            with progress_bar(f"{label} ({path.stem})") as progress:
                scores[path] = ask_speaker_questions(library, name, cases, texts, progress)
        return scores


def _print_report(
    reports: dict[Path, SpeakerReport], attribution: AttributionScore | None, *, misses: bool
) -> None:
    from retrieval.evaluation.speakers import miss_counts, why_missed

    table = Table(
        "Speaker questions",
        "questions",
        "first quote expected",
        "and shows the speaker",
        "without speakers",
        "first quote, characters",
    )
    for path, report in reports.items():
        table.add_row(
            path.stem,
            str(report.with_feature.questions),
            f"{report.with_feature.first_quote:.3f}",
            f"{report.with_feature.speaker_shown:.3f}",
            f"{report.without_feature.first_quote:.3f}",
            f"{report.with_feature.first_quote_chars:.0f}",
        )
    out.print(table)
    if misses:
        for path, report in reports.items():
            counted = miss_counts(report.with_feature.results)
            where = ", ".join(f"{kind} {n}" for kind, n in sorted(counted.items()))
            out.print(f"{path.stem}: {sum(counted.values())} missed ({where or 'none'})")
        for path, report in reports.items():
            for result in report.with_feature.results:
                why = why_missed(result)
                if why is not None:
                    first = inert((result.first_quote or "no quote")[:120])
                    out.print(f"{path.stem}: {inert(result.question)} — {why}; first: {first}")
    a = attribution
    if a is not None:
        out.print(
            f"Attribution over {a.sentences} labelled sentences ({a.labelled_speakers} with a "
            f"speaker): precision {a.precision:.3f}, recall {a.recall:.3f}; any speaker found "
            f"where there is one: precision {a.detection_precision:.3f}, recall "
            f"{a.detection_recall:.3f}; {a.unresolved} pronouns left unresolved"
        )
