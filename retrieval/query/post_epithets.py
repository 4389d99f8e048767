"""What a post is called in headlines and by members, as the article writes it: "Mexico's top
diplomat" is its foreign minister, "the top US diplomat" the secretary of state, "the DA" the
district attorney."""

from __future__ import annotations

import re

# A newsroom's name for a post ("top diplomat"), and the posts articles title its holder with.
_EPITHETS: dict[str, tuple[str, ...]] = {
    "diplomat": (
        "foreign minister",
        "foreign secretary",
        "foreign affairs secretary",
        "foreign affairs minister",
        "secretary of state",
    ),
    "cop": ("police chief", "police commissioner", "police superintendent"),
    "prosecutor": ("attorney general", "district attorney"),
    "doctor": ("surgeon general", "chief medical officer"),
}
# "top diplomat", with the country it serves in between or not: "the top US diplomat".
_EPITHET = re.compile(
    r"\btop\s+(?P<country>(?:[A-Z][\w.]*\s+)?)(?P<post>" + "|".join(_EPITHETS) + r")\b",
    re.IGNORECASE,
)


# A post asked by its initials, in capitals: "the DA", "the state AG", "the VP".
POST_INITIALS = {
    "DA": "district attorney",
    "AG": "attorney general",
    "VP": "vice president",
    "GM": "general manager",
    "PM": "prime minister",
    "QB": "quarterback",
}
_INITIALS = re.compile(r"\b(?P<initials>" + "|".join(POST_INITIALS) + r")\b")


def posts_meant(asked: str) -> list[str]:
    """Return the asked name with a newsroom's name for a post, or a post's initials, written
    as each post it means; none where it names no post so."""
    spelled = _INITIALS.sub(lambda m: POST_INITIALS[m["initials"]], asked)
    if spelled != asked:
        return [spelled, *posts_meant(spelled)]
    epithet = _EPITHET.search(asked)
    if epithet is None:
        return []
    before, after = asked[: epithet.start()], asked[epithet.end() :]
    return [
        f"{before}{epithet['country']}{post}{after}" for post in _EPITHETS[epithet["post"].lower()]
    ]
