"""Whose a document is: "Biden's post", "a statement from the Kremlin", "data from the CDC".

The speaker keeps the document as the article wrote it; its name is the owner's or the
issuer's, resolved as a subject of its own would be. Mixed into the article's speakers, which
provide the text, the entities, full names and the reading of a named subject.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from retrieval.ingest.claims import Claim
from retrieval.ingest.descriptions import clean_name
from retrieval.ingest.said import Said
from retrieval.ingest.speech import DOCUMENT_NOUNS
from retrieval.ingest.subjects import (
    ISSUED_BY,
    ISSUED_NOUNS,
    NOT_OWNERS,
    OWNED_DOCUMENT,
    refers_back,
)
from retrieval.types import Entity, Speaker


class IssuedDocuments:
    """Resolve a document written as a claim's subject into whoever owns or issued it."""

    _text: str
    _entities: Sequence[Entity]
    full_name: Callable[[str], str]

    def _named(self, claim: Claim) -> Said:
        """Resolve a subject that names or describes someone (the article's speakers do)."""
        raise NotImplementedError

    def _owners_document(self, claim: Claim) -> Said | None:
        """Resolve "Biden's post", "the NWSLPA statement": the owner named is its speaker."""
        owned = OWNED_DOCUMENT.match(claim.subject)
        if owned is None or claim.head not in DOCUMENT_NOUNS:
            return None
        group = "owner" if owned.group("owner") else "named"
        owner = owned.group(group).strip()
        words = owner.split()
        # A name owns it ("Chucri's statement"); "the league's statement" is left to the
        # statement mentioned last, and "a statement from Sotheby's" to its own reading.
        if (
            not words[-1][:1].isupper()
            or not claim.subject.split()[-1].islower()  # "The Denver Post" is a name
            or NOT_OWNERS.intersection(w.lower() for w in words)
            or any(ch.isdigit() for ch in claim.subject)  # "the May 17 post" is a date's
        ):
            return None
        start = claim.start + owned.start(group)
        end = start + len(owner)
        persons = (e for e in self._entities if e.label == "PERSON" and start <= e.start)
        person = next((e for e in persons if e.end <= end + 2), None)
        if person is not None:
            name = self.full_name(clean_name(self._text[person.start : person.end]))
            return Said(claim.start, Speaker(claim.subject, name), "person")
        return self._issued_by(claim, owner, start)

    def _document_from(self, claim: Claim) -> Said | None:
        """Resolve "an update from the agency", "a statement by the Kremlin": its issuer."""
        issued = ISSUED_BY.match(claim.subject)
        if issued is None or issued.group("doc").lower() not in ISSUED_NOUNS:
            return None
        issuer = issued.group("issuer")
        said = self._issued_by(claim, issuer, claim.start + issued.start("issuer"))
        name = said.speaker.name
        if name is None:
            return None
        # A named issuer, taken as named ("data from the CDC" is the CDC's); an issuer the
        # article refers back to by a noun its name holds ("a statement from the service" is
        # the State Border Guard Service's). "His office" stays the document written, and so
        # does "the company" for a body not called one: what else was named may be no body.
        named = {w for w in issuer.split() if w[:1].isupper()}
        if named & set(name.split()):
            return said
        head = issuer.split()[-1].lower()
        words = name.split()
        held = head in (word.lower() for word in words) and any(w[:1].isupper() for w in words)
        # Data is no statement: "data from the state health department" in a list of states is
        # each state's, not the one department the article named.
        stated = issued.group("doc").lower() != "data"
        return said if not named and refers_back(issuer) and held and stated else None

    def _issued_by(self, claim: Claim, issuer: str, start: int) -> Said:
        """Resolve the words naming who issued a document as a subject of their own; the
        speaker keeps the document as the article wrote it."""
        head = issuer.split()[-1].lower()
        end = start + len(issuer)
        said = self._named(
            Claim(issuer, start, end, head, claim.sentence_end, claim.sentence_start)
        )
        return replace(said, speaker=Speaker(claim.subject, said.speaker.name))
