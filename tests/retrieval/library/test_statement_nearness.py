"""How near a speaker's statements are to the topic asked: the topic's words are counted over
the whole statement, not the one sentence a search found."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

import numpy as np

from retrieval.library.statement_nearness import nearness
from retrieval.query.speakers import SpeakerQuestion
from retrieval.types import Speaker
from tests.retrieval.library.test_whole_statements import _passage

if TYPE_CHECKING:
    from retrieval.library.asking import Gathered

RUIZ = Speaker("Ruiz", "Ana Ruiz")


def _alike(texts: list[str]) -> np.ndarray:
    # Every sentence means the same: only the words decide.
    return np.ones((len(texts), 4), dtype=np.float32) / 2


def test_the_topics_words_count_over_the_whole_statement() -> None:
    sentences = _passage(
        "“Ferry service will expand to the north shore next spring,” Ruiz said. "
        "Later she turned to money. "
        "“The fees will not go up,” Ruiz told reporters at the pier. "
        "“That is my promise to every ferry rider.”",
        [RUIZ, None, RUIZ, RUIZ],
    )
    spoken = [sentences[0], sentences[2], sentences[3]]
    asked = SpeakerQuestion("Ruiz", "the ferry fees", False, wording="say about the ferry fees")
    gathered = cast("Gathered", SimpleNamespace(embed_sentences=_alike, candidates=sentences))
    near = nearness(asked, gathered, spoken)
    # The fees and, in the quotation's next sentence, the ferry: nearer than the ferry alone,
    # though more of the other sentence is in quotation marks.
    assert near[1] > near[0]


def test_a_figure_the_question_names_counts_however_short() -> None:
    sentences = _passage(
        "“Prices will keep climbing all summer at the pump,” Ruiz said. "
        "The analyst has tracked fuel markets for a decade. "
        "“Gas could reach $5 a gallon by July,” Ruiz told reporters.",
        [RUIZ, None, RUIZ],
    )
    spoken = [sentences[0], sentences[2]]
    asked = SpeakerQuestion(
        "Ruiz", "gas prices hitting $5", False, wording="think gas prices will hit $5"
    )
    gathered = cast("Gathered", SimpleNamespace(embed_sentences=_alike, candidates=sentences))
    near = nearness(asked, gathered, spoken)
    # Each names gas or its prices once; only the second names the $5 asked about.
    assert near[1] > near[0]
