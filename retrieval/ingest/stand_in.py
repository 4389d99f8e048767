"""A sentence with its quotations stood in for, so that the parse sees only who said them.

A long quotation is parsed as part of its sentence, and its clauses can take in the words
after it: '"…, and some men, who came forward…," Time editor-in-chief Edward Felsenthal said'
parses the name as an apposition of "men" and "said" as a verb of the quotation. With each
quotation's words replaced by a short clause of the same length ("“It was so,”" and spaces),
the parse of the words outside it is the plain '"…," X said' it is, at the same offsets.
"""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.ingest.speech import QuoteRun, is_speech_verb, runs_over
from retrieval.types import Span

# What a quotation's words become: a clause the parser reads as the reported speech.
_STAND_IN = "It was so"
# A quotation shorter than this leaves the parse of the sentence as it is.
_LEAST_QUOTED = 60
# The marks a quotation may end its words with before its closing mark.
_CLOSING = ",.?!"


def stood_in(text: str, span: Span, runs: Sequence[QuoteRun]) -> str | None:
    """Return the sentence with the words of each long quotation in it stood in for, keeping
    every offset; None where no quotation is long enough or no speech verb stands outside."""
    sentence = text[span.start : span.end]
    chars = list(sentence)
    replaced = False
    outside = list(sentence)
    for index in runs_over(runs, span):
        run = runs[index]
        # The quotation's words, without its marks, within this sentence.
        start = max(run.start + 1, span.start) - span.start
        end = min(run.end - 1, span.end) - span.start
        while end > start and sentence[end - 1] in _CLOSING + " ":
            end -= 1
        for at in range(max(0, start - 1), min(len(sentence), end + 2)):
            outside[at] = " "
        if end - start < max(_LEAST_QUOTED, len(_STAND_IN)):
            continue
        chars[start:end] = _STAND_IN + " " * (end - start - len(_STAND_IN))
        replaced = True
    # As the claim reads it: a capital within the sentence is a name's ("the United States").
    words = "".join(outside).split()
    said = any(
        is_speech_verb(word, quoted=True) and (not word[:1].isupper() or index == 0)
        for index, word in enumerate(words)
    )
    return "".join(chars) if replaced and said else None
