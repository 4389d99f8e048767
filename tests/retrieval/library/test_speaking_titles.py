"""A described speaker whose description the article writes as a title before their name, and a
source's statement quoted whole for a question of fact: through the Library with the real
model and spaCy."""

from __future__ import annotations

from retrieval.library import Library
from tests.retrieval.library.test_speaking import _first


def test_a_title_written_before_the_name_finds_the_persons_other_statements(
    real_library: Library,
) -> None:
    # The stored description is "Exploration Systems Development"; NASA's is in the title as the
    # article writes it, read off the article for that sentence alone.
    real_library.add_text(
        "local",
        "NASA rolled the Artemis I rocket back to its hangar on Monday as the storm neared.\n\n"
        "Officials will have more information early next week, said Associate Administrator "
        "for Exploration Systems Development James Free.\n\n"
        "A crewed SpaceX launch to the space station is scheduled for Oct. 3. Free said the "
        "overlap would need to be reconciled, and may put the Artemis launch to later in "
        "October.",
        title="Artemis I rolls back",
    )
    answer = real_library.ask(
        "local",
        "Is NASA's exploration systems chief worried the SpaceX crew launch could push Artemis "
        "later?",
    )
    text, speaker = _first(answer)
    assert text.startswith("Free said the overlap")
    assert speaker == "James Free"


def test_a_sources_statement_is_quoted_whole_for_a_question_of_fact(
    real_library: Library,
) -> None:
    real_library.add_text(
        "local",
        "Juan Pappier, a senior researcher at Human Rights Watch, has followed the crackdown "
        "since March.\n\n"
        "El Salvador now has the perfect conditions for recruiting new gang members, Pappier "
        "adds. “People with no connection to gangs are getting arrested, are in prisons, and are "
        "completely deprived of their livelihoods – that is the perfect kind of person to "
        "recruit,” Pappier said.",
        title="El Salvador's war on gangs",
    )
    answer = real_library.ask(
        "local",
        "According to the Human Rights Watch researcher, who makes the perfect gang recruit?",
    )
    text, speaker = _first(answer)
    assert "People with no connection to gangs" in text
    assert speaker == "Juan Pappier"
