"""Speaker questions: recognising who is asked about and on what, and matching speakers loosely."""

from __future__ import annotations

from dataclasses import replace

import pytest

from retrieval.query.placed_posts import speaks_as_in
from retrieval.query.speaker_names import holds_asked_post, speaks_as
from retrieval.query.speakers import speaker_question, topic_names
from retrieval.types import Speaker


@pytest.mark.parametrize(
    ("question", "speaker", "topic"),
    [
        ("What did the embassy say about Hezbollah?", "the embassy", "Hezbollah"),
        ("What did Hamas say about a ceasefire?", "Hamas", "a ceasefire"),
        ("What did Blinken post on X?", "Blinken", "X"),
        (
            "what has the White House said regarding student loans",
            "the White House",
            "student loans",
        ),
        (
            "What did Mayor Karen Bass tell reporters about the roads?",
            "Mayor Karen Bass",
            "the roads",
        ),
        ("What was Biden's position on the strike?", "Biden", "the strike"),
        ("What is the FDA’s response to the shortage?", "the FDA", "the shortage"),
        ("How did Russia respond to the sanctions?", "Russia", "the sanctions"),
        ("How did the Nets react?", "the Nets", ""),
        ("Did Zelensky comment on the talks?", "Zelensky", "the talks"),
        # A statement put out, a question put to someone, a response going on.
        ("Did the embassy put out a statement on the protests?", "the embassy", "the protests"),
        ("Has the company issued any statement about the outage?", "the company", "the outage"),
        ("Was the minister asked about the leak?", "the minister", "the leak"),
        ("How is the mayor responding to criticism?", "the mayor", "criticism"),
        ("What did Powell signal about rates?", "Powell", "rates"),
        ("What was the mayor's promise to residents?", "the mayor", "residents"),
        ("What did the judge rule on the motion?", "the judge", "the motion"),
        # "State" is a speech verb and part of the name: the verb is the next one.
        ("Did the State Department comment on El Salvador?", "the State Department", "El Salvador"),
        (
            "what did the state department say about the strike",
            "the state department",
            "the strike",
        ),
        ("Has the Pentagon said anything about the drones?", "the Pentagon", "the drones"),
        ("What did the agency warn about?", "the agency", ""),
        (
            "What concern did the Access Now lawyer raise about VPNs?",
            "the Access Now lawyer",
            "VPNs",
        ),
        (
            "What was the US State Department's position on gangs?",
            "the US State Department",
            "gangs",
        ),
        (
            "Does George Magnus think big banks are at risk?",
            "George Magnus",
            "big banks are at risk",
        ),
        # A stance, which the person's statements answer.
        ("Would Cherelle Griner support a prisoner swap?", "Cherelle Griner", "a prisoner swap"),
        ("Does the union oppose the new contract?", "the union", "the new contract"),
        ("How did Olaf Scholz feel about the plants?", "Olaf Scholz", "the plants"),
        # More verbs of a statement.
        ("Did the league apologize to the players?", "the league", "the players"),
        # Where the question is set, an appositive, "what's", speech going on.
        # Where it is set is part of what it asks about.
        (
            "In those leaked recordings, how did Chucri think the fraud was carried out?",
            "Chucri",
            "the fraud was carried out in those leaked recordings",
        ),
        (
            "In his rocket metaphor, where did the outgoing prime minister say he'd come down?",
            "the outgoing prime minister",
            "where did say he'd come down in his rocket metaphor",
        ),
        # ...but where they said it is not: the statement need not name its channel.
        ("In a statement, what did the FDA say about the recall?", "the FDA", "the recall"),
        ("On Twitter, what did Musk say about the deal?", "Musk", "the deal"),
        (
            "How does Assemblyman Patterson, a Fresno State alum, feel about the scandal?",
            "Assemblyman Patterson",
            "the scandal",
        ),
        (
            "What's the hearing expert's opinion of the new rule?",
            "the hearing expert",
            "the new rule",
        ),
        ("What is the ADL warning will happen next?", "the ADL", "will happen next"),
        ("What's the new premier vowing to do about rents?", "the new premier", "do about rents"),
        # The speaker ends at the first verb that fits a form, whichever form it is.
        (
            "How did Biden respond when a reporter asked about the debt?",
            "Biden",
            "when a reporter asked about the debt",
        ),
        ("had Brady even thought about retiring?", "Brady", "retiring"),
        # A verb's word capitalised in a name ends it: "the Daily Show".
        ("What did the Daily Show say about the debate?", "the Daily Show", "the debate"),
    ],
)
def test_the_forms_of_a_speaker_question_give_the_speaker_and_the_topic(
    question: str, speaker: str, topic: str
) -> None:
    asked = speaker_question(question)
    assert asked is not None
    assert (asked.speaker, asked.topic) == (speaker, topic)
    assert not asked.factoid


def test_according_to_marks_a_question_of_fact_unless_it_asks_for_the_statement() -> None:
    fact = speaker_question("How many homes lost power, according to LUMA Energy?")
    statement = speaker_question("According to the UN, the ceasefire holds?")
    assert fact is not None and fact.factoid
    assert (fact.speaker, fact.topic) == ("LUMA Energy", "how many homes lost power")
    assert statement is not None and statement.speaker == "the UN" and not statement.factoid


def test_the_wording_after_a_possessive_speaker_leaves_the_possessive_out() -> None:
    asked = speaker_question("What was the State Department's position on the strike?")
    plural = speaker_question("What was the unions' view on the strike?")
    assert asked is not None and asked.wording == "position on the strike"
    assert plural is not None and plural.wording == "view on the strike"


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("How many bags of arabica does the cooperative expect this season?", "the cooperative"),
        ("When does the CPSC chair say the rule kicks in?", "the CPSC chair"),
        ("What percentage of homes does LUMA say lost power?", "LUMA"),
        # What a source counts or reports.
        ("How many cases does the CDC report?", "the CDC"),
        ("How many deaths did the health ministry record?", "the health ministry"),
    ],
)
def test_a_quantity_or_date_its_speaker_is_the_source_of_is_a_question_of_fact(
    question: str, speaker: str
) -> None:
    asked = speaker_question(question)
    assert asked is not None and asked.speaker == speaker and asked.factoid
    assert speaker not in asked.topic and asked.topic.split()[0] in ("How", "When", "What")


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("Where does the USGS geophysicist think the quake will hit?", "the USGS geophysicist"),
        ("What kind of plan did the council call for?", "the council"),
        ("Why does the Shadowbyte founder think it was left open?", "the Shadowbyte founder"),
        ("Who did Gerrit Cole say Judge was chasing the record for?", "Gerrit Cole"),
        ("Where does the DPIC director see capital punishment heading?", "the DPIC director"),
        ("Why doesn't Greta Thunberg see any point in meeting him?", "Greta Thunberg"),
        # A preposition before "whose" or "whom".
        (
            "On whose behalf did CNN's chief anchor say she turned down the request?",
            "CNN's chief anchor",
        ),
        ("For whom did the mayor say the park was built?", "the mayor"),
    ],
)
def test_a_view_or_reason_asks_for_the_speakers_statements_where_there_are_some(
    question: str, speaker: str
) -> None:
    asked = speaker_question(question)
    assert asked is not None and asked.speaker == speaker
    assert asked.tentative and not asked.factoid
    assert speaker not in asked.wording


def test_according_to_names_the_source_whatever_the_rest_asks() -> None:
    asked = speaker_question("What does Russia want, according to Zelensky?")
    assert asked is not None and asked.speaker == "Zelensky" and asked.factoid
    study = speaker_question("Which chain has the slowest drive-thru, according to a new study?")
    assert study is not None and study.factoid
    pages = speaker_question("According to the FBI, about how many pages were seized?")
    assert pages is not None and pages.factoid


@pytest.mark.parametrize(
    "question",
    [
        "According to Dr. Griffin, how do repeat infections compare with the flu?",
        "Why has the population grown so fast, according to the UN?",
        "According to Dr. Griffith, is CBD risky for a child on other medication?",
    ],
)
def test_a_view_according_to_a_source_asks_for_their_statements(question: str) -> None:
    asked = speaker_question(question)
    assert asked is not None and not asked.factoid


def test_a_question_about_now_wants_the_newest_statements() -> None:
    asked_now = speaker_question("What does the White House say about inflation now?")
    asked_then = speaker_question("What did the White House say about inflation?")
    asked_tense = speaker_question("What does the White House think about inflation?")
    assert asked_now is not None and asked_now.present and asked_now.now
    assert asked_then is not None and not asked_then.present and not asked_then.now
    # A present tense alone means now, less surely than "now", "still" or "latest" does.
    assert asked_tense is not None and asked_tense.present and not asked_tense.now


@pytest.mark.parametrize(
    ("question", "speaker", "topic"),
    [
        (
            "Was Georgia's governor willing to take the blame for the storm?",
            "Georgia's governor",
            "take the blame for the storm",
        ),
        ("Is the union worried about the new contract?", "the union", "the new contract"),
        ("Does Meta agree with the regulator's fine?", "Meta", "the regulator's fine"),
        ("Is the fired coach considering legal action?", "the fired coach", "legal action"),
        ("What worries Chris Borland about head injuries?", "Chris Borland", "head injuries"),
        (
            "What concerns Paul Offit more than the shot itself?",
            "Paul Offit",
            "more than the shot itself",
        ),
        (
            "Is the council president comfortable with the plan?",
            "the council president",
            "the plan",
        ),
        (
            "Why did Mario Lemieux decide to sell the Penguins?",
            "Mario Lemieux",
            "sell the Penguins",
        ),
        (
            "Has Pauly ever seen the Austin market like this?",
            "Pauly",
            "the Austin market like this",
        ),
        (
            "What is the White House position on student loans?",
            "the White House",
            "student loans",
        ),
        # An acronym is a name, not the relative pronoun "who".
        ("Is the head of the WHO worried about deaths?", "the head of the WHO", "deaths"),
        ("Has Family Dollar heard of anyone getting sick?", "Family Dollar", "anyone getting sick"),
        # A name with "the", or a post its name owns, doing something.
        (
            "Are the Colorado Eagles putting their appearances on hold?",
            "the Colorado Eagles",
            "putting their appearances on hold",
        ),
        (
            "Is Oregon's governor commuting the death sentences?",
            "Oregon's governor",
            "commuting the death sentences",
        ),
        # A preference, and when a state of mind began.
        ("Would the Yankees' rookie rather win the MVP?", "the Yankees' rookie", "win the MVP"),
        (
            "When did Moates start getting worried about the lab?",
            "Moates",
            "the lab",
        ),
        (
            "Will SWIFT decide whether to cut off the banks?",
            "SWIFT",
            "whether to cut off the banks",
        ),
        (
            "How did Brig. Gen. Cruz compare the flooding with Maria?",
            "Brig. Gen. Cruz",
            "the flooding with Maria",
        ),
        (
            "What reason did Ellen Brock give for cutting plastic?",
            "Ellen Brock",
            "cutting plastic",
        ),
        ("Why did Truss support staying in the EU?", "Truss", "staying in the EU"),
        (
            "Why won't the Capitol Police share specifics of the measures?",
            "the Capitol Police",
            "specifics of the measures",
        ),
        (
            "Why won't the police chief say what the new measures are?",
            "the police chief",
            "what the new measures are",
        ),
        # What someone named in capitals did, which they may have explained.
        (
            "Did Hillary Scholten ever reach out to Meijer about his vote?",
            "Hillary Scholten",
            "reach out to Meijer about his vote",
        ),
        (
            "Why couldn't LUMA Energy assess the damage yet?",
            "LUMA Energy",
            "assess the damage yet",
        ),
        ("Why can't the city say when the water is safe?", "the city", "when the water is safe"),
        # A likeness or a rating given in words.
        ("What did Kunze compare e-cigarettes to?", "Kunze", "e-cigarettes to"),
        (
            "How does Capital Economics rate the West's response?",
            "Capital Economics",
            "the West's response",
        ),
        # How someone is after an event, and why they are worried.
        ("Is Gary Barlow ok after the earthquake?", "Gary Barlow", "after the earthquake"),
        (
            "Was the launch director lost for words after liftoff?",
            "the launch director",
            "after liftoff",
        ),
        (
            "Why is the head of the growers' association worried about school funding?",
            "the head of the growers' association",
            "school funding",
        ),
        ("Is Nike still going to launch the shoe?", "Nike", "launch the shoe"),
        # A post names its body whole, however long.
        (
            "Why is the head of the New Mexico Cattle Growers Association worried about schools?",
            "the head of the New Mexico Cattle Growers Association",
            "schools",
        ),
        # Surprise, a pledge, whom they would back, how they are, an example given in words.
        (
            "Was the actor caught off guard by the casting?",
            "the actor",
            "the casting",
        ),
        ("Is the president vowing to finish his term?", "the president", "finish his term"),
        ("Would the senator get behind the nominee?", "the senator", "the nominee"),
        ("How is the striker holding up after the injury?", "the striker", "after the injury"),
        (
            "What example did the professor give of her thrift?",
            "the professor",
            "her thrift",
        ),
        ("Was the captain shaken after the loss?", "the captain", "after the loss"),
        # "Do" as "does" does, a view held going on, sadness and haste.
        (
            "Do Goldman's analysts think Beijing would accept a cheaper yuan?",
            "Goldman's analysts",
            "Beijing would accept a cheaper yuan",
        ),
        ("Is the author expecting any more movies?", "the author", "any more movies"),
        ("Was Niccol sad to leave Chipotle?", "Niccol", "leave Chipotle"),
        (
            "Is the mission manager in a hurry to launch the rocket?",
            "the mission manager",
            "launch the rocket",
        ),
        # Speech going on: a hint or a warning is made in words.
        (
            "Is the senator hinting that the bill could stall?",
            "the senator",
            "that the bill could stall",
        ),
        (
            "Is the head of the relief agency warning that the numbers will keep rising?",
            "the head of the relief agency",
            "that the numbers will keep rising",
        ),
        (
            "Who does Okafor credit with saving the club?",
            "Okafor",
            "Who does credit with saving the club",
        ),
        # What someone values is theirs to say.
        (
            "What does the Panthers' new owner care about most?",
            "the Panthers' new owner",
            "What does care about most",
        ),
    ],
)
def test_a_state_of_mind_or_a_decision_asks_for_statements_only_where_there_are_some(
    question: str, speaker: str, topic: str
) -> None:
    asked = speaker_question(question)
    assert asked is not None and asked.tentative and not asked.factoid
    assert (asked.speaker, asked.topic) == (speaker, topic)
    assert not any(a and a.tentative for a in map(speaker_question, _PLAIN_FORMS))


_PLAIN_FORMS = ("What did Hamas say about a ceasefire?", "According to Zelensky, how many died?")


@pytest.mark.parametrize(
    "question",
    [
        "When did Blinken take off for Israel?",
        "Which fast food chain has the slowest drive-thru?",
        "What did you say?",
        "How much did the bridge cost?",
        "Will the bridge open in May?",
        "Is the bridge being rebuilt?",
        # The speech verb is not the subject's: passives, infinitives, another's clause.
        "Which singer has been announced as the headliner?",
        "Which company is the latest giant to announce layoffs?",
        "Which team did the pitcher get called up to play for?",
        "How much credit did the chief give the person who called 911?",
        # A verb no name ends in: the noun after it ("credit") is no verb of speech.
        "Who did Mitch Landrieu give credit to for the rural internet funding?",
        # A preposition before another question word asks as any question does.
        "In which city did Vladimir Putin confirm that he will run again?",
        # A speech word that is a noun after a determiner: no one is asked about.
        "Did the star end up owning the harm his tweet caused?",
        # What someone named will do is a fact whoever said it: the company's owner may have.
        "Will Instagram appeal?",
        # Why someone did something, not why they decided it.
        "Why did some cities across the West cancel their fireworks?",
        # How a thing is doing is no one's to say.
        "How is the economy doing after the rate rise?",
        # A pronoun alone names no one: every "he said" in the library would match it.
        "What did he say about the vaccine?",
        "Did they comment on the strike?",
        # An act, not a statement.
        "Did the senator vote for the bill?",
        "Was the bridge asked to close?",
        # Findings are no one's statement.
        "What did the report find?",
    ],
)
def test_other_questions_are_not_about_a_speaker(question: str) -> None:
    assert speaker_question(question) is None


EMBASSY = Speaker("The US Embassy in Israel", "US Embassy in Israel")
BLINKEN_BY_TITLE = Speaker("The Secretary of State", "Antony Blinken")


@pytest.mark.parametrize(
    ("asked", "speaker"),
    [
        ("the embassy", EMBASSY),
        ("US Embassy", EMBASSY),
        ("the U.S. Embassy", EMBASSY),
        ("Blinken", BLINKEN_BY_TITLE),
        ("Secretary of State Antony Blinken", BLINKEN_BY_TITLE),
        ("the Secretary of State", BLINKEN_BY_TITLE),
        ("Hamas", Speaker("the group", "Hamas")),
        ("the White House", Speaker("White House", "White House")),
        # What the article calls the person where it introduces them.
        ("the Smartflower CEO", Speaker("he", "Jim Gordon", "CEO of Smartflower")),
        ("the Kremlin", Speaker("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov")),
        ("Pakistan's prime minister", Speaker("he", "Shehbaz Sharif", "Pakistan’s Prime Minister")),
        ("Hungary", Speaker("Hungary's finance minister", "Hungary's finance minister")),
        # A hyphenated role holds its parts; an owner is named by surname once introduced.
        (
            "the Riverside Hospital pathologist",
            Speaker(
                "Okafor", "James Okafor", "co-chair of the Riverside Hospital pathologist-in-chief"
            ),
        ),
        ("Maya Stone's lawyer", Speaker("he", "Tom Reyes", "Stone's lawyer")),
        # The article's shorter name for the one asked about, where no fuller one was found.
        ("Dan Kerr", Speaker("Kerr", "Kerr")),
        ("Ruth Hale", Speaker("Hale from Leeds University", "Hale from Leeds University")),
        # "US" left out by the article; a spokesperson speaking for the body asked about.
        ("the US Trade Department", Speaker("The spokesperson", "Trade Department spokesperson")),
        # A title the recogniser kept in the name.
        ("the mayor", Speaker("Mayor Ana Ruiz", "Mayor Ana Ruiz")),
        # A title's abbreviation is the title.
        ("Georgia's governor", Speaker("Deal", "Nathan Deal", "Georgia Gov.")),
        # Initials of a name the article spells out.
        (
            "the NIU law professor",
            Speaker("Fox", "Sarah Fox", "law professor at Northern Illinois University"),
        ),
        ("the SPLC", Speaker("the center", "Southern Poverty Law Center")),
        ("the ADL", Speaker("it", "Anti-Defamation League")),
        # A short word in capitals counts whole among the initials, either way round.
        ("the USGS", Speaker("the agency", "US Geological Survey")),
        ("the US Geological Survey", Speaker("USGS", "USGS")),
        ("the UNSC", Speaker("it", "UN Security Council")),
        # A department named by its field first has the initials of "Department of…".
        ("the DOJ", Speaker("the filing", "Justice Department")),
        ("the DOJ", Speaker("prosecutors", "Department of Justice")),
        ("the DHS", Speaker("it", "Homeland Security Department")),
        # Two capitals asked alone, of a two-word name; the Fed as reports write it.
        ("the UN", Speaker("the United Nations", "United Nations")),
        ("the EU", Speaker("it", "European Union")),
        ("the Fed", Speaker("the Federal Reserve", "Federal Reserve")),
        ("the Fed", Speaker("Powell", "Jerome Powell", "Federal Reserve Chair")),
        # A plural possessive; a new title; an expert holds some post there.
        (
            "Beyond Plastics' president",
            Speaker("Enck", "Judith Enck", "president of Beyond Plastics"),
        ),
        ("Assemblyman Patterson", Speaker("Patterson", "Jim Patterson", "R-Fresno")),
        # Military ranks are titles, and the asked name's initials are no words of it.
        ("Brig. Gen. Cruz", Speaker("Cruz", "Narciso Cruz", "National Guard Brig. Gen.")),
        (
            "the Johns Hopkins hearing expert",
            Speaker("Lin", "Frank Lin", "director of the hearing center at Johns Hopkins"),
        ),
        # A name the article writes as initials; words for the time a post is held.
        ("Major League Pickleball's founder", Speaker("Kuhn", "Steve Kuhn", "MLP founder")),
        # ...its small words within: the Alliance for Food and Farming is the AFF.
        (
            "the head of the Alliance for Food and Farming",
            Speaker("Thorne", "Teresa Thorne", "Executive Director of the AFF"),
        ),
        ("Oregon's outgoing governor", Speaker("she", "Kate Brown", "Oregon Gov.")),
        # Two words for one post.
        (
            "the lawyer for Aziz and Islam",
            Speaker("he", "David Shanies", "attorney representing both Aziz and Islam"),
        ),
        # A word of the asked name written with a longer ending in the body's own name.
        (
            "Harbour's banking regulator",
            Speaker("it", "Harbour Banking and Insurance Regulatory Commission"),
        ),
        # An official of a body is whoever holds a post there.
        (
            "the Ohio health official",
            Speaker(
                "he", "Jo Park", "director of health protection at the Ohio Department of Health"
            ),
        ),
        # ...and a researcher there, where a name says where.
        (
            "the SPLC researcher",
            Speaker(
                "Squire", "Megan Squire", "research fellow with the Southern Poverty Law Center"
            ),
        ),
        (
            "GasBuddy's analyst",
            Speaker("De Haan", "Patrick De Haan", "head of petroleum analysis at GasBuddy"),
        ),
        # A person's descriptions together describe them.
        (
            "the teen center director",
            Speaker("she", "Mary Podgurski", "director;counselor who oversees the Teen Center"),
        ),
        # A country named by its people's word.
        ("the American embassy", EMBASSY),
        (
            "the Pakistani prime minister",
            Speaker("he", "Shehbaz Sharif", "Pakistan's prime minister"),
        ),
        (
            "the British foreign secretary",
            Speaker("Cleverly", "James Cleverly", "UK Foreign Secretary"),
        ),
        # Those who speak for a body named in capitals: its own statements answer for them.
        ("Hamas officials", Speaker("Hamas", "Hamas")),
        ("a Hamas spokesman", Speaker("Hamas", "Hamas")),
        ("US embassy officials", EMBASSY),
        # A part of a body speaks for it.
        ("the FBI", Speaker("The Baltimore office of the FBI", "Baltimore office of the FBI")),
        ("the NAACP", Speaker("the chapter", "Tulsa chapter of the NAACP")),
        # What a body put out speaks for it: its page, its report, its figures.
        ("Twitter", Speaker("Twitter's status page", "Twitter's status page")),
        ("UNHCR", Speaker("the report", "UNHCR’s Global Trends Report")),
        ("the USGS", Speaker("USGS data", "USGS data")),
        # "state" after a state's name is how the asker puts it, not the article.
        (
            "the Alabama state trooper",
            Speaker("Alabama Trooper Chuck Daniel", "Alabama Trooper Chuck Daniel"),
        ),
        # A body asked by initials is the one whose post the person holds.
        (
            "WWF Australia",
            Speaker(
                "Lowry",
                "Rachel Lowry",
                "World Wildlife Fund Australia’s Chief Conservation Officer",
            ),
        ),
        # A word for how long ago the post was held is no part of it.
        (
            "Bryan Cook's old high school coach",
            Speaker("Crouch", "Arvie Crouch", "Bryan Cook's high school coach"),
        ),
        # What the person did, asked beside their description, is the story's to tell.
        (
            "the Capitol Police officer who testified",
            Speaker("Edwards", "Caroline Edwards", "US Capitol Police officer"),
        ),
        # A member types the apostrophe straight that the article curls, and the other way.
        ("Erin O'Connor", Speaker("Erin O’Connor", "Erin O’Connor")),
        ("O’Brien", Speaker("Sean O'Brien", "Sean O'Brien")),
        # And leaves out the accents the article writes.
        ("Pele", Speaker("Pelé", "Pelé")),
        ("Tomas Rivera", Speaker("Tomás Rivera", "Tomás Rivera")),
    ],
)
def test_a_speaker_matches_loosely(asked: str, speaker: Speaker) -> None:
    assert speaks_as(asked, speaker)


@pytest.mark.parametrize(
    ("asked", "speaker"),
    [
        ("Israel", EMBASSY),  # a place in the name is not the speaker
        ("Biden", BLINKEN_BY_TITLE),
        ("the embassy", Speaker("he", None)),  # unresolved: matches no one
        ("Hamas", None),
        ("the State Department", Speaker("Hamas", "Hamas")),
        ("the USGS", Speaker("the agency", "US Forest Service")),
        ("the hospital surgeon", Speaker("Okafor", "James Okafor", "the hospital's pathologist")),
        ("Maya Stone's doctor", Speaker("he", "Tom Reyes", "Stone's lawyer")),
        ("Georgia's senator", Speaker("Deal", "Nathan Deal", "Georgia Gov.")),
        # A holder with one common word besides is anyone's post: not this director's.
        (
            "the health official",
            Speaker("he", "Jo Park", "director of health protection at the Department of Health"),
        ),
        ("the teen center director", Speaker("she", "Mary Podgurski", "counselor;Teen Center")),
        ("the governor", Speaker("Mayor Ana Ruiz", "Mayor Ana Ruiz")),
        # Someone else's lawyer: a common noun shortens no one's name.
        ("Abby Stone's lawyer", Speaker("A lawyer for the airline", "lawyer for the airline")),
        # Initials of another name; two letters are no initials ("us").
        ("the FDA", Speaker("the agency", "Environmental Protection Agency")),
        ("the NIU professor", Speaker("Fox", "Sarah Fox", "professor at Iowa State University")),
        ("the US embassy", Speaker("Ann Lee", "Ann Lee", "University School embassy")),
        ("the EU", Speaker("the European Commission", "European Commission")),
        ("the DOJ", Speaker("the Energy Department", "Energy Department")),
        ("the UN", Speaker("UN Women", "UN Women")),  # initials are no two-word name
        ("Dan Kerr", Speaker("Kerr", "Ben Kerr")),  # another Kerr, named in full
        ("Dan Kerr", Speaker("Dan", "Dan")),  # a first name is not the surname asked about
        # Only an ending of a letter or two: "presidential" is not "president".
        ("the Ukrainian presidency", Speaker("he", "Ukrainian presidential adviser Ivan Petrov")),
        ("the Harbour mayor's office", Speaker("he", "Harbour mayor's officer Ann Lee")),
        # Another body's office: a common noun alone names no one.
        (
            "the UN human rights office",
            Speaker("the office of Peru's Attorney General", "office of Peru's Attorney General"),
        ),
        # What another body put out, or something a name only qualifies.
        ("Twitter", Speaker("Meta's status page", "Meta's status page")),
        ("Trump", Speaker("the report", "Trump administration report")),
        # A body's part is not another body's.
        ("the CIA", Speaker("The Baltimore office of the FBI", "Baltimore office of the FBI")),
        # Officials of no body named are no body's.
        ("city officials", Speaker("the city", "City of Harbour")),
        # A people's word is its country's only.
        ("the French ambassador", Speaker("he", "Ivan Petrov", "Russian ambassador")),
        ("the Alabama state trooper", Speaker("Ohio Trooper Ann Lee", "Ohio Trooper Ann Lee")),
        # A body's lawyer does not speak for it, however the body is asked for.
        (
            "WWF Australia",
            Speaker("Lowry", "Rachel Lowry", "World Wildlife Fund Australia’s lawyer"),
        ),
        # What someone did makes no one else the post asked for.
        ("the justice who wrote the draft", Speaker("he", "Tom Reyes", "senator")),
        (
            "the Iowa health official",
            Speaker(
                "he", "Jo Park", "director of health protection at the Ohio Department of Health"
            ),
        ),
    ],
)
def test_other_speakers_do_not_match(asked: str, speaker: Speaker | None) -> None:
    assert not speaks_as(asked, speaker)


MAYOR = Speaker("he", "Ana Ruiz", "Mayor")


@pytest.mark.parametrize("asked", ["Riverton's mayor", "the mayor of Riverton"])
def test_a_titles_place_may_come_from_the_passage_around(asked: str) -> None:
    around = "Floodwater filled the streets of Riverton on Sunday."
    assert speaks_as_in(asked, MAYOR, around)
    assert not speaks_as_in(asked, MAYOR, "Floodwater filled the streets on Sunday.")
    assert not speaks_as_in(asked, Speaker("he", "Jo Park", "Treasurer"), around)


def test_a_ministers_country_may_come_from_the_passage_around() -> None:
    minister = Speaker("Verrall", "Ayesha Verrall", "Associate Health Minister")
    asked = "New Zealand's associate health minister"
    assert speaks_as_in(asked, minister, "New Zealand passed the smoking law on Tuesday.")
    assert not speaks_as_in(asked, minister, "Australia passed the smoking law on Tuesday.")


@pytest.mark.parametrize(
    ("asked", "around"),
    [
        # The place ends where the body's own name begins.
        ("the Ohio Assembly speaker", "Lawmakers in Ohio met on Tuesday."),
        ("Ohio's Assembly speaker", "Lawmakers in Ohio met on Tuesday."),
        # A place of several words may be written by its initials.
        ("the New Mexico Assembly speaker", "NM's governor resigned on Tuesday."),
    ],
)
def test_a_posts_place_may_come_before_its_bodys_name(asked: str, around: str) -> None:
    speaker = Speaker("he", "Carl Ortiz", "Assembly Speaker")
    assert speaks_as_in(asked, speaker, around)
    assert not speaks_as_in(asked, speaker, "Lawmakers in Utah met on Tuesday.")
    assert not speaks_as_in(asked, Speaker("he", "Jo Park", "Senate President"), around)


def test_a_places_initials_are_matched_in_capitals_only() -> None:
    envoy = Speaker("he", "Jo Park", "Ambassador")
    assert speaks_as_in("the United States ambassador", envoy, "The U.S. said so on Monday.")
    assert not speaks_as_in("the United States ambassador", envoy, "He told us on Monday.")


def test_only_local_titles_take_their_place_from_the_passage() -> None:
    yellen = Speaker("Yellen", "Janet Yellen", "Treasury Secretary")
    assert not speaks_as_in("the Secretary of State", yellen, "The State Department said so.")


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("Did Biden ever say he would run?", "Biden"),
        ("Has Meta publicly commented on the fine?", "Meta"),
        ("Has the mayor already said when the bridge reopens?", "the mayor"),
        ("Is McConnell personally happy about the ruling?", "McConnell"),
        ("Did the governor first say the water was safe?", "the governor"),
    ],
)
def test_an_adverb_before_the_verb_is_no_part_of_the_speakers_name(
    question: str, speaker: str
) -> None:
    asked = speaker_question(question)
    assert asked is not None and asked.speaker == speaker


@pytest.mark.parametrize(
    ("context", "matches"),
    [
        ("Police in Coeur d’Alene made 31 arrests.", True),  # the article's own apostrophe
        ("Police in COEUR D'ALENE made 31 arrests.", True),
        ("Police in Boise made 31 arrests.", False),
    ],
)
def test_a_place_with_a_particle_places_a_title(context: str, matches: bool) -> None:
    mayor = Speaker("Mayor Jim Hammond", "Jim Hammond", "Mayor")
    assert speaks_as_in("the mayor of Coeur d'Alene", mayor, context) is matches


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("What did police say about the Uvalde shooting?", ["Uvalde"]),
        ("What did Zelensky say about Bakhmut and Russia?", ["Bakhmut", "Russia"]),
        ("What did Biden say about the 2018 World Cup final?", ["World Cup"]),
        # The question's own words, the speaker's and initials (often written out) are none.
        ("Why does the Selective Service insist on penalties?", []),
        ("Did Inhofe say the state GOP's attempt played a part?", []),
        ("What did the Harbour Council say about Harbour Road?", ["Road"]),
        # A name opening in lower case is read from its start, not from its first capital.
        ("Did DeGeneres say whether she'll miss tWitch?", ["tWitch"]),
        ("What did Apple say about the iPhone battery and eBay?", ["iPhone", "eBay"]),
        ("What did Biden say about the pro-Trump rally?", ["Trump"]),
    ],
)
def test_the_names_a_topic_is_about(question: str, names: list[str]) -> None:
    asked = speaker_question(question)
    assert asked is not None and topic_names(asked) == names


@pytest.mark.parametrize(
    ("speaker", "matches"),
    [
        # Their own words hold the post elsewhere, though the passage names Tulsa Pride.
        (Speaker("organizers in New York City", "organizers in New York City"), False),
        (Speaker("organizers from Denver PrideFest", "organizers from Denver PrideFest"), False),
        (Speaker("organizers in Tulsa", "organizers in Tulsa"), True),
        (Speaker("organizers", "organizers"), True),
    ],
)
def test_a_post_the_speaker_holds_elsewhere_is_not_the_one_asked(
    speaker: Speaker, matches: bool
) -> None:
    around = "Tulsa Pride drew thousands on Saturday, as did parades in other cities."
    assert speaks_as_in("the Tulsa Pride organizers", speaker, around) is matches


def test_a_body_asked_by_its_initials_is_no_other_place() -> None:
    forecaster = Speaker(
        "meteorologist from the National Weather Service",
        "meteorologist from the National Weather Service",
    )
    assert speaks_as_in("the NWS meteorologist in Portland", forecaster, "Rain hit Portland.")


def test_any_post_may_take_its_body_or_place_from_the_passage() -> None:
    safety = Speaker("Simmons", "Justin Simmons", "star safety")
    around = "The Broncos' new owners met the players before practice."
    assert speaks_as_in("the Broncos' star safety", safety, around)
    assert not speaks_as_in("the Broncos' star safety", safety, "The Jets met the players.")
    owner = Speaker("he", "Tomás Rivera", "hotel co-owner")
    town = "In the town of El Combate, guests filled the hotel."
    assert speaks_as_in("the El Combate hotel owner", owner, town)
    # A name opening in lower case owns the post as any other does.
    wife = Speaker("She", "Allison Holker", "wife")
    assert speaks_as_in("tWitch's wife", wife, "Stephen ‘tWitch’ Boss died on Tuesday.")
    assert not speaks_as_in("tWitch's wife", wife, "The dancer died on Tuesday.")
    assert not speaks_as_in("the El Combate hotel owner", owner, "Guests filled the hotel.")
    assert not speaks_as_in("the El Combate hotel manager", owner, town)


def test_initials_joined_by_an_ampersand_are_one_name() -> None:
    ceo = Speaker(
        "she", "Heidi Brock", "President and CEO of the American Forest & Paper Association"
    )
    assert speaks_as("the AF&PA's CEO", ceo)
    assert not speaks_as(
        "the AF&PA's CEO", replace(ceo, role="CEO of the American Paper Association")
    )


def test_a_question_asking_how_much_someone_said_wants_an_amount() -> None:
    asked = speaker_question("How much did the mayor say the repairs could cost?")
    assert asked is not None and asked.speaker == "the mayor" and "MONEY" in asked.wants
    plain = speaker_question("What did the mayor say about the repairs?")
    assert plain is not None and not plain.wants


def test_a_double_barrelled_name_is_its_two_names_however_joined() -> None:
    assert speaks_as("Blackwell-Thompson", Speaker("she", "Charlie-Blackwell Thompson"))
    assert speaks_as("Blackwell-Thompson", Speaker("she", "Charlie Blackwell-Thompson"))
    assert not speaks_as("Blackwell-Thompson", Speaker("she", "Charlie Thompson"))


def test_words_of_a_posts_kind_may_come_from_the_passage_around() -> None:
    # "the federal judge" is "Judge Amit Mehta" where the article writes "a federal judge".
    judge = Speaker("Mehta", "Amit Mehta", "Judge")
    opening = "A federal judge in Washington questioned the former president's actions."
    assert speaks_as_in("the federal judge", judge, opening)
    assert not speaks_as_in("the federal judge", judge, "A state judge questioned his actions.")
    assert not speaks_as_in("the federal judge", Speaker("Lee", "Ann Lee", "lawyer"), opening)


def test_gop_is_the_republican_party() -> None:
    lake = Speaker("Lake", "Chip Lake", "longtime Georgia Republican strategist")
    assert speaks_as("the longtime Georgia GOP strategist", lake)
    assert not speaks_as("the Georgia Democratic strategist", lake)


def test_who_holds_the_asked_post_is_told_from_the_body_itself() -> None:
    spokesperson = Speaker("Campbell", "Kayleigh Campbell", "company spokesperson")
    company = Speaker("The company", "Family Dollar")
    ceo = Speaker("Toi Hutchinson", "Toi Hutchinson", "president and chief executive of MPP")
    assert holds_asked_post("Family Dollar's spokesperson", spokesperson)
    assert not holds_asked_post("Family Dollar's spokesperson", company)
    assert holds_asked_post("the Marijuana Policy Project's CEO", ceo)
    # "an analyst" is whoever holds a post there; a name is no post.
    analyst = Speaker("De Haan", "Patrick De Haan", "head of petroleum analysis at GasBuddy")
    assert not holds_asked_post("GasBuddy's analyst", analyst)
    assert not holds_asked_post("Kayleigh Campbell", spokesperson)


def test_a_word_for_the_head_of_a_body_is_any_top_post_there() -> None:
    administrator = Speaker(
        "she", "Deanne Criswell", "Federal Emergency Management Agency Administrator"
    )
    spokesperson = Speaker("Lee", "Ann Lee", "Federal Emergency Management Agency spokesperson")
    assert speaks_as("the FEMA chief", administrator)
    assert holds_asked_post("the FEMA chief", administrator)
    assert not holds_asked_post("the FEMA chief", spokesperson)
    # The body must still be theirs.
    assert not speaks_as("the NASA chief", administrator)
    # A hyphenated top post is one too.
    tedros = Speaker(
        "Tedros Adhanom Ghebreyesus",
        "Tedros Adhanom Ghebreyesus",
        "director-general of the World Health Organization",
    )
    assert speaks_as("the head of the WHO", tedros)
    assert holds_asked_post("the WHO chief", tedros)
    # Asked in lower case, the post is the one the article writes with capitals.
    guterres = Speaker("UN Secretary-General Antonio Guterres", "Antonio Guterres")
    assert speaks_as("the UN secretary-general", guterres)
    assert speaks_as("the UN secretary general", guterres)


def test_a_post_shortened_as_askers_write_it_is_that_post() -> None:
    schmidt = Speaker(
        "Douglas Schmidt",
        "Douglas Schmidt",
        "professor of computer science at Vanderbilt University",
    )
    assert speaks_as("the Vanderbilt computer science prof", schmidt)
    assert speaks_as("the Vanderbilt prof", schmidt)
    assert not speaks_as("the Vanderbilt exec", schmidt)


def test_posts_written_several_ways_and_a_body_named_by_its_kind() -> None:
    cook = Speaker("Tim Cook", "Tim Cook", "chief executive officer of Apple")
    assert speaks_as("the Apple CEO", cook)
    assert speaks_as("Apple's chief executive", replace(cook, role="Apple CEO"))
    payton = Speaker("Payton", "Sean Payton", "Denver Broncos coach")
    assert speaks_as("the Broncos head coach", payton)
    assert not speaks_as("the Broncos assistant coach", payton)
    wilson = Speaker("Wilson", "Russell Wilson", "Broncos quarterback")
    assert speaks_as("the Broncos QB", wilson)
    # "the company's CEO": whichever company the story is about, its CEO; not its spokesperson.
    assert speaks_as("the company's CEO", replace(cook, role="Apple CEO"))
    assert not speaks_as("the company's CEO", Speaker("Doe", "Jane Doe", "Apple spokesperson"))


def test_initials_of_a_post_or_a_body_named_field_last_are_that_post_or_body() -> None:
    jenkins = Speaker("San Francisco District Attorney Brooke Jenkins", "Brooke Jenkins")
    assert speaks_as("the DA", jenkins)
    assert speaks_as("the San Francisco DA", jenkins)
    assert not speaks_as("the AG", jenkins)
    assert speaks_as("the VP", Speaker("Vice President Kamala Harris", "Kamala Harris"))
    # "New York Police Department" is the NYPD as well as a "Department of …".
    nypd = Speaker("the New York Police Department", "New York Police Department")
    assert speaks_as("the NYPD", nypd)
    assert speaks_as("the DOJ", Speaker("the Justice Department", "Justice Department"))
    assert not speaks_as("the LAPD", nypd)


def test_initials_asked_are_matched_only_where_written_as_a_name() -> None:
    # "who now heads" is no WHO: initials asked must be written capitalised, or be the
    # initials of a name the description writes.
    hospital_head = Speaker(
        "Dr. Don Williamson",
        "Don Williamson",
        "former state health officer who now heads the Alabama Hospital Association",
    )
    assert not speaks_as("the head of the WHO", hospital_head)
    assert speaks_as("the head of the AHA", hospital_head)
    envoy = Speaker("Smith", "John Smith", "United States ambassador to Japan")
    assert speaks_as("the U.S. ambassador", envoy)
    assert speaks_as("the US ambassador", replace(envoy, role="U.S. ambassador to Japan"))


def test_a_post_written_as_what_its_holder_does_is_that_post() -> None:
    # "who heads the Judiciary Committee" is its head, and a committee's chair is its head.
    lavine = Speaker(
        "Lavine", "Charles Lavine", "Long Island Democrat who heads the Judiciary Committee"
    )
    member = Speaker("Ruiz", "Ana Ruiz", "member of the Judiciary Committee")
    assert speaks_as("the Judiciary Committee head", lavine)
    assert speaks_as("the Judiciary Committee chair", lavine)
    assert not speaks_as("the Judiciary Committee chair", member)


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        # A long question phrase before its source, and a rating given.
        (
            "What lesson from the Sino-Soviet days does Brian Hart think China took to heart?",
            "Brian Hart",
        ),
        ("Where does NASA's administrator rank safety after the scrubs?", "NASA's administrator"),
    ],
)
def test_a_view_its_source_gives_after_a_long_question_phrase(question: str, speaker: str) -> None:
    asked = speaker_question(question)
    assert asked is not None and asked.tentative and asked.speaker == speaker


def test_a_local_post_is_the_one_the_article_names() -> None:
    director = Speaker(
        "Clifford",
        "Tomi Jean Clifford",
        "executive director of the Cynthiana-Harrison County Chamber of Commerce",
    )
    assert speaks_as("the local chamber of commerce director", director)
    assert not speaks_as("the local school director", director)


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Why does the mayor think the bridge failed?", True),
        ("What reason did the coach give for benching him?", True),
        ("What did the mayor say about the bridge?", False),
        ("How much did the mayor say the bridge would cost?", False),
    ],
)
def test_a_question_asking_why_wants_a_reason_given(question: str, reason: bool) -> None:
    asked = speaker_question(question)
    assert asked is not None and asked.wants_reason is reason


@pytest.mark.parametrize(
    ("question", "speaker", "topic"),
    [
        # What someone does to others or about something, theirs to tell.
        (
            "Who is Senator Ruiz pressing to change the ethics rules?",
            "Senator Ruiz",
            "change the ethics rules",
        ),
        ("What was Okafor doing when the news broke?", "Okafor", "when the news broke"),
        (
            "Is the union boss inviting other workers to join the strike?",
            "the union boss",
            "other workers to join the strike",
        ),
        # A state of mind by degree, or a stance for or against.
        (
            "How worried is the county health officer about the outbreak?",
            "the county health officer",
            "the outbreak",
        ),
        ("Is the mayor in favour of the new parking fees?", "the mayor", "the new parking fees"),
        # What one would disclose or vouch for.
        (
            "Did the fire chief name the crew who went in first?",
            "the fire chief",
            "the crew who went in first",
        ),
        ("Can the tour operator guarantee clear skies?", "the tour operator", "clear skies"),
        (
            "Can the company say when service will resume?",
            "the company",
            "when service will resume",
        ),
        ("Is the company denying the allegations?", "the company", "the allegations"),
        ("How does the mayor plan to pay for the stadium?", "the mayor", "pay for the stadium"),
        ("Has the senator changed his mind on the bill?", "the senator", "the bill"),
        ("What is Netanyahu's plan for Gaza?", "Netanyahu", "Gaza"),
        # What someone tries for, after a longer question phrase.
        (
            "What does the Yale professor try to teach her students?",
            "the Yale professor",
            "What does try to teach her students",
        ),
        # Moved by something: "which of…" too.
        ("Which of the rookie's skills impress the coach?", "the coach", ""),
        # What or whom someone would back.
        (
            "Would the Ohio state senator be on board with the vape tax?",
            "the Ohio state senator",
            "the vape tax",
        ),
        # What one named in capitals is doing.
        ("Is Netflix raising its prices again?", "Netflix", "raising its prices again"),
        # What someone would do or be.
        (
            "Would the White House spokesman be open to changing the policy?",
            "the White House spokesman",
            "changing the policy",
        ),
        (
            "Would the retired branch chief personally act any differently for a bigger storm?",
            "the retired branch chief",
            "any differently for a bigger storm",
        ),
    ],
)
def test_more_forms_ask_for_statements_only_where_there_are_some(
    question: str, speaker: str, topic: str
) -> None:
    asked = speaker_question(question)
    assert asked is not None and asked.tentative and not asked.factoid
    assert (asked.speaker, asked.topic) == (speaker, topic)


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        # A post held in, at or on something names it whole.
        (
            "What did the suspect in last week's downtown light rail attack tell police?",
            "the suspect in last week's downtown light rail attack",
        ),
        (
            "Does the physician assistant on the first all-civilian space crew think things "
            "will get better?",
            "the physician assistant on the first all-civilian space crew",
        ),
        # "According to X," ends its source at the comma, however long.
        (
            "According to the former top antitrust official at the Justice Department and the "
            "FTC, what could the agency argue?",
            "the former top antitrust official at the Justice Department and the FTC",
        ),
        # "state" naming a post is no verb.
        (
            "What does the former Michigan state senator want poll watchers to do?",
            "the former Michigan state senator",
        ),
        # A determiner before the verb: the verb read was a noun ("any credit").
        ("Does Senator Ruiz give the agency any credit for the rescue?", "Senator Ruiz"),
        # A guess is its source's.
        ("How many people does the astronomer reckon have seen an eclipse?", "the astronomer"),
    ],
)
def test_long_posts_and_sources_name_the_speaker_whole(question: str, speaker: str) -> None:
    asked = speaker_question(question)
    assert asked is not None and asked.speaker == speaker


@pytest.mark.parametrize(
    "question",
    [
        # The one a question describes is its answer, not a speaker.
        "Who is the Republican candidate seeking the nomination for the House seat?",
        "Which former footballer has inspired a new play?",
        "Which troubled test flight left two astronauts in space?",
        # A state, not something done: a fact whoever said it.
        "Is Saquon Barkley on pace to break the rushing record?",
    ],
)
def test_a_described_answer_is_no_speaker(question: str) -> None:
    assert speaker_question(question) is None


def test_a_name_asked_alone_is_described_only_by_a_post_held_at_it() -> None:
    lawyer = Speaker("Tacopina", "Joe Tacopina", "Trump's lawyer")
    supporter = Speaker("Dr. Gina Louden", "Gina Louden", "co-chair of Women for Trump")
    scholar = Speaker("Eisen", "Norman Eisen", "scholar investigating Trump's first impeachment")
    # Those whose description names Trump are not Trump.
    assert not any(speaks_as("Trump", s) for s in (lawyer, supporter, scholar))
    assert speaks_as("Trump", Speaker("Trump", "Donald Trump", "Former President"))
    # A post held at a body or a country speaks for it.
    assert speaks_as("Hungary", Speaker("Hungary's finance minister", "Hungary's finance minister"))
    assert speaks_as("the Kremlin", Speaker("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov"))
    assert speaks_as("Boeing", Speaker("Calhoun", "Dave Calhoun", "Boeing CEO"))
    tedros = Speaker("Tedros", "Tedros", "director-general of the World Health Organization")
    assert speaks_as("the WHO", tedros)
    # A description asked for still finds whom it describes.
    assert speaks_as("Trump's lawyer", lawyer)


def test_one_who_held_the_post_or_body_once_is_not_asked_for_by_it() -> None:
    major = Speaker(
        "Former British Prime Minister John Major", "John Major", "Former British Prime Minister"
    )
    frieden = Speaker("former CDC director Tom Frieden", "Tom Frieden")
    assert not speaks_as("the British prime minister", major)
    assert not speaks_as("the outgoing British prime minister", major)
    assert not speaks_as("the CDC", frieden)
    # By their own name, or asked as who held it once, they are.
    assert speaks_as("John Major", major) and speaks_as("Major", major)
    assert speaks_as("the former British prime minister", major)
    assert speaks_as("Frieden", frieden) and speaks_as("the former CDC director", frieden)
    # A post held now is theirs, whatever they held before.
    enck = Speaker(
        "Enck",
        "Judith Enck",
        "former Environmental Protection Agency regional administrator and now president of "
        "Beyond Plastics",
    )
    assert speaks_as("Beyond Plastics' president", enck)
