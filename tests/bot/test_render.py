"""Rendering answers and reports for Discord: readable, inert, always within Discord's limits."""

from __future__ import annotations

import re
from dataclasses import replace

import discord
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.render.answers import (
    ANSWER_FILE,
    ATTACHED,
    NOT_COVERED,
    PASSAGES_PER_PAGE,
    answer_to_text,
    render_answer,
)
from bot.render.limits import RenderedAnswer, check_limits, embed_size
from bot.render.reports import (
    render_added,
    render_article,
    render_article_list,
    render_error,
    render_reindex_progress,
    render_reindexed,
    render_status,
)
from bot.render.style import NO_ARTICLES
from bot.render.text import escape_untrusted, safe_url, truncate
from retrieval.types import (
    AddResult,
    Answer,
    Article,
    ArticleSummary,
    CollectionStatus,
    FolderFailure,
    IndexHealth,
    Passage,
    Quote,
    ReindexResult,
    SourceRef,
    Span,
)

# Row ids (41…) differ from the numbers users see (1…), as they do once servers share a database.
TRAM = SourceRef(
    41, "Harbor City approves tram", "https://ledger.example/tram", "Ledger", "2024-03-14", 1
)
COFFEE = SourceRef(42, "Drought cuts coffee harvest", None, "Commodity Wire", None, 2)
BARE = SourceRef(43, "Undated note", "https://notes.example/3", None, None, 3)

NASTY = (
    "@everyone look **bold** __under__ `code` ~~gone~~ ||spoiler|| <@123> <@!77> <@&456> <#7> "
    "[link](http://evil.example) and [again](http://evil.example/2) @here"
)


def _passage(source: SourceRef, text: str, chunk_id: int) -> Passage:
    return Passage(chunk_id, source, 0, len(text), text, 0.5, 0.6, 1, 1, (Span(0, len(text)),))


def _answer(
    quotes: list[tuple[SourceRef, str]], *, found: bool = True, question: str = "Tram cost?"
) -> Answer:
    sources: list[SourceRef] = []
    for source, _ in quotes:
        if source not in sources:
            sources.append(source)
    return Answer(
        question=question,
        found=found,
        confidence=0.71,
        quotes=tuple(
            Quote(s.article_id, i, text, 10 * i, 10 * i + len(text), 0.7)
            for i, (s, text) in enumerate(quotes)
        )
        if found
        else (),
        sources=tuple(sources),
        passages=tuple(_passage(s, text, i) for i, (s, text) in enumerate(quotes)),
    )


def _summary(
    article_id: int = 7,
    title: str = "Council passes budget",
    *,
    url: str | None = "https://a.example/7",
    outlet: str | None = "Outlet",
    published: str | None = "2024-01-02",
    added_by: str | None = "123456789012345678",
) -> ArticleSummary:
    return ArticleSummary(
        article_id,
        "guild-1",
        title,
        url,
        outlet,
        "A. Writer",
        published,
        added_by,
        "2024-01-03T00:00:00+00:00",
        4,
        900,
    )


def _embed_text(embed: discord.Embed) -> str:
    parts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    parts += [f"{f.name}\n{f.value}" for f in embed.fields]
    return "\n".join(parts)


def _all_text(rendered: RenderedAnswer) -> str:
    return "\n".join([rendered.content or "", *map(_embed_text, rendered.embeds)])


def _live_markup(text: str) -> list[str]:
    """Return the markup Discord would act on in text: unescaped markers, mentions, links."""
    found: list[str] = []
    at_line_start = True
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            i += 2  # Discord shows the next character literally
            at_line_start = False
            continue
        if char in "*_~|`[":
            found.append(char)
        if at_line_start and re.match(r"[>#-]|\d+\.\s", text[i:]):
            found.append(f"line start {text[i : i + 3]!r}")
        if re.match(r"<[@#:/]|<a:|<t:|@everyone|@here", text[i:]):
            found.append(text[i : i + 9])
        at_line_start = char == "\n" or (at_line_start and char in " \t")
        i += 1
    return found


def _displayed(escaped: str) -> str:
    """Return what Discord shows for escaped text: escapes resolved, zero-width spaces unseen."""
    return re.sub(r"\\([^0-9A-Za-z\s])", r"\1", escaped).replace("\u200b", "")


# --- a normal answer --------------------------------------------------------------------------


def test_an_answer_quotes_verbatim_with_numbered_sources_and_links() -> None:
    rendered = render_answer(
        _answer([(TRAM, "The line will cost 410 million dollars."), (COFFEE, "Harvest fell.")])
    )
    check_limits(rendered)
    [embed] = rendered.embeds
    assert embed.title == "Tram cost?"
    assert embed.description is not None
    assert embed.description.splitlines() == [
        "> **“The line will cost 410 million dollars.”** [1]",  # the best quote is bold
        "> “Harvest fell.” [2]",
    ]
    assert [(f.name, f.value) for f in embed.fields] == [
        ("[1] Harbor City approves tram — Ledger, 2024-03-14", "https://ledger.example/tram"),
        ("[2] Drought cuts coffee harvest — Commodity Wire", "no link"),
    ]
    assert "0.71" in (embed.footer.text or "")
    assert rendered.files == [] and rendered.content is None
    assert rendered.page == 0 and rendered.pages == 1


def test_quotes_from_one_article_share_its_number_and_missing_metadata_is_left_out() -> None:
    rendered = render_answer(_answer([(BARE, "First."), (TRAM, "Second."), (BARE, "Third.")]))
    embed = rendered.embeds[0]
    assert embed.description is not None
    assert [line[-3:] for line in embed.description.splitlines()] == ["[1]", "[2]", "[1]"]
    assert [f.name for f in embed.fields] == [
        "[1] Undated note",
        "[2] Harbor City approves tram — Ledger, 2024-03-14",
    ]


def test_quote_text_stays_verbatim_when_escaped() -> None:
    quote = "Costs rose 5*3 = 15% (per_unit) in 2024 - said C:\\Users."
    rendered = render_answer(_answer([(TRAM, quote)]))
    description = rendered.embeds[0].description or ""
    shown = description.removeprefix("> **“").removesuffix("”** [1]")
    assert _displayed(shown) == quote
    assert _live_markup(shown) == []


# --- not found --------------------------------------------------------------------------------


def test_not_found_names_the_closest_articles_with_links() -> None:
    rendered = render_answer(_answer([(TRAM, "x"), (COFFEE, "y")], found=False))
    check_limits(rendered)
    text = _all_text(rendered)
    assert NOT_COVERED in text
    assert "#1 Harbor City approves tram — Ledger, 2024-03-14" in text
    assert "https://ledger.example/tram" in text
    assert "#2 Drought cuts coffee harvest" in text
    assert rendered.files == []


def test_an_empty_collection_says_how_to_add_articles() -> None:
    empty = Answer("Anything?", found=False, confidence=0.0, quotes=(), sources=())
    rendered = render_answer(empty)
    check_limits(rendered)
    assert NO_ARTICLES in _all_text(rendered) and "/add" in _all_text(rendered)
    assert rendered.pages == 0


def test_many_long_closest_articles_stay_within_limits_and_the_rest_is_attached() -> None:
    sources = [
        SourceRef(i, "T" * 400, f"https://x.example/{'p' * 480}{i}", "O" * 200, "2024-01-01")
        for i in range(30)
    ]
    answer = Answer("Q?", False, 0.1, (), tuple(sources), ())
    rendered = render_answer(answer)
    check_limits(rendered)
    assert ATTACHED in _all_text(rendered)
    [(name, data)] = rendered.files
    assert name == ANSWER_FILE
    assert all(s.url and s.url in data.decode() for s in sources)


# --- adversarial input ------------------------------------------------------------------------


def test_mentions_and_markdown_in_articles_titles_and_questions_are_inert() -> None:
    source = SourceRef(9, "@here <@1> **Title** " + NASTY, "javascript:alert(1)", "<@&5>", None)
    answer = _answer([(source, NASTY), (TRAM, NASTY)], question=NASTY)
    for rendered in (render_answer(answer), render_answer(answer, page=1)):
        check_limits(rendered)
        text = _all_text(rendered)
        for raw in (
            "@everyone",
            "@here",
            "<@123>",
            "<@!77>",
            "<@&456>",
            "<@&5>",
            "<#7>",
            "**bold**",
            "__under__",
            "`code`",
            "~~gone~~",
            "||spoiler||",
            "javascript:",
        ):
            assert raw not in text, raw
        assert not re.search(r"(?<!\\)\[(link|again)\]\(", text)  # masked links stay text
    embed = render_answer(answer).embeds[0]
    first_quote = (embed.description or "").splitlines()[0]
    assert _live_markup(first_quote.removeprefix("> **“").removesuffix("”** [1]")) == []
    assert all(_live_markup((f.name or "").split("] ", 1)[1]) == [] for f in embed.fields)
    assert _live_markup(embed.title or "") == []


def test_a_huge_paragraph_and_thirty_sources_fit_and_the_full_answer_is_attached() -> None:
    sources = [
        SourceRef(
            i,
            f"Article {i} " + "long title " * 40,
            f"https://x.example/{i}",
            "Outlet",
            "2024-05-01",
            i + 1,
        )
        for i in range(30)
    ]
    huge = "word " * 2000
    answer = _answer([(sources[0], huge)] + [(s, f"Quote from {s.article_id}.") for s in sources])
    rendered = render_answer(answer)
    check_limits(rendered)
    assert sum(embed_size(e) for e in rendered.embeds) <= 6000
    assert ATTACHED in _all_text(rendered)
    [(name, data)] = rendered.files
    assert name == ANSWER_FILE
    attached = data.decode("utf-8")
    assert huge in attached  # nothing is lost: the whole quote is in the file
    assert f"article #1, characters 0–{len(huge)}" in attached
    for source in sources:
        assert source.url is not None and source.url in attached
        assert source.title.strip() in attached
    assert "Outlet, 2024-05-01" in attached
    assert f"Quote from {29}." in attached


def test_ten_sources_with_very_long_titles_and_links_still_fit() -> None:
    sources = [
        SourceRef(i, "Title " * 80, f"https://x.example/{'a' * 480}", "O" * 300, "2024-01-01")
        for i in range(10)
    ]
    answer = _answer([(s, "A sentence that is quoted. " * 60) for s in sources])
    rendered = render_answer(answer)
    check_limits(rendered)
    links = [f.value for f in rendered.embeds[0].fields]
    assert links and all(v == sources[0].url for v in links)  # links are never cut
    assert rendered.files  # what did not fit is attached


def test_links_that_would_break_markdown_are_encoded_or_dropped() -> None:
    assert safe_url("https://en.wikipedia.org/wiki/Tram_(vehicle)") == (
        "https://en.wikipedia.org/wiki/Tram_%28vehicle%29"
    )
    assert safe_url("https://a.example/x y") == "https://a.example/x%20y"
    for bad in ("javascript:alert(1)", "ftp://a.example/x", "https://", "not a url", None, ""):
        assert safe_url(bad) is None
    assert safe_url("https://a.example/" + "x" * 600) is None


# --- more passages ----------------------------------------------------------------------------


def test_more_passages_pages_through_every_passage_within_limits() -> None:
    quotes = [(TRAM, f"Passage {i} " + "text " * 400) for i in range(8)]
    answer = _answer(quotes)
    first = render_answer(answer)
    assert first.pages == 3 == -(-8 // PASSAGES_PER_PAGE)
    seen: list[str] = []
    for page in range(1, first.pages + 1):
        rendered = render_answer(answer, page=page)
        check_limits(rendered)
        assert rendered.page == page and rendered.pages == 3
        assert f"({page}/3)" in (rendered.embeds[0].title or "")
        seen += [f.value or "" for f in rendered.embeds[0].fields]
    assert len(seen) == 8
    assert all(value.startswith(f"Passage {i} ") for i, value in enumerate(seen))
    assert all(value.endswith("https://ledger.example/tram") for value in seen)


def test_a_page_past_the_end_shows_the_last_page_and_no_passages_is_said_plainly() -> None:
    answer = _answer([(TRAM, f"Passage {i}.") for i in range(4)])
    last = render_answer(answer, page=99)
    check_limits(last)
    assert last.page == 2 and len(last.embeds[0].fields) == 1
    bare = Answer("Q?", False, 0.0, (), (), ())
    none = render_answer(bare, page=1)
    check_limits(none)
    assert none.pages == 0 and "No further passages" in _all_text(none)


def test_a_passage_with_a_long_link_keeps_the_link_whole() -> None:
    long = SourceRef(4, "T", "https://x.example/" + "y" * 490, None, None)
    rendered = render_answer(_answer([(long, "z " * 3000)]), page=1)
    check_limits(rendered)
    value = rendered.embeds[0].fields[0].value or ""
    assert value.endswith("\n" + str(long.url))


# --- plain text -------------------------------------------------------------------------------


def test_answer_to_text_lists_every_quote_with_its_source_and_offsets() -> None:
    text = answer_to_text(
        _answer([(TRAM, "The line will cost **410** million."), (COFFEE, "Harvest fell.")])
    )
    assert "Question: Tram cost?" in text
    assert "[1] “The line will cost **410** million.”" in text  # a file shows text as is
    assert "Harbor City approves tram — Ledger, 2024-03-14" in text
    assert "https://ledger.example/tram" in text
    assert "article #1, characters 0–" in text
    assert "[2] “Harvest fell.”" in text and "article #2, characters 10–23" in text
    not_found = answer_to_text(_answer([(TRAM, "x")], found=False))
    assert NOT_COVERED in not_found and "Closest articles:" in not_found


# --- articles and reports ---------------------------------------------------------------------


def test_article_list_with_no_articles_and_with_many() -> None:
    empty = render_article_list([], 0, 1, 0)
    check_limits(RenderedAnswer(None, [empty]))
    assert empty.description == NO_ARTICLES
    past_the_end = render_article_list([], 4, 2, 30)
    assert "No articles on this page" in (past_the_end.description or "")

    nasty = _summary(title="A **bold** title @everyone <@&1> " + "long " * 100, outlet=NASTY)
    listed = render_article_list([nasty] * 60, 0, 3, 150)
    check_limits(RenderedAnswer(None, [listed]))
    description = listed.description or ""
    assert "**#7** A \\*\\*bold\\*\\* title" in description
    assert "added by <@123456789012345678>" in description  # shown, never pinged in an embed
    for raw in ("@everyone", "<@&1>", "[link](", "**bold**"):
        assert raw not in description
    assert "more on this page" in description  # 60 long lines do not fit; it says so
    assert listed.title == "Articles (150)"
    assert listed.footer.text == "Page 1 of 3"


def test_article_list_line_shows_id_title_outlet_date_passages_and_who_added() -> None:
    listed = render_article_list([_summary(added_by="cli_user")], 1, 2, 2)
    assert listed.description == (
        "**#7** Council passes budget — Outlet, 2024-01-02 · 4 passages · added by cli\\_user"
    )
    assert listed.footer.text == "Page 2 of 2"


def test_article_view_shows_metadata_and_the_start_of_the_text() -> None:
    article = Article(_summary(outlet="<@&5> **O**"), "Body text @everyone. " * 1000)
    shown = render_article(article)
    check_limits(RenderedAnswer(None, [shown]))
    assert shown.title == "#7 Council passes budget"
    assert shown.url == "https://a.example/7"
    assert (shown.description or "").startswith("Body text @\u200beveryone.")
    fields = {f.name: f.value for f in shown.fields}
    assert fields["Published"] == "2024-01-02" and fields["Passages"] == "4"
    assert fields["Link"] == "https://a.example/7"
    assert "<@&5>" not in (fields["Outlet"] or "") and "**O**" not in (fields["Outlet"] or "")
    huge = Article(_summary(title="T" * 5000, outlet="O" * 5000, url=None), "x" * 100_000)
    check_limits(RenderedAnswer(None, [render_article(huge)]))


def test_added_reports_id_title_outlet_date_and_passages() -> None:
    embed = render_added(AddResult(_summary()))
    assert embed.title == "Added #7: Council passes budget"
    assert embed.description == "Outlet, 2024-01-02 · 4 passages\nhttps://a.example/7"
    bare = render_added(AddResult(_summary(url=None, outlet=None, published=None)))
    assert bare.description == "4 passages"
    nasty = render_added(AddResult(_summary(title=NASTY * 10, outlet=NASTY * 10)))
    check_limits(RenderedAnswer(None, [nasty]))
    assert "@everyone" not in _embed_text(nasty) and "<@123>" not in _embed_text(nasty)


def test_status_and_reindex_reports() -> None:
    status = CollectionStatus(
        "guild-1",
        12,
        340,
        "all-MiniLM-L6-v2",
        384,
        2,
        IndexHealth(3, 5, 340, True, "up to date"),
        "2024-05-01T10:00:00+00:00",
        tuple(FolderFailure(f"f_{i}.pdf", "not an article " * 20) for i in range(30)),
    )
    embed = render_status(status)
    check_limits(RenderedAnswer(None, [embed]))
    fields = {f.name: f.value or "" for f in embed.fields}
    assert fields["Articles"] == "12" and fields["Passages"] == "340"
    assert "384" in fields["Model"] and "healthy" in fields["Index"]
    assert "f\\_0.pdf" in fields["Recent failures"]
    assert "Entities" not in fields  # every passage tagged: nothing to ask of the admin
    untagged = render_status(replace(status, chunks_without_entities=1234))
    entities = {f.name: f.value or "" for f in untagged.fields}["Entities"]
    assert "1,234 passages have no entities yet" in entities and "reindex" in entities
    check_limits(RenderedAnswer(None, [untagged]))
    assert render_reindex_progress(3, 12, "A **title**") == (
        "Reindexing… 3/12 articles (25%) · A \\*\\*title\\*\\*"
    )
    assert len(render_reindex_progress(0, 0, "x" * 5000)) <= 2000
    done = render_reindexed(ReindexResult("guild-1", 4, 12, 340, 2.25))
    assert "12 articles, 340 passages" in (done.description or "")


def test_errors_are_red_escaped_and_short() -> None:
    embed = render_error("bad @everyone <@123> " + "x" * 9000)
    check_limits(RenderedAnswer(None, [embed]))
    assert embed.colour == discord.Colour.red()
    assert "@everyone" not in (embed.description or "")
    assert "<@123>" not in (embed.description or "")


# --- helpers and the limit checker ------------------------------------------------------------


def test_truncate_cuts_at_a_word_and_marks_it() -> None:
    assert truncate("one two three four", 12) == "one two…"
    assert truncate("short", 10) == "short"
    assert len(truncate("x" * 100, 10)) == 10
    assert truncate("abcdef", 1) == "…" and truncate("abcdef", 0) == ""
    escaped = escape_untrusted("aaaa*bbbb")  # aaaa\*bbbb
    assert truncate(escaped, 6) == "aaaa…"  # never a lone backslash before the ellipsis


def test_escaping_keeps_plain_text_readable() -> None:
    assert escape_untrusted("The council voted 7 to 4.") == "The council voted 7 to 4."
    assert _displayed(escape_untrusted(NASTY)) == NASTY
    assert _live_markup(escape_untrusted(NASTY)) == []
    block = "# Heading\n-# small\n- item\n1. first\n> quote\n>>> rest"
    assert _live_markup(escape_untrusted(block)) == []
    assert _displayed(escape_untrusted(block)) == block


def test_embed_size_counts_like_discord() -> None:
    embed = discord.Embed(title="ab", description="cde")
    embed.add_field(name="f", value="gh")
    embed.set_footer(text="ijkl")
    embed.set_author(name="mn")
    assert embed_size(embed) == 14 == len(embed)


@pytest.mark.parametrize(
    ("rendered", "limit"),
    [
        (RenderedAnswer("x" * 2001, []), "content"),
        (RenderedAnswer(None, [discord.Embed(title="t" * 257)]), "title"),
        (RenderedAnswer(None, [discord.Embed(description="d" * 4097)]), "description"),
        (RenderedAnswer(None, [discord.Embed(title="t")] * 11), "embeds"),
        (RenderedAnswer(None, [discord.Embed(description="d" * 4000)] * 2), "in all"),
        (RenderedAnswer(None, [discord.Embed(title="t").set_footer(text="f" * 2049)]), "footer"),
        (RenderedAnswer(None, [discord.Embed()]), "empty"),
    ],
)
def test_check_limits_names_the_limit_broken(rendered: RenderedAnswer, limit: str) -> None:
    with pytest.raises(ValueError, match=limit):
        check_limits(rendered)


def test_check_limits_checks_fields() -> None:
    many = discord.Embed(title="t")
    for i in range(26):
        many.add_field(name=str(i), value="v")
    long_value = discord.Embed(title="t").add_field(name="n", value="v" * 1025)
    long_name = discord.Embed(title="t").add_field(name="n" * 257, value="v")
    blank = discord.Embed(title="t").add_field(name="n", value=" ")
    for embed, limit in (
        (many, "field count"),
        (long_value, "field value"),
        (long_name, "field name"),
        (blank, "empty"),
    ):
        with pytest.raises(ValueError, match=limit):
            check_limits(RenderedAnswer(None, [embed]))


# --- properties -------------------------------------------------------------------------------


def _long_text(max_size: int) -> st.SearchStrategy[str]:
    """Random unicode text, often long: plain draws seldom come near max_size on their own."""
    repeated = st.builds(
        lambda piece, times: (piece * times)[:max_size],
        st.text(min_size=1, max_size=40),
        st.integers(1, max_size),
    )
    return st.one_of(st.text(max_size=max_size), repeated)


_markup_tokens = st.lists(
    st.sampled_from(
        [*"ab 1.\n\t*_~|`>#-[]()<@&!:/\\", "everyone", "here", "123", "t:", "a:", "id:"]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(_markup_tokens, _long_text(300)))
@example(text="<*t:/a>")  # shaped like a link, so escape_markdown once left its `*` live
@example(text="[0](*)")  # a masked link: escape_markdown once left the `*` inside it live
@example(text="[\\](0)")  # and the backslash inside it raw, so it vanished from the display
def test_escaped_text_is_inert_and_reads_as_written(text: str) -> None:
    escaped = escape_untrusted(text)
    assert _live_markup(escaped) == []
    if "\u200b" not in text and "://" not in text:  # links are left as they are
        assert _displayed(escaped) == text


_source = st.builds(
    SourceRef,
    article_id=st.integers(1, 10_000),
    title=_long_text(400),
    url=st.one_of(
        st.none(),
        st.text(max_size=600),
        _long_text(600).map(lambda path: "https://ok.example/" + path),
    ),
    outlet=st.one_of(st.none(), _long_text(300)),
    published=st.one_of(st.none(), st.text(max_size=30)),
)


@settings(max_examples=120, deadline=None)
@given(
    sources=st.lists(_source, max_size=40, unique_by=lambda s: s.article_id),
    texts=st.lists(_long_text(5000), max_size=40),
    question=_long_text(2000),
    found=st.booleans(),
    page=st.integers(0, 20),
)
def test_any_answer_renders_within_discord_limits(
    sources: list[SourceRef], texts: list[str], question: str, found: bool, page: int
) -> None:
    quotes = (
        tuple(
            Quote(sources[i % len(sources)].article_id, i, t, 0, len(t), 0.5)
            for i, t in enumerate(texts)
        )
        if sources and found
        else ()
    )
    passages = (
        tuple(_passage(sources[i % len(sources)], t, i) for i, t in enumerate(texts))
        if sources
        else ()
    )
    answer = Answer(question, found and bool(quotes), 0.5, quotes, tuple(sources), passages)
    rendered = render_answer(answer, page=page)
    check_limits(rendered)
    assert 0 <= rendered.page <= max(rendered.pages, 1)
    for _, data in rendered.files:
        attached = data.decode("utf-8")
        assert all(q.text in attached for q in quotes)


def test_a_quote_that_opens_with_its_own_quotation_mark_gets_no_second_pair() -> None:
    spoken = "“We will rebuild it by spring,” the ministry said."
    rendered = render_answer(_answer([(TRAM, spoken), (COFFEE, "Harvest fell.")]))
    description = rendered.embeds[0].description or ""
    first, second = description.splitlines()
    assert first.startswith("> **“We will") and "““" not in first
    assert _displayed(first.removeprefix("> **").split("**")[0]) == spoken
    assert second.startswith("> “Harvest fell.”")
    text = answer_to_text(_answer([(TRAM, spoken)]))
    assert f"[1] {spoken}" in text.splitlines()
