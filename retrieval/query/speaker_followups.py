"""Follow-ups to a question about what someone said, which lean on its speaker.

After "What did the embassy say about Hezbollah?", "What else did it say?" asks the embassy
again, and "And Blinken?" asks Blinken the same question. The general rules in `followups.py`
take a pronoun's name from the names written in the question and its answer, where the
speaker asked about ("the embassy") is often no name at all; these rules read the speaker
first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.ingest.speech import TITLES
from retrieval.query.speakers import speaker_question
from retrieval.types import Named

# A stand-in name put in a pronoun's place to see whether the follow-up asks what it said.
_STAND_IN = "Zorvex Quillon"
_PERSON_PRONOUNS = frozenset({"he", "she"})
_PRONOUN = re.compile(r"\b(?:he|she|it|they)\b", re.IGNORECASE)
# "(And) Blinken?", "What about Blinken?", "How about the mayor?": another speaker, same
# question (a leading "and" is stripped by the caller, as for any follow-up).
_SOMEONE_ELSE = re.compile(
    r"^(?:(?:what|how)\s+about\s+)?"
    r"(?!(?:what|who|whom|when|where|why|how|which|is|are|was|were|do|does|did)\b)"
    r"(?P<name>[^?]+?)\s*\??$",
    re.IGNORECASE,
)


def speaker_follow_up(earlier: str, follow_up: str, quoted: Sequence[Named]) -> str | None:
    """Return the follow-up as a question standing alone, where it asks the earlier question's
    speaker again ("What else did it say?") or another person the same question ("And
    Blinken?"); None where it does neither, or the earlier question asked no speaker."""
    asked = speaker_question(earlier)
    if asked is None:
        return None
    again = _speaker_again(asked.speaker, follow_up, quoted)
    if again is not None:
        return again
    return _another_person(earlier, asked.speaker, follow_up, quoted)


def _speaker_again(speaker: str, follow_up: str, quoted: Sequence[Named]) -> str | None:
    """Put the earlier speaker in the place of a pronoun that is the follow-up's speaker, where
    the pronoun fits them ("he" a person, "it" a body)."""
    for match in _PRONOUN.finditer(follow_up):
        pronoun = match.group().lower()
        probe = f"{follow_up[: match.start()]}{_STAND_IN}{follow_up[match.end() :]}"
        asked = speaker_question(probe)
        if asked is None or asked.speaker != _STAND_IN:
            continue
        if (pronoun in _PERSON_PRONOUNS) != _is_person(speaker, quoted):
            return None  # "he" after "the embassy": someone else, for the general rules
        return _capitalised(probe.replace(_STAND_IN, speaker))
    return None


def _another_person(
    earlier: str, speaker: str, follow_up: str, quoted: Sequence[Named]
) -> str | None:
    """Ask a person named alone in the follow-up what the earlier speaker was asked. Only a
    person: "What about Hamas?" after "What did the embassy say about Hezbollah?" may ask the
    embassy about Hamas, and the general rules read it so."""
    match = _SOMEONE_ELSE.fullmatch(" ".join(follow_up.split()))
    if match is None or speaker not in earlier:
        return None
    name = match["name"]
    labels = {n.text.lower(): n.label for n in quoted}
    label = labels.get(name.lower())
    if label != "PERSON" and (label is not None or not _is_full_name(name)):
        return None
    return earlier.replace(speaker, name, 1)


def _is_person(speaker: str, quoted: Sequence[Named]) -> bool:
    """Tell whether an asked speaker is a person: so the answer's entities label them, or else
    a name ("Blinken") or a post ("the mayor") rather than a body ("the embassy")."""
    labels = {n.text.lower(): n.label for n in quoted}
    label = labels.get(speaker.lower())
    if label is not None:
        return label == "PERSON"
    words = speaker.split()
    if words[0].lower() in ("the", "a", "an"):
        return words[-1].lower() in TITLES
    return not any(w.lower() in ("officials", "group", "government") for w in words)


def _is_full_name(text: str) -> bool:
    """Tell whether a text is written as a person's full name: two or three capitalised words."""
    words = text.split()
    return 2 <= len(words) <= 3 and all(re.fullmatch(r"[A-Z][a-z’'.-]+", w) for w in words)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
