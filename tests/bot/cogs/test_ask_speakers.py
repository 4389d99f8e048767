"""/ask about what someone said, through the real command tree: the speaker after the quote."""

from __future__ import annotations

from harness import GUILD_A, SEED_ARTICLE, Harness


async def test_ask_what_hamas_said_shows_hamas_after_its_quote(harness: Harness) -> None:
    harness.seed(GUILD_A, SEED_ARTICLE.read_text(encoding="utf-8"), title="Blinken Israel Visit")

    run = await harness.run(
        harness.slash("ask", options={"question": "What did Hamas say about a ceasefire?"})
    )

    answer = run.last
    assert answer.ephemeral is False
    assert "readiness to implement an" in answer.text
    assert "— Hamas, in [1]" in answer.text
    assert "Blinken Israel Visit" in answer.text


async def test_ask_about_someone_the_articles_never_quote_says_so(harness: Harness) -> None:
    harness.seed(GUILD_A, SEED_ARTICLE.read_text(encoding="utf-8"), title="Blinken Israel Visit")

    run = await harness.run(
        harness.slash("ask", options={"question": "What did Netanyahu say about the ceasefire?"})
    )

    assert "No statement by Netanyahu on this in these articles." in run.last.text
