"""Speakers asked for by their post, through the Library with the real model and spaCy: the
person who holds it before the body they speak for, and a post written as "who owns…"."""

from __future__ import annotations

from retrieval.library import Library
from tests.retrieval.library.test_speaking import _first

_RECALL = (
    "Family Dollar closed 404 stores in six states on Friday after inspectors found rodents at "
    "its distribution center in West Memphis, Arkansas.\n\n"
    "The company confirmed on Monday that it had temporarily closed the affected stores to "
    "carry out a recall of products sold since January.\n\n"
    "Family Dollar also announced a voluntary recall of drugs, cosmetics and food bought at the "
    "stores since January 1.\n\n"
    '"Our teams are working hard to reopen these stores as soon as possible," company '
    "spokesperson Kayleigh Campbell said in a statement."
)


def test_according_to_a_bodys_spokesperson_quotes_the_spokesperson_first(
    real_library: Library,
) -> None:
    # The company's own statements match "Family Dollar's spokesperson" by its name; the
    # spokesperson who answers the question holds the post.
    real_library.add_text("local", _RECALL, title="Family Dollar closes 404 stores")
    answer = real_library.ask(
        "local", "According to Family Dollar's spokesperson, when will the stores open again?"
    )
    text, speaker = _first(answer)
    assert text.startswith('"Our teams are working hard') and "Campbell" in speaker


def test_a_post_written_as_who_owns_it_is_asked_for_by_the_post(real_library: Library) -> None:
    real_library.add_text(
        "local",
        "The flood swept through Canton on Tuesday night and tore away roads and bridges.\n\n"
        "\"It's gone. There's nothing there,\" Sherrie McArthur, who owns Laurel Bank "
        "Campground in the area, told the Citizen Times. \"I had 100 sites, and they're all "
        'gone."\n\n'
        "Emergency crews were still searching the riverbank on Thursday.",
        title="Flood tears through Canton",
    )
    answer = real_library.ask("local", "What did the campground owner say about her sites?")
    text, speaker = _first(answer)
    # Her words run over two sentences and are quoted whole.
    assert text.startswith("\"It's gone") and '"I had 100 sites' in text and "McArthur" in speaker
