"""Which body a described subject refers back to: "the company said", "the agency said", "the
administration said".

Mixed into the article's speakers, which provide the text, its entities, the speakers found
so far, the people it names and its quotations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from retrieval.ingest.bodies_named import (
    BODY_REACH,
    bears_noun,
    follows_its_statement,
    nearest_body_named,
)
from retrieval.ingest.claims import Claim
from retrieval.ingest.descriptions import DETERMINERS, clean_name
from retrieval.ingest.person_names import PersonNames
from retrieval.ingest.public_bodies import COMMERCIAL_NOUNS, PUBLIC_NOUNS, unfit_for
from retrieval.ingest.said import Said
from retrieval.ingest.speech import GROUP_NOUNS, QuoteRun
from retrieval.types import Entity, Speaker

# Nouns a body named earlier is referred back to by: "the chain said" is McDonald's.
BODY_NOUNS = GROUP_NOUNS | (COMMERCIAL_NOUNS - {"maker"})  # "the maker of the system said"
# Nouns for a body the article names with the noun itself: "the administration" is the
# "Biden administration", never the Education Department named last; "the party" is the
# "Republican Party of Iowa", never the chair named last.
NAMED_WITH_NOUN = frozenset({"administration", "party", "campaign"})
_NOUN_NAMED = re.compile(
    r"\b((?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*?)(?:[’']s)?\s+"
    r"(?:(?i:presidential|re-?election)\s+)?((?i:administration|party|campaign))\b(?!\s+[A-Z])"
)
_LEADING_WORDS = frozenset({"the", "a", "an", "this", "that", "his", "her", "their", "its"})


def joint(name: str | None) -> bool:
    """Tell whether a speaker is two that spoke together, described ("the school and league")."""
    return name is not None and " and " in name and name.islower()


def named_with_noun(text: str, claim: Claim, plain: str) -> str | None:
    """Return the last name written with a claim's noun before it ("Biden administration",
    "Republican Party") that holds the subject's other words ("the national party" is no
    "New Hampshire Democratic Party"); None where the article writes none."""
    qualifiers = {w.lower() for w in plain.split()[:-1]}
    found = None
    for match in _NOUN_NAMED.finditer(text, 0, claim.start):
        words = _after_sentence_end(match.group(1).split())
        if words and words[0].lower() in _LEADING_WORDS:
            words = words[1:]
        name = " ".join([*words, match.group(2)])
        if (
            words
            and match.group(2).lower() == claim.head
            and qualifiers <= set(name.lower().split())
        ):
            found = name
    return found


def _after_sentence_end(words: list[str]) -> list[str]:
    """Return the words after the last one that ends a sentence ("Florida. His campaign");
    initials ("U.S.") end none."""
    ends = [i for i, w in enumerate(words) if w.endswith(".") and "." not in w[:-1]]
    return words[ends[-1] + 1 :] if ends else words


class BodiesReferredTo:
    """Resolve "the <noun> said" into the body the article named that the noun fits."""

    _text: str
    _entities: Sequence[Entity]
    _bodies: Sequence[Entity]
    _said: list[Said]
    _names: PersonNames
    _quoted: Sequence[QuoteRun]

    def _named_with_noun(self, claim: Claim, plain: str) -> Said:
        """Resolve "the administration said" into the administration the article names, or
        leave it as written: what was named last is no administration."""
        name = named_with_noun(self._text, claim, plain) or plain
        return Said(claim.start, Speaker(claim.subject, name), "group")

    def _body_referred_to(self, claim: Claim) -> Said | None:
        """Return the body "the organization said" means: the one named last before it,
        speaking or not. One bearing the noun ("the NWSL Players Association" for "the
        association") comes before a nearer one that does not; else one that spoke last,
        shortly before, comes before one only named since ("The FDA said its investigation
        with the CDC…")."""
        bodies = self._bodies_before(claim)
        named = [(b, (b.speaker.name or "").lower().split()) for b in bodies]
        headed = [b for b, words in named if bears_noun(words, claim.head)]
        last = next((b for b in bodies if self._said and b is self._said[-1]), None)
        if not headed and last is not None and self._spoke_just_before(last, claim):
            return last
        return max(headed or bodies, key=lambda b: b.position, default=None)

    def _spoke_just_before(self, said: Said, claim: Claim) -> bool:
        """Tell whether a body named by its name spoke last, shortly before a claim: "The FDA
        said its investigation with the CDC…. The agency said" is the FDA."""
        name = said.speaker.name or ""
        named = name[:1].isupper() and not re.match(r"\S+[’']s\b", name)
        return named and claim.start - said.position <= BODY_REACH

    def _same_head(self, position: int, head: str) -> Said | None:
        """Return the nearest earlier speaker whose name ends in the same noun ("the embassy").
        Two that spoke together ("the school and league announced") are neither one: "the
        school said" next is the school alone. A body described before, never named ("the
        company" nothing resolved), is no name for "the company said" to take, nor a person
        whose post holds the noun ("Party Chair Ray Buckley" for "the party"): the body named
        since may be."""
        for said in reversed(self._said):
            name = said.speaker.name or ""
            if said.position < position and head in name.lower().split() and not joint(name):
                described = not any(w[:1].isupper() for w in name.split())
                if head in BODY_NOUNS and (described or said.kind == "person"):
                    continue
                return said
        return None

    def _spoken_for(self, claim: Claim) -> str | None:
        """Name a spokesperson no body is given for by the body named last before them: "The
        Department of Transportation has defended Chao. A spokesman said…" is the department's
        spokesman."""
        body = max(self._bodies_before(claim), key=lambda b: b.position, default=None)
        if body is None or not body.speaker.name:
            return None
        return f"{body.speaker.name} {claim.head}"

    def _bodies_before(self, claim: Claim) -> list[Said]:
        """Return the nearest body that spoke before a claim and the nearest one named.

        "The company said" is never a government body: "An FDA inspection found…" before it
        leaves the company named earlier. "The agency said" is a government body's where one
        is named shortly before ("NHTSA's Office…, the agency said", not Tesla named since),
        and else whichever body was.
        """
        unfit = unfit_for(claim.head, self._text)
        named = self._nearest_group_mention(claim, unfit)
        if claim.head in PUBLIC_NOUNS:
            # None named shortly before, or only before a body the claim's sentence names: any.
            # A body named in the statement the claim reports after it is what it speaks of.
            nearest = self._nearest_group_mention(claim)
            own = not follows_its_statement(self._text, claim)
            if named is None or (
                own and nearest and nearest.position >= claim.sentence_start > named.position
            ):
                unfit, named = None, nearest
        found = [self._nearest_body(claim.start, unfit), named]
        return [body for body in found if body is not None]

    def _nearest_body(
        self, position: int, unfit: Callable[[str], bool] | None = None
    ) -> Said | None:
        """Return the nearest earlier group speaker that is a named body, not "officials"."""
        named = [
            s
            for s in self._said
            if s.position < position
            and s.kind == "group"
            and any(w[:1].isupper() for w in (s.speaker.name or "").split())
            and not (unfit and unfit(s.speaker.name or ""))
        ]
        return named[-1] if named else None

    def _nearest_group_mention(
        self, claim: Claim, unfit: Callable[[str], bool] | None = None
    ) -> Said | None:
        """Return the nearest organisation the article names shortly before the claim."""
        surname = self._names.is_a_persons_surname
        chosen = nearest_body_named(self._text, self._bodies, claim, surname, unfit, self._quoted)
        if chosen is None:
            return None
        name = DETERMINERS.sub("", clean_name(self._text[chosen.start : chosen.end]))
        return Said(chosen.start, Speaker(name, name), "group")
