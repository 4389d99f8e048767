"""Rendering answers and reports for Discord: content a user can read, always within limits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render import (
    ATTACHED,
    NOT_COVERED,
    RenderedAnswer,
    check_limits,
    embed_size,
    escape_untrusted,
    render_answer,
    render_article,
    render_article_list,
    render_error,
    truncate,
)
from retrieval.types import Answer, Article, ArticleSummary, Passage, Quote, SourceRef, Span

TRAM = SourceRef(
    1, "Harbor City approves tram", "https://ledger.example/tram", "Ledger", "2024-03-14"
)
COFFEE = SourceRef(2, "Drought cuts coffee harvest", None, "Commodity Wire", None)


def _passage(source: SourceRef, text: str, chunk_id: int) -> Passage:
    return Passage(chunk_id, source, 0, len(text), text, 0.5, 0.6, 1, 1, (Span(0, len(text)),))


def _answer(quotes: list[tuple[SourceRef, str]], found: bool = True) -> Answer:
    sources: list[SourceRef] = []
    for source, _ in quotes:
        if source not in sources:
            sources.append(source)
    return Answer(
        question="How much will the tram cost?",
        found=found,
        confidence=0.71,
        quotes=tuple(
            Quote(s.article_id, i, text, 0, len(text), 0.7) for i, (s, text) in enumerate(quotes)
        )
        if found
        else (),
        sources=tuple(sources),
        passages=tuple(_passage(s, text, i) for i, (s, text) in enumerate(quotes)),
    )


def _all_text(rendered: RenderedAnswer) -> str:
    parts = [rendered.content or ""]
    for embed in rendered.embeds:
        parts += [embed.title or "", embed.description or "", embed.footer.text or ""]
        parts += [f"{f.name}\n{f.value}" for f in embed.fields]
    return "\n".join(parts)


def test_an_answer_quotes_verbatim_with_numbered_sources_and_links() -> None:
    rendered = render_answer(
        _answer([(TRAM, "The line will cost 410 million dollars."), (COFFEE, "Harvest fell.")])
    )
    check_limits(rendered)
    embed = rendered.embeds[0]
    assert embed.description is not None
    first, second = embed.description.splitlines()[:2]
    assert first == "> **“The line will cost 410 million dollars.”** [1]"  # best quote bold
    assert second == "> “Harvest fell.” [2]"
    assert [f.name for f in embed.fields] == [
        "[1] Harbor City approves tram — Ledger, 2024-03-14",
        "[2] Drought cuts coffee harvest — Commodity Wire",
    ]
    assert [f.value for f in embed.fields] == ["https://ledger.example/tram", "no link"]
    assert rendered.files == []


def test_not_found_names_the_closest_articles() -> None:
    rendered = render_answer(_answer([(TRAM, "x"), (COFFEE, "y")], found=False))
    check_limits(rendered)
    text = _all_text(rendered)
    assert NOT_COVERED in text
    assert "#1 Harbor City approves tram" in text and "https://ledger.example/tram" in text
    assert "#2 Drought cuts coffee harvest" in text


def test_an_empty_collection_says_how_to_add_articles() -> None:
    empty = Answer("Anything?", found=False, confidence=0.0, quotes=(), sources=())
    assert "/article add" in _all_text(render_answer(empty))


def test_mentions_and_markdown_in_articles_are_inert() -> None:
    nasty = "@everyone look **here** <@123> <@&456> [click](http://evil.example) `x` __y__"
    source = SourceRef(9, "@here <@1> **Title**", "javascript:alert(1)", "<@&5>", None)
    rendered = render_answer(_answer([(source, nasty)]))
    check_limits(rendered)
    text = _all_text(rendered)
    for raw in ("@everyone", "@here", "<@123>", "<@&456>", "<@1>", "<@&5>", "**Title**"):
        assert raw not in text
    assert "\\[click](http" in text  # the masked link is escaped, shown as plain text
    assert "javascript:" not in text  # only http(s) links are shown


def test_a_huge_paragraph_and_thirty_sources_fit_and_the_rest_is_attached() -> None:
    sources = [
        SourceRef(
            i, f"Article number {i} " + "long title " * 40, f"https://x.example/{i}", "O", None
        )
        for i in range(30)
    ]
    quotes = [(sources[0], "word " * 2000)] + [(s, f"Quote from {s.article_id}.") for s in sources]
    answer = _answer(quotes)
    rendered = render_answer(answer)
    check_limits(rendered)
    assert sum(embed_size(e) for e in rendered.embeds) <= 6000
    assert ATTACHED in _all_text(rendered)
    name, data = rendered.files[0]
    assert name == "answer.txt"
    attached = data.decode("utf-8")
    assert "word " * 2000 in attached  # nothing is lost: the whole quote is in the file
    assert "https://x.example/29" in attached


def test_more_passages_pages_through_every_passage_within_limits() -> None:
    quotes = [(TRAM, f"Passage {i} " + "text " * 400) for i in range(8)]
    answer = _answer(quotes)
    first = render_answer(answer)
    assert first.pages == 3
    seen = []
    for page in range(1, first.pages + 1):
        rendered = render_answer(answer, page=page)
        check_limits(rendered)
        assert rendered.page == page
        seen += [f.value for f in rendered.embeds[0].fields]
    assert len(seen) == 8
    assert all(value.startswith(f"Passage {i}") for i, value in enumerate(seen))


def test_article_list_and_article_view() -> None:
    summary = ArticleSummary(
        7,
        "guild-1",
        "A **bold** title @everyone",
        "https://a.example/7",
        "Outlet",
        None,
        "2024-01-02",
        "123456789012345678",
        "2024-01-03T00:00:00+00:00",
        4,
        900,
    )
    listed = render_article_list([summary] * 60, 0, 3, 150)
    assert listed.description is not None and len(listed.description) <= 4096
    assert "#7" in listed.description and "@everyone" not in listed.description
    assert "Page 1 of 3" in (listed.footer.text or "")
    assert render_article_list([], 0, 1, 0).description is not None
    shown = render_article(Article(summary, "Body text. " * 1000))
    check_limits(RenderedAnswer(None, [shown]))
    assert shown.url == "https://a.example/7"


def test_errors_are_escaped_and_short() -> None:
    embed = render_error("bad @everyone " + "x" * 9000)
    check_limits(RenderedAnswer(None, [embed]))
    assert "@everyone" not in (embed.description or "")


def test_truncate_cuts_at_a_word_and_marks_it() -> None:
    assert truncate("one two three four", 12) == "one two…"
    assert truncate("short", 10) == "short"
    assert len(truncate("x" * 100, 10)) == 10


def test_escaping_keeps_plain_text_readable() -> None:
    assert escape_untrusted("The council voted 7 to 4.") == "The council voted 7 to 4."


_text = st.text(max_size=5000)
_source = st.builds(
    SourceRef,
    article_id=st.integers(1, 10_000),
    title=st.text(min_size=1, max_size=400),
    url=st.one_of(st.none(), st.text(max_size=600), st.just("https://ok.example/a")),
    outlet=st.one_of(st.none(), st.text(max_size=200)),
    published=st.one_of(st.none(), st.text(max_size=30)),
)


@settings(max_examples=150, deadline=None)
@given(
    sources=st.lists(_source, min_size=0, max_size=40, unique_by=lambda s: s.article_id),
    texts=st.lists(_text, max_size=40),
    question=st.text(max_size=2000),
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
    check_limits(render_answer(answer, page=page))
