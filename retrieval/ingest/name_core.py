"""A name's core: its words before the one that says what it is of or in ("US Embassy" of "US
Embassy in Israel", "Magnus" of "Magnus from Oxford University"), where its head is."""

from __future__ import annotations

from collections.abc import Sequence

# Words after a name's core that say what it is of or in.
OF_OR_IN = frozenset({"in", "of", "for", "at", "on", "to", "from"})


def name_core(words: Sequence[str]) -> list[str]:
    """Return a name's words up to the first, after its first, that says what it is of or in
    (any case: "Department of Justice" is "Department")."""
    for index, word in enumerate(words):
        if index and word.lower() in OF_OR_IN:
            return list(words[:index])
    return list(words)
