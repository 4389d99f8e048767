"""Words a speaker's name is compared by: one word for each post however written
("spokesman" is "spokesperson", "Gov." is "governor") and one for each country however named
("American" is "US")."""

from __future__ import annotations

import re
import unicodedata

# Where a capitalised word starts, read from the word's own start: a name may open in lower
# case before its first capital ("tWitch", "iPhone", "eBay"), and one read from that capital
# on ("Witch") names nothing the articles write. A regular-expression fragment.
NAME_START = r"(?<!\w)[a-z]*[A-Z]"

# Words for one post: "the lawyer for Aziz" is the "attorney representing Aziz", and "Georgia's
# governor" is "Georgia Gov. Nathan Deal".
SAME_POST = {
    "attorney": "lawyer",
    "attorneys": "lawyers",
    "atty": "lawyer",
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "gop": "republican",
    # Posts as askers shorten them: "the Vanderbilt computer science prof".
    "prof": "professor",
    "profs": "professors",
    "exec": "executive",
    "execs": "executives",
    "pres": "president",
    "dept": "department",
    "asst": "assistant",
    "mgr": "manager",
    "supt": "superintendent",
    # A post written as what its holder does: "who heads the Judiciary Committee" is its head.
    "heads": "head",
    "chairs": "chair",
    "leads": "leader",
    "runs": "head",
    "directs": "director",
    "oversees": "head",
}


def name_tokens(name: str) -> list[str]:
    """Return a name's words as compared, in order: lower case, "U.S." as "us", one word for
    each post however written ("spokesman" is "spokesperson")."""
    # A double-barrelled name is its two names, however the article joins them: "Blackwell-
    # Thompson" is the "Charlie-Blackwell Thompson" a typo made of her.
    name = re.sub(r"(?<=[a-z])-(?=[A-Z])", " ", name)
    # "secretary-general" asked in lower case is the "Secretary-General" split just above.
    name = re.sub(r"(?<=[a-z])-(?=general\b)", " ", name)
    # An article's curly apostrophe is the one a member types straight: "O’Connor" is "O'Connor";
    # and its accents are those a member leaves out: "Pelé" is "Pele".
    lowered = _without_accents(name.lower()).replace("’", "'")
    lowered = lowered.replace("u.s.", "us").replace("united states", "us")
    lowered = lowered.replace("federal reserve", "fed")  # "the Fed", as every report writes it
    # A chief executive is the CEO, and a head coach the coach, however either is written.
    lowered = re.sub(r"\bchief executive(?: officer)?\b", "ceo", lowered)
    lowered = re.sub(r"\bhead coach\b", "coach", lowered)
    lowered = re.sub(r"(?<=\w)&(?=\w)", "", lowered)  # "AF&PA" is one word, the initials "afpa"
    tokens = [re.sub(r"[’'](?:s)?$", "", t) for t in re.findall(r"[\w’'-]+", lowered)]
    return [SAME_POST.get(t, _COUNTRY_OF.get(t, t)) for t in tokens]


# A country named by its people's word: "the American embassy" is the "US Embassy", "the
# Pakistani prime minister" is "Pakistan's prime minister".
_COUNTRY_OF = {
    "american": "us",
    "america": "us",
    "british": "uk",
    "britain": "uk",
    "chinese": "china",
    "russian": "russia",
    "israeli": "israel",
    "ukrainian": "ukraine",
    "french": "france",
    "german": "germany",
    "japanese": "japan",
    "indian": "india",
    "pakistani": "pakistan",
    "iranian": "iran",
    "iraqi": "iraq",
    "syrian": "syria",
    "lebanese": "lebanon",
    "afghan": "afghanistan",
    "turkish": "turkey",
    "egyptian": "egypt",
    "mexican": "mexico",
    "canadian": "canada",
    "australian": "australia",
    "italian": "italy",
    "spanish": "spain",
    "korean": "korea",
    "taiwanese": "taiwan",
    "brazilian": "brazil",
    "venezuelan": "venezuela",
    "salvadoran": "salvador",
    "peruvian": "peru",
    "colombian": "colombia",
    "cuban": "cuba",
    "qatari": "qatar",
    "polish": "poland",
    "hungarian": "hungary",
    "nigerian": "nigeria",
    "kenyan": "kenya",
}


def _without_accents(text: str) -> str:
    """Return text with the accents of its letters dropped ("Pagán" is "Pagan")."""
    if text.isascii():
        return text
    split = unicodedata.normalize("NFKD", text)
    return "".join(c for c in split if not unicodedata.combining(c))
