"""Follow-up questions rewritten into standalone ones from the conversation so far, by rules.

A follow-up ("And what did Hamas say?", "when was that?", "How old is she?") leans on the
question before it and on what its answer quoted. Retrieval sees one question at a time, so the
follow-up is rewritten: a new name takes the place of the previous question's
("What about WhatsApp?"), pronouns take the names they point to (a person's from the people
named in the question or its first quote), a bare "when was that?" asks about the previous
question's topic, and a question naming nothing of its own carries the previous topic along.
A question that names its own subject and points back at nothing is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.query.question import as_statement
from retrieval.query.speaker_followups import speaker_follow_up
from retrieval.types import Answer, Named

# spaCy labels of people, and of the groups, places and things "it" and "they" may stand for.
PERSON_LABELS = frozenset({"PERSON"})
THING_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"})
# "the company", "the country": a kind of name the follow-up points back to, and its labels.
_BODIES = frozenset({"ORG"})
_PLACES = frozenset({"GPE"})
_BODY_NOUNS = (
    "company firm business retailer carrier maker airline bank agency organization "
    "organisation team club network platform"
)
_DESCRIBED = {
    **{noun: _BODIES for noun in _BODY_NOUNS.split()},
    **{noun: _PLACES for noun in ("country", "nation", "state", "city")},
}
_DESCRIPTION = re.compile(rf"\bthe\s+({'|'.join(_DESCRIBED)})\b", re.IGNORECASE)

_CONTINUATION = re.compile(r"^(?:and|but|also|so|ok(?:ay)?|then|well)\b[\s,]*", re.IGNORECASE)
_WHAT_ABOUT = re.compile(r"^(?:what|how)\s+about\s+(?P<subject>.+?)\s*\??$", re.IGNORECASE)
# "when was that?", "where did it happen?", "why is this": a question word and a pronoun only.
_BARE = re.compile(
    r"^(?P<lead>(?:what|which|who|when|where|why|how(?:\s+(?:many|much|long|old|far))?)"
    r"\s+(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could))"
    r"\s+(?:that|this|it|they)(?:\s+(?:happen|happened|start|started|announced|decided))?"
    r"\s*\??$",
    re.IGNORECASE,
)
# What a question is about, when it says so: "... say about Hezbollah?".
_ABOUT = re.compile(r"\s(?P<tail>(?:about|regarding|concerning)\s+[^?]+?)\s*\??$")
_AUXILIARY = re.compile(
    r"^\s*\S+(?:\s+(?:many|much|long|old|far))?\s+(?P<aux>is|are|was|were|do|does|did|has|have|had"
    r"|will|would|can|could)\b",
    re.IGNORECASE,
)
# "What did ... / What will ...": the question word is the object of a verb that follows.
_OBJECT_QUESTION = re.compile(
    r"^\s*what\s+(?:do|does|did|will|would|can|could|should|has|have|had)\b", re.IGNORECASE
)
_WORD = re.compile(r"[\w’'&.-]+")
_NUMBER = re.compile(r"^\d[\d,.]*$")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def _words(text: str) -> list[str]:
    return text.split()


_PEOPLE = {"he": "", "him": "", "his": "'s", "she": "", "hers": "'s"}
_THINGS = {"it": "", "its": "'s", "they": "", "them": "", "their": "'s", "theirs": "'s"}
# Words that open a question or link names, never a name of their own when capitalised.
_NOT_NAMES = frozenset(
    _words(
        """
    a an and are as at be but by can could did do does for from had has have he her his how
    i if in is it its may might must of on or our she should so than that the their them
    then there these they this those to was we were what when where which who whom whose
    why will with would you your also ok okay well tell show give list yes no please
        """
    )
)
_NAME_LINKS = frozenset({"of", "&", "de", "la", "del", "von", "van", "and"})
# After "her", a word that shows it is the object ("about her?"), not a possessive ("her lawyer").
_AFTER_OBJECT = frozenset(
    _words(
        """
    about to for from with at in on by as than and or if when after before during
        """
    )
)


@dataclass(frozen=True)
class Turn:
    """The previous turn: its standalone question and the names its first quote holds."""

    question: str
    quoted: tuple[Named, ...] = ()


@dataclass(frozen=True)
class Rewrite:
    """A follow-up as it was typed and as it is asked.

    `own_words` is set when the rewrite only added what the follow-up pointed back to (names
    for its pronouns, the earlier topic): its passages are then found with the rewritten
    question, while its quotes are weighed against the words the member typed, which say
    what is asked; the borrowed names would favour any sentence repeating them. A follow-up
    whose words say nothing of what is asked ("What about WhatsApp?", "when was that?") is
    quoted for the rewritten question.
    """

    typed: str
    question: str
    own_words: bool = False

    @property
    def rewritten(self) -> bool:
        """Whether the question asked differs from what was typed."""
        return self.question != self.typed

    @property
    def quote_for(self) -> str | None:
        """The words quotes are weighed against, when not the question asked."""
        return self.typed if self.own_words and self.rewritten else None


_QUESTION_START = re.compile(
    r"^(?:and\s+|but\s+|so\s+)?(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were"
    r"|do|does|did|can|could|will|would|should|has|have|had|tell\s+me|any)\b",
    re.IGNORECASE,
)


def looks_like_question(text: str) -> bool:
    """Whether a message unaddressed to the bot reads as a question (not "thanks, great")."""
    text = " ".join(text.split())
    return text.endswith("?") or _QUESTION_START.match(text) is not None


def names_in(text: str) -> list[str]:
    """Return the names a question mentions: runs of capitalised words (and numbers), in order."""
    words = _WORD.findall(text)
    names: list[str] = []
    run: list[str] = []
    for index, raw in enumerate(words):
        word = raw.strip(".-")
        capitalised = word[:1].isupper() or (_NUMBER.match(word) is not None and index > 0)
        opener = index == 0 and word.lower() in _NOT_NAMES
        if capitalised and not opener and word.lower() not in _NOT_NAMES - {"i"}:
            run.append(word)
            if _POSSESSIVE.search(word):
                names.append(_join(run))
                run = []
            continue
        if run and word.lower() in _NAME_LINKS and _next_capitalised(words, index):
            run.append(word)
            continue
        if run:
            names.append(_join(run))
            run = []
    if run:
        names.append(_join(run))
    return [n for n in names if n]


def _next_capitalised(words: list[str], index: int) -> bool:
    return index + 1 < len(words) and words[index + 1][:1].isupper()


def _join(run: list[str]) -> str:
    while run and run[-1].lower() in _NAME_LINKS:
        run = run[:-1]
    return _POSSESSIVE.sub("", " ".join(run))


def quoted_names(answer: Answer) -> tuple[Named, ...]:
    """Return the named entities of the sentences an answer's first quote spans, in order."""
    if not answer.quotes:
        return ()
    quote = answer.quotes[0]
    for passage in answer.passages:
        if passage.chunk_id != quote.chunk_id or passage.entities is None:
            continue
        found: list[Named] = []
        for span, entities in zip(passage.sentences, passage.entities, strict=False):
            if span.end <= quote.start or span.start >= quote.end:
                continue
            for entity in entities:
                text = passage.text[entity.start - passage.start : entity.end - passage.start]
                text = _POSSESSIVE.sub("", text.strip())
                if text and all(n.text != text for n in found):
                    found.append(Named(text, entity.label))
        return tuple(found)
    return ()


def standalone_question(previous: Turn | None, follow_up: str) -> Rewrite:
    """Rewrite a follow-up into a question that stands alone, given the turn before it."""
    typed = " ".join(follow_up.split())
    if previous is None or not previous.question.strip():
        return Rewrite(typed, typed)
    earlier = " ".join(previous.question.split())
    text = _CONTINUATION.sub("", typed)
    about_speaker = speaker_follow_up(earlier, text, previous.quoted)
    if about_speaker is not None:
        return Rewrite(typed, about_speaker)
    continued = text != typed
    labels = _labels(earlier, previous.quoted)
    subject = _WHAT_ABOUT.match(text)
    if subject is not None:
        return Rewrite(typed, _substitute(earlier, subject["subject"], labels))
    bare = _BARE.match(text)
    if bare is not None:
        return Rewrite(typed, _ask_about_topic(bare["lead"], earlier))
    described, named_by_description = _resolve_descriptions(text, earlier, previous.quoted, labels)
    resolved, pointed, named = _resolve_pronouns(
        described, earlier, previous.quoted, labels, taken=named_by_description
    )
    pointed = pointed or bool(named_by_description)
    named = named or bool(named_by_description)
    own = names_in(text)
    shared = [n for n in names_in(earlier) if n.lower() in resolved.lower()]
    if own and not pointed and not continued:
        return Rewrite(typed, typed)  # names its own subject: left alone
    if (shared or named) and not continued:
        return Rewrite(typed, _capitalise(resolved), own_words=True)
    return Rewrite(typed, _capitalise(_carry_topic(resolved, earlier)), own_words=True)


def _ask_about_topic(lead: str, earlier: str) -> str:
    """Ask a bare "when was that?" of the earlier question's topic, with its own verb."""
    question_word = lead.split()[0]
    if lead.split()[1].lower() in ("many", "much", "long", "old", "far"):
        question_word = " ".join(lead.split()[:2])
    auxiliary = _AUXILIARY.match(earlier)
    verb = auxiliary["aux"] if auxiliary else lead.split()[-1]
    statement = as_statement(earlier)
    if _OBJECT_QUESTION.match(earlier):
        # "What did the embassy say about X?": the "what" was the object; "that" stands in.
        about = _ABOUT.search(f" {statement}")
        if about is None:
            statement = f"{statement} that"
        else:
            statement = f"{statement[: about.start()].rstrip()} that {about['tail']}"
    return _capitalise(f"{question_word} {verb} {statement}?")


def _labels(earlier: str, quoted: Sequence[Named]) -> dict[str, str]:
    """Label each name of the earlier question by the quote's entity of the same text."""
    labels = {n.text.lower(): n.label for n in quoted}
    return {name: labels.get(name.lower(), "") for name in names_in(earlier)}


def _substitute(earlier: str, subject: str, labels: dict[str, str]) -> str:
    """Put a new name in the place of the earlier question's name of the same kind."""
    subject = subject.strip().rstrip("?").strip()
    names = list(labels)
    if _NUMBER.match(subject):
        names = [n for n in names if _NUMBER.match(n)]
    else:
        names = [n for n in names if not _NUMBER.match(n)]
    if not names:
        return f"{earlier.rstrip(' ?')} ({subject})?"
    # The last name is usually the topic ("...say about Hezbollah?"); a name in the subject
    # position is kept as the one asking, unless it is the only one.
    target = names[-1]
    return earlier.replace(target, subject, 1)


def _resolve_descriptions(
    text: str, earlier: str, quoted: Sequence[Named], labels: dict[str, str]
) -> tuple[str, list[str]]:
    """Replace "the company", "the country"… by the name of that kind the turn before gave.

    The answer's own new name comes first ("Which company cut ties with Irving?" answered by
    Nike: "the company" is Nike), then the last such name of the earlier question, its topic
    ("What did Bank of America say about Bed Bath & Beyond?": "the company" is the retailer).
    Returns the text and the names put in.
    """
    put: list[str] = []

    def name_for(match: re.Match[str]) -> str:
        wanted = _DESCRIBED[match.group(1).lower()]
        new = [n.text for n in quoted if n.label in wanted and n.text not in labels]
        # A name of the question whose kind is unknown may still be one ("Bed Bath & Beyond").
        asked = [
            n
            for n, label in labels.items()
            if (label in wanted or not label) and not _NUMBER.match(n)
        ]
        choices = new or asked[-1:]
        if not choices or choices[0] in put:
            return match.group(0)
        found = choices[0]
        put.append(found)
        return found

    return _DESCRIPTION.sub(name_for, text), put


def _referent(
    kind: str,
    earlier: str,
    quoted: Sequence[Named],
    labels: dict[str, str],
    taken: Sequence[str] = (),
) -> str | None:
    """Return the name a pronoun of this kind ("person" or "thing") most likely stands for.

    Names already `taken` (by "the company" in the same follow-up) are not what it means.
    """
    wanted = PERSON_LABELS if kind == "person" else THING_LABELS
    in_question = [n for n, label in labels.items() if label in wanted and n not in taken]
    if in_question:
        return in_question[0]
    from_quote = [n.text for n in quoted if n.label in wanted and n.text not in taken]
    if from_quote:
        return from_quote[0]
    if taken:
        return None  # "why did the company do it?": "it" is the deed, no name
    if kind == "person":
        return None  # guessing a person from an unlabelled name misleads more than it helps
    unlabelled = [n for n, label in labels.items() if not label and not _NUMBER.match(n)]
    return unlabelled[0] if unlabelled else None


def _resolve_pronouns(
    text: str,
    earlier: str,
    quoted: Sequence[Named],
    labels: dict[str, str],
    taken: Sequence[str] = (),
) -> tuple[str, bool, bool]:
    """Replace pronouns by the names they stand for.

    Returns the text, whether it had any pronoun, and whether one was given a name.
    """
    words = text.split(" ")
    pointed = named = False
    for index, raw in enumerate(words):
        core = raw.strip("?,.!").lower()
        kind, suffix = _pronoun(core, words, index)
        if kind is None:
            continue
        pointed = True
        name = _referent(kind, earlier, quoted, labels, taken)
        if name is None:
            continue
        tail = raw[len(raw.rstrip("?,.!")) :]
        words[index] = f"{name}{suffix}{tail}"
        named = True
    return " ".join(words), pointed, named


def _pronoun(core: str, words: list[str], index: int) -> tuple[str | None, str]:
    """Return the kind of pronoun a word is and the possessive ending it asks for."""
    if core in _PEOPLE:
        return "person", _PEOPLE[core]
    if core == "her":
        following = words[index + 1].strip("?,.!").lower() if index + 1 < len(words) else ""
        possessive = bool(following) and following not in _AFTER_OBJECT
        return "person", "'s" if possessive else ""
    if core in _THINGS:
        return "thing", _THINGS[core]
    return None, ""


def _carry_topic(text: str, earlier: str) -> str:
    """Carry the earlier question's topic into a follow-up that names none of it."""
    body = text.rstrip(" ?")
    about = _ABOUT.search(earlier)
    if about is not None and not _holds_all(body, about["tail"]):
        return f"{body} {about['tail']}?"
    names = [n for n in names_in(earlier) if n.lower() not in body.lower()]
    topic = ", ".join(names) if names else as_statement(earlier)
    return f"{body} ({topic})?"


def _holds_all(body: str, tail: str) -> bool:
    """Whether the follow-up already says the earlier topic: its words, or all its names."""
    names = names_in(tail)
    if names:
        return all(name.lower() in body.lower() for name in names)
    return tail.lower() in body.lower()


def _capitalise(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text
