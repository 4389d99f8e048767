"""Question normalisation: the wording a question is embedded with, as a statement of its topic."""

from __future__ import annotations

import re

# A leading question word and its auxiliary verb say what kind of answer is wanted, not what
# it is about; passages are statements, so the rest of the question is what they resemble.
_LEAD = re.compile(
    r"^\s*(?:what|which|who|whom|whose|when|where|why|how(?:\s+(?:many|much|long|old|far))?)"
    r"\s+(?:(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could|should)\s+)?",
    re.IGNORECASE,
)


def as_statement(question: str) -> str:
    """Return the question without its leading question words and final question mark."""
    statement = _LEAD.sub("", question).rstrip(" ?")
    return statement or question


# A capitalised word inside a sentence, not the word that opens it ("Approximately how many…").
_INNER_CAPITALISED = re.compile(r"(?<!^)(?<![.?!:;\"“] )(?<![.?!:;]  )\b[A-Z][\w’'.&-]*")


def named_words(question: str) -> list[str]:
    """Return the words of a question written capitalised within its sentences: its names."""
    return [m[0].rstrip(".") for m in _INNER_CAPITALISED.finditer(question.strip())]
