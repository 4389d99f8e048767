"""Text clean-up shared by every extractor: whitespace, captions, credits and boilerplate."""

from __future__ import annotations

import logging
import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence

log = logging.getLogger(__name__)

# A line longer than this is prose, whatever it starts with: boilerplate is always short.
MAX_BOILERPLATE_CHARS = 200
# Captions with their credit can run to a couple of sentences, never to a paragraph.
MAX_CAPTION_CHARS = 400
# A caption label sitting on the line above its credit ("Antony Blinken") is short.
MAX_CAPTION_LABEL_CHARS = 120
# What makes a paragraph "real" prose rather than a label, byline or caption.
REAL_PARAGRAPH_MIN_WORDS = 12
REAL_PARAGRAPH_MIN_CHARS = 120
# A headline: a handful of words, no full stop.
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 25
HEADLINE_MAX_CHARS = 150

_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Soft hyphens, zero-width spaces, word joiners and stray BOMs are invisible and break matching.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\u180e]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SPACES = re.compile(r"[^\S\n]+")
_WORD = re.compile(r"\w+(?:[’'.-]\w+)*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")

_AGENCIES = (
    r"REUTERS|AFP|AP|EPA(?:-EFE)?|EFE|ANSA|XINHUA|ANADOLU(?: AGENCY)?|DPA|PA|UPI|SIPA|"
    r"GETTY(?: IMAGES)?|BLOOMBERG|NURPHOTO|SOPA(?: IMAGES)?|ZUMA(?: PRESS| WIRE)?|"
    r"SHUTTERSTOCK|ALAMY|KYODO|YONHAP|TASS|SPUTNIK|IMAGO|POOL|ABACA(?:PRESS)?|WANA|KCNA"
)
# "…BlinkenREUTERS/Remo Casilli": an agency in capitals, a slash, then a name to the line's end.
# Case matters: "a Reuters/Ipsos poll" in a sentence is prose, "REUTERS/Name" is a credit.
_AGENCY_CREDIT = re.compile(
    rf"(?:(?<=[a-z0-9.,;:!?)\]”’\"'\s])|^)(?:{_AGENCIES})(?: Photo)?\s*/\s*"
    r"(?!(?:NORC|Ipsos|YouGov|SSRS)\b)[A-Z][\w.'’-]*(?:[ /-][A-Z(][\w.'’()-]*){0,7}\.?\s*$"
)
# "Amir Cohen/Reuters", "Jane Doe/AFP via Getty Images", "(AP Photo/Evan Vucci)".
_TRAILING_CREDIT = re.compile(
    r"(?:/\s*(?:Reuters|AFP|AP|EPA|Getty Images|Bloomberg|Shutterstock|Alamy|Pool|File)"
    r"(?: via Getty Images)?|\bvia Getty Images|\bAP Photo/[^)]*)\)?\.?\s*$"
)
_CAPTION_WORDS = (
    r"file photo|photo(?:graph)?s?|image|images|picture|pictured|credit|credits|"
    r"illustration|video|watch|listen|caption"
)
_CAPTION_PREFIX = re.compile(rf"^[(\[]?\s*(?:{_CAPTION_WORDS})\s*[:|]", re.IGNORECASE)
# "Photo by Jane Doe" is a credit; "Photographs by the agency show the damage." is prose.
_CAPTION_BY = re.compile(rf"^[(\[]?\s*(?:{_CAPTION_WORDS})\s+(?:by|courtesy)\b", re.IGNORECASE)
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|according to|reported|announced|urged|warned|added|asked|wrote)\b", re.I
)
_BRACKETED_CREDIT = re.compile(
    r"^[(\[][^()\[\]]{0,200}\b(?:photo|image|credit|getty|reuters|afp|ap|epa|file)\b"
    r"[^()\[\]]{0,200}[)\]]\.?$",
    re.IGNORECASE,
)

_DATE = (
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+)?"
    r"(?:\d{1,2}\s+[a-z]{3,9}\.?,?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d\d-\d\d)"
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?(?:\s*[a-z]{2,5})?)?"
)
_AGO = r"\d+ (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?) ago"

_BOILERPLATE_PATTERNS = (
    # Ads and page furniture.
    r"advertisement|advertising|ad|ads|sponsored(?: content)?|paid (?:content|post)|"
    r"(?:story|article) continues below(?: (?:this )?advertisement)?|"
    r"continue reading(?: (?:below|the main story|the story))?|"
    r"(?:advertisement\W*)?scroll (?:down )?to continue(?: (?:with|reading) (?:content|article))?|"
    r"skip (?:to|past) (?:main |the )?(?:content|article|advert(?:isement)?)|"
    r"(?:toggle|hide|show|expand) caption|enlarge(?: this)? image|caption|loading\W*|"
    r"(?:image|photo|slide|picture)?\s*\d{1,3}\s*(?:of|/)\s*\d{1,3}",
    # Sharing and reading aids.
    r"share|share this(?: (?:article|story|post|page|video))?|share (?:on|via|to) \w+(?: \w+)?|"
    r"tweet|e-?mail|print|copy(?: the)? link|link copied|save(?: (?:article|story))?|"
    r"comments?(?: \(\d+\))?|view comments|open in app|show more|more|"
    r"listen(?: to this (?:article|story))?(?:\W*\d+(?::\d\d)? ?min(?:ute)?s?)?|"
    r"\d+ ?min(?:ute)?s? read|reading time:? \d+ ?min(?:ute)?s?",
    # Pointers to other stories.
    r"(?:read more|read next|related|related (?:articles?|stories|content|coverage|topics|links)|"
    r"see also|also read|more on this (?:story|topic)|more from [^.!?]{1,60}|"
    r"most (?:read|popular|viewed)|recommended(?: for you| stories| reading)?|"
    r"you (?:may|might) also like|trending(?: now)?|top stories|latest news)"
    r"(?:\s*[:»›>|–-].{0,150})?",
    r"read more (?:here|about|at|on)\b.{0,150}",
    # Newsletters, apps, social accounts.
    r"(?:sign up|subscribe|register)\b.{0,150}?\b(?:newsletter|inbox|e-?mail|alerts?|free|"
    r"today|now|here|updates|subscription)\b.{0,80}",
    r"(?:get|receive) (?:the latest|our|breaking)\b.{0,80}?\b(?:newsletter|inbox|e-?mail|alerts?|"
    r"app)\b.{0,80}",
    r"(?:click|tap|press) here\b.{0,150}",
    r"follow (?:us|@?[\w.]+(?: [\w.]+){0,3}) on (?:twitter|x|facebook|instagram|linkedin|threads|"
    r"bluesky|tiktok|youtube|whatsapp|telegram|google news)\b.{0,100}",
    r"download (?:our|the) .{0,40}\bapp\b.{0,80}",
    r"(?:we|this (?:site|website)) uses? cookies\b.{0,180}|accept (?:all )?cookies",
    # Rights, updates and wire-service tails.
    r"(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4})).{0,190}",
    r".{0,150}\ball rights reserved\b.{0,50}",
    r"(?:this|the) (?:story|article|report|post|piece) (?:has been|was|is being|will be) "
    r"(?:updated|corrected|amended|edited)\b.{0,250}",
    r"(?:this|the) (?:story|article|report) (?:was |has been )?(?:originally |first )?"
    r"(?:published|appeared|posted)\b.{0,250}",
    r"(?:last )?(?:updated|published|posted|modified)(?: on| at)?\s*:.{0,80}",
    rf"(?:last )?(?:updated|published|posted|modified)(?: on| at)?\s+(?:{_DATE}|{_AGO})",
    r"our standards:? the thomson reuters trust principles\.?",
    r"(?:additional )?reporting by .{1,150}?(?:;|\b(?:editing|writing) by\b).{0,150}",
    r"(?:editing|writing|compiled) by [^.!?]{1,120}",
    r"(?:topics|tags|filed under|categories)\s*:.{0,190}",
)
_BOILERPLATE = re.compile(
    "|".join(f"(?:{pattern})" for pattern in _BOILERPLATE_PATTERNS), re.IGNORECASE
)
# Lines that belong above an article's first paragraph and nowhere in its text.
# "By Dana Whitfield, Staff Writer": a name, not "By the numbers: how the tram is paid for".
_BYLINE = re.compile(
    r"(?i:by|words by|written by|reporting by)\s+[A-Z][\w.'’-]*"
    r"(?:\s+(?:[A-Z][\w.'’-]*|(?i:and)|&|de|van|von|da|al|bin|le|la)|,\s*[A-Z][\w.'’-]*){0,8}"
    r"(?:\s*[,|–—-]\s*[^.!?]{0,60})?"
)
_DATELINE_ONLY = re.compile(_DATE, re.IGNORECASE)


def clean_article_text(text: str) -> str:
    """Normalise whitespace and drop captions, photo credits and boilerplate lines."""
    blocks, captions = _drop_credits_and_boilerplate(_blocks(normalise_lines(text)))
    blocks = _drop_leading_furniture(blocks, captions)
    return "\n\n".join("\n".join(block) for block in blocks)


def normalise_lines(text: str) -> list[str]:
    """Return text's lines in NFC, with invisible characters gone and inner whitespace single."""
    text = unicodedata.normalize("NFC", text)
    text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


def is_boilerplate_line(line: str) -> bool:
    """Tell whether a whole line is page furniture (ads, sharing, newsletter, rights...)."""
    line = line.strip()
    if not line or len(line) > MAX_BOILERPLATE_CHARS:
        return False
    if not any(c.isalnum() for c in line):
        # "* * *" and "———" separate sections; they are not text anyone would quote.
        return True
    # Reported speech is news even when it reads like a call to action ("Register now...").
    return bool(_BOILERPLATE.fullmatch(line)) and not _ATTRIBUTION.search(line)


def credit_caption(line: str) -> str | None:
    """Return the caption part of a photo-credit line ("" if bare), or None if it is no credit."""
    line = line.strip()
    if not line or len(line) > MAX_CAPTION_CHARS:
        return None
    if _CAPTION_PREFIX.match(line):
        return ""
    short_label = len(line) <= MAX_CAPTION_LABEL_CHARS and not _ATTRIBUTION.search(line)
    if short_label and (_CAPTION_BY.match(line) or _BRACKETED_CREDIT.match(line)):
        return ""
    for pattern in (_AGENCY_CREDIT, _TRAILING_CREDIT):
        match = pattern.search(line)
        if match:
            return line[: match.start()].strip()
    return None


def is_real_paragraph(line: str) -> bool:
    """Tell prose (long enough, sentence-shaped) from labels, bylines and captions."""
    words = len(_WORD.findall(line))
    if words < REAL_PARAGRAPH_MIN_WORDS:
        return False
    return len(line) >= REAL_PARAGRAPH_MIN_CHARS or bool(_SENTENCE_END.search(line))


def looks_like_headline(line: str) -> bool:
    """Tell whether a line reads as a headline: short, capitalised, no closing full stop."""
    line = line.strip()
    if not line or len(line) > HEADLINE_MAX_CHARS or "\n" in line:
        return False
    words = _WORD.findall(line)
    if not HEADLINE_MIN_WORDS <= len(words) <= HEADLINE_MAX_WORDS:
        return False
    if line[-1] in ".,;:" or line.endswith("..."):
        return False
    first = next((c for c in line if c.isalnum()), "")
    if not first or (first.isalpha() and not first.isupper()):
        return False
    return not is_boilerplate_line(line) and credit_caption(line) is None


def unwrap_hard_wrapped(text: str) -> str:
    """Join the lines of hard-wrapped paragraphs (e-mail style plain text) with spaces."""
    blocks = [block.split("\n") for block in text.split("\n\n")]
    lines = [line for block in blocks for line in block if line]
    inner = [line for block in blocks if len(block) > 1 for line in block[:-1]]
    # Wrapped prose fills most of each line up to a fixed width under 100 characters; lists,
    # addresses and verse do not, and must keep their line breaks.
    if len(inner) < 3 or len(inner) * 2 < len(lines):
        return text
    width = max(len(line) for line in lines)
    if width > 100:
        return text
    full = sum(1 for line in inner if len(line) >= width * 0.6 and not _LIST_ITEM.match(line))
    if full < len(inner) * 0.8:
        return text
    return "\n\n".join(_join_block(block, dehyphenate=False) for block in blocks)


def join_pdf_lines(lines: Sequence[str]) -> str:
    """Rebuild paragraphs from a PDF's hard line breaks, de-hyphenating split words."""
    width = _typical_width(lines)
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
                current = []
            continue
        if current and _LIST_ITEM.match(line):
            paragraphs.append(current)
            current = []
        current.append(line)
        # A line well short of the column width ends its paragraph (or is a heading).
        if len(line) < width * 0.75 and not line.endswith("-"):
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return "\n\n".join(_join_block(block, dehyphenate=True) for block in paragraphs)


_LIST_ITEM = re.compile(r"^(?:[-*•▪◦–]\s|\d{1,3}[.)]\s)")
_SPLIT_WORD = re.compile(r"(?<=[^\W\d_])-$")


def _join_block(block: Sequence[str], *, dehyphenate: bool) -> str:
    # Pieces joined once at the end, and only the joined text's last characters searched:
    # growing one string line by line made a long block of short lines quadratic.
    pieces: list[str] = []
    tail = ""  # the joined text's last characters: _SPLIT_WORD looks at three at most
    for line in block:
        if not tail:
            pieces.append(line)
        elif _SPLIT_WORD.search(tail) and line[:1].islower():
            # "mid-" + "night": a word broken by typesetting; plain text keeps its own hyphens.
            if dehyphenate:
                _drop_last_character(pieces)
                tail = tail[:-1]
            pieces.append(line)
        else:
            pieces += (" ", line)
            tail += " "
        tail = (tail + line)[-4:]
    return "".join(pieces)


def _drop_last_character(pieces: list[str]) -> None:
    while pieces and not pieces[-1]:
        pieces.pop()
    if pieces:
        pieces[-1] = pieces[-1][:-1]


def _typical_width(lines: Iterable[str]) -> float:
    lengths = sorted(len(line) for line in lines if len(line) >= 20)
    if not lengths:
        return 0.0
    if len(lengths) < 4:
        return float(lengths[-1])
    return float(statistics.quantiles(lengths, n=10)[7])  # 80th percentile


def _blocks(lines: Iterable[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _drop_credits_and_boilerplate(
    blocks: list[list[str]],
) -> tuple[list[list[str]], list[str]]:
    """Drop furniture and credit lines; return the kept blocks and the captions seen."""
    kept_blocks: list[list[str]] = []
    captions: list[str] = []
    for block in blocks:
        kept: list[str] = []
        for line in block:
            if is_boilerplate_line(line):
                log.debug("dropped boilerplate line %r", line)
                continue
            caption = credit_caption(line)
            if caption is None:
                kept.append(line)
                continue
            log.debug("dropped photo credit %r", line)
            if caption:
                captions.append(caption)
            # The caption's label often sits on its own line just above its credit.
            if kept and _is_caption_label(kept[-1], caption):
                log.debug("dropped caption %r", kept[-1])
                kept.pop()
        if kept:
            kept_blocks.append(kept)
    return kept_blocks, captions


def _is_caption_label(line: str, caption: str) -> bool:
    if len(line) > MAX_CAPTION_LABEL_CHARS:
        return False
    if caption and caption.startswith(line):
        return True
    # A label with no sentence in it ("Antony Blinken", "The tram depot"), not prose.
    return not _SENTENCE_END.search(line) and len(_WORD.findall(line)) <= 8


def _drop_leading_furniture(blocks: list[list[str]], captions: list[str]) -> list[list[str]]:
    """Drop bylines, bare dates and orphan caption labels above the first real paragraph."""
    out: list[list[str]] = []
    for index, block in enumerate(blocks):
        if any(is_real_paragraph(line) for line in block):
            out.extend(blocks[index:])
            break
        kept = [
            line
            for line in block
            if not (
                _BYLINE.fullmatch(line)
                or _DATELINE_ONLY.fullmatch(line)
                or any(caption.startswith(line) for caption in captions)
            )
        ]
        if kept:
            out.append(kept)
    return out


_MD_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_MD_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_MD_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_MD_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_MD_INLINE = (
    (re.compile(r"!\[[^\]]*\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)"), ""),  # images
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),
    (re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)"), r"\1"),  # links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"<br\s*/?>", re.IGNORECASE), " "),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])"), r"\1"),
)


def strip_markdown(text: str) -> tuple[str, str | None]:
    """Reduce Markdown to plain prose; also return the leading level-1/2 heading, if any."""
    out: list[str] = []
    heading: str | None = None
    seen_text = False
    for raw in text.split("\n"):
        if _MD_FENCE.match(raw) or _MD_REF_DEF.match(raw):
            continue
        underline = bool(_MD_SETEXT.match(raw)) and bool(out) and bool(out[-1].strip())
        if underline or _MD_RULE.match(raw):
            # A setext underline makes the line above a heading: the only text so far, a title.
            if underline and heading is None and _only_text(out):
                heading = out[-1].strip()
            out.append("")
            continue
        line = _MD_QUOTE.sub("", raw)
        atx = _MD_ATX.match(line)
        if atx:
            line = atx.group(2)
        line = strip_inline_markdown(line)
        if atx and not seen_text and len(atx.group(1)) <= 2 and line.strip():
            heading = line.strip()
        seen_text = seen_text or bool(line.strip())
        # Headings are paragraphs of their own even when written flush against the text.
        out.extend(["", line, ""] if atx else [line])
    return "\n".join(out), heading


def strip_inline_markdown(line: str) -> str:
    """Replace links by their text and drop images, code ticks and emphasis markers."""
    for pattern, replacement in _MD_INLINE:
        line = pattern.sub(replacement, line)
    return line


def _only_text(lines: Sequence[str]) -> bool:
    return sum(1 for line in lines if line.strip()) == 1
