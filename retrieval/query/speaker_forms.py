"""The wordings of a question about what someone said or would say: each form a pattern with
the speaker's place (`x`), its auxiliary (`aux`, whose tense tells whether the question is about
now) and the rest of the question (`rest`), read by `speakers.py`."""

from __future__ import annotations

import re

_SPEECH = (
    r"say|said|saying|post|posted|posting|tweet|tweeted|write|wrote|written|announce|announced|"
    r"state|stated|tell|told|claim|claimed|warn|warned|argue|argued|comment|commented|"
    r"declare|declared|reveal|revealed|think|thinks|thought|promise|promised|"
    # "What did Hamas demand?", "What did the embassy accuse Hezbollah of?"
    r"vow|vowed|pledge|pledged|demand|demanded|accuse|accused|reiterate|reiterated|"
    # "Has the embassy weighed in on Hezbollah?", "Did the mayor speak out about…"
    r"weigh in|weighs in|weighed in|speak out|speaks out|spoke out|spoken out"
)
_STANCE = (
    r"position|stance|view|views|response|reaction|statement|statements|comment|comments|"
    r"message|take|opinion|answer|reply|line|message|assessment|verdict|thoughts|"
    # "What were the governor's remarks about…", "What was the embassy's warning?"
    r"remarks|words|warning|warnings|testimony|argument|explanation|criticism|concerns|"
    r"advice|plea|appeal|apology|defense|defence|reasoning|justification|request|"
    # "What's Rob Walton's top priority…": what someone holds to, in their words.
    r"priority|priorities|goal|goals|hope|hopes|fear|fears|worry|worries|wish|vision|"
    # "What was the driver's account of the crash?": what happened, as they told it.
    r"account|"
    # "What are Zelensky's demands?", "What was the mayor's promise?": put in words.
    r"demands|promise|promises|pledge|pledges"
)
_RESPOND = (
    r"respond|responded|responding|react|reacted|reacting|reply|replied|replying|answer|"
    r"answered|answering"
)
# Verbs of a view or a statement beyond speech ("what did X hope", "does X think").
_VIEW = (
    r"think|believe|feel|felt|hope|hoped|fear|feared|expect|want|recall|recalled|describe|described|"
    r"recommend|recommended|ask|asked|raise|raised|confirm|confirmed|deny|denied|predict|"
    r"suggest|suggested|call|called|blame|blamed|urge|urged|admit|admitted|explain|explained|"
    r"advise|advised|apologize|apologized|apologise|apologised|praise|praised|criticize|"
    r"criticized|criticise|criticised|condemn|condemned|insist|insisted|acknowledge|acknowledged|"
    r"credit|credited|consider|considered|regard|regarded|"
    # "What did Blinken talk about?", "What did Blinken discuss with Netanyahu?"
    r"talk|talked|discuss|discussed|"
    # "What did the FDA point out…", "Who did the mayor thank…", "What did X stress…"
    r"point out|pointed out|point to|pointed to|thank|thanked|stress|stressed|"
    # "What did the agency conclude…", "Did the company rule out…", "What does X make of…"
    r"conclude|concluded|disclose|disclosed|forecast|forecasted|caution|cautioned|"
    r"threaten|threatened|propose|proposed|object|objected|defend|defended|concede|conceded|"
    r"indicate|indicated|hint|hinted|push back|pushed back|rule out|ruled out|make of|made of|"
    r"cite|cited|"
    # "What did the judge rule…", "What did Powell signal about rates?"
    r"rule|ruled|signal|signaled|signalled"
)
# Speech going on: "What is the ADL warning will happen…".
_SPEAKING = (
    r"saying|warning|claiming|arguing|telling|asking|demanding|predicting|promising|urging|"
    r"calling for|proposing|suggesting|recommending|vowing|pledging|threatening|hinting|"
    r"signalling|signaling|insisting|denying|admitting|confirming|disputing"
)
# What someone is doing to others or about something, which their own words tell: "Who is
# Durbin pressing to act?", "Is the chief marketing officer inviting others to join?", "Was
# the prime minister hiding a motive?"
_PRESSING = (
    r"pressing|pressuring|pushing|lobbying|encouraging|inviting|hiding|blaming|"
    r"accusing|targeting|backing|endorsing|supporting|opposing|criticizing|criticising|"
    r"praising|challenging|courting|offering|trying|aiming|weighing|preparing|hoping"
)
# Verbs of a stance, which a person's statements answer ("would X support a swap?").
_STAND = r"support|oppose|favor|favour|accept|reject|endorse|approve"
_AUX = r"did|does|do|has|have|had|is|was|were|are"
FORMS = (
    # what was X's position on Y; what is X's response to Y
    re.compile(
        r"^what\s+(?P<aux>is|was|are|were|has been)\s+(?P<x>.+?)[’']s?\s+"
        rf"(?:(?:top|main|biggest|greatest|first|chief|key|latest|official|exact|own|public|"
        rf"initial|full|final)\s+)?(?:{_STANCE})\b"
        r"(?P<rest>.*)$"
    ),
    # what did X say (about Y); what has X posted on Y; what concern did X raise…
    re.compile(
        rf"^(?:what|how)(?:\s+\w+)?\s+(?P<aux>{_AUX})\s+(?P<x>.+?)\s+(?:{_SPEECH}|{_VIEW})\b"
        r"(?P<rest>.*)$"
    ),
    # what position did X take on Y; what statement did X release about Y
    re.compile(
        rf"^what\s+(?:{_STANCE})\s+(?P<aux>{_AUX})\s+(?P<x>.+?)\s+"
        r"(?:take|took|taken|adopt|adopted|hold|held|make|made|release|released|issue|issued|"
        r"give|gave|given|send|sent|express|expressed|voice|voiced|raise|raised|put out|"
        # "What message did the pope have for Ukraine?"
        r"deliver|delivered|post|posted|have|had)\b(?P<rest>.*)$"
    ),
    # how did X respond (to Y)
    re.compile(rf"^how\s+(?P<aux>{_AUX})\s+(?P<x>.+?)\s+(?:{_RESPOND})\b(?P<rest>.*)$"),
    # what is X saying about Y; what are X warning of
    re.compile(
        rf"^(?:what|how)\s+(?P<aux>is|are|was|were)\s+(?P<x>.+?)\s+(?:{_SPEAKING})\b"
        r"(?P<rest>.*)$"
    ),
    # did X put out a statement on Y; has X issued any comment about Y
    re.compile(
        r"^(?P<aux>did|does|has|have|had)\s+(?P<x>.+?)\s+(?:put out|issue|issued|release|"
        r"released|post|posted|publish|published|send|sent|make|made|give|gave|given)\s+"
        r"(?:a|an|any)\s+(?:(?:public|official|formal|written)\s+)?(?:statement|comment|post|"
        r"tweet|message|response|announcement)s?\b(?P<rest>.*)$"
    ),
    # was X asked about Y: what they said when asked
    re.compile(
        r"^(?P<aux>was|were|has|have)\s+(?P<x>.+?)\s+(?:been\s+)?asked\s+"
        r"(?=about|on|regarding|over)\b(?P<rest>.*)$"
    ),
    # did X comment on Y; has X said anything about Y; would X support Y
    re.compile(
        rf"^(?P<aux>did|does|has|have|had|would|will)\s+(?P<x>.+?)\s+"
        rf"(?:{_SPEECH}|{_RESPOND}|{_VIEW}|{_STAND}|speak|spoke|spoken)\b(?P<rest>.*)$"
    ),
)

# "Where does the USGS geophysicist think…", "Why does Baheer think…", "How many bags does the
# cooperative expect?": a longer question phrase whose answer X is the source of. Only
# "did"/"does", whose subject is the one who did it ("which team has been announced" names no
# speaker). A view or a reason ("why", "where", "what kind") is answered by X's own statement
# on it, where the articles quote X; a quantity or a date asks for the fact, as "according to
# X" does.
_WEIGHS = (
    r"compare|compared|characterize|characterized|characterise|characterised|justify|"
    r"justified|defend|defended|sum up|summed up|explain|explained|rate|rated|rank|ranked|"
    r"assess|assessed|judge|judged|grade|graded|view|viewed"
)
_SEEING = r"see|saw|sees"
# What someone tries for or reckons, which their own words tell: "What does the professor try
# to teach…", "How many people does Espenak reckon have seen…".
_AIMS = (
    r"try|tries|tried|aim|aims|aimed|seek|seeks|sought|reckon|reckons|reckoned|estimate|"
    r"estimates|estimated|guess|guessed|suspect|suspects|suspected|mean|meant|envision|envisage|"
    # What someone values: "What does the Panthers' new owner care about above everything else?"
    r"care|cares|cared|value|values|valued"
)
# What a source counts or reports: "How many cases does the CDC report?"
_REPORTS = r"report|reports|reported|count|counts|counted|tally|tallied|record|recorded"
# A question may open with a preposition before "whose" or "whom": "On whose behalf did the
# anchor say she turned the request down?", "For whom did the mayor say the park was built?"
# ("In which city did Putin confirm…" asks for a place, as any other question.)
SOURCED = re.compile(
    r"^(?:(?:on|for|to|with|from|by|against)\s+(?=whose\b|whom\b))?"
    r"(?:what|how|which|where|why|when|who|whom|whose)(?:\s+[\w’'-]+){0,6}?"
    rf"\s+(?P<aux>did|does|do)\s+(?P<x>.+?)\s+"
    rf"(?P<verb>{_SPEECH}|{_VIEW}|{_SEEING}|{_WEIGHS}|{_AIMS}|{_REPORTS})\b"
    r"(?P<rest>.*)$"
)
VIEW_ASKED = re.compile(
    r"^(?:why|how\s+(?:do|does|did|is|are|was|were|can|could|will|would|should))\b"
)
REASON_ASKED = re.compile(r"^(?:why|what\s+reasons?|for\s+what\s+reasons?)\b")
FACT_ASKED = re.compile(
    r"^(?:how\s+(?:many|much|long|far|old|often|big|large|high|soon)|when|"
    r"what\s+(?:percentage|percent|share|proportion|number|amount|price|date|year|time))\b"
)
# Words between "what" or "which" and the verb, none an auxiliary: "Which team has impressed
# the judges" asks for the team.
_WORDS_BETWEEN = r"(?:\s+(?!has\b|have\b|had\b|been\b)[\w’'-]+)"
# "Was Georgia's governor willing to take the blame?", "Why did Lemieux decide to sell?": a
# state of mind or a decision that the one named explains, if they spoke of it. Such a
# subject may name no one who speaks ("Was the bridge ready to open?"), so these forms are
# speaker questions only where the articles quote the one named.
_MINDS = (
    r"willing|unwilling|ready|prepared|open|eager|reluctant|worried|concerned|confident|"
    r"optimistic|hopeful|happy|unhappy|pleased|disappointed|surprised|sorry|upset|angry|"
    r"satisfied|afraid|comfortable|uncomfortable|convinced|certain|sure|skeptical|sceptical|"
    # How someone is after an event is theirs to say: "Is Gary Barlow ok after the quake?"
    r"ok|okay|alright|all right|fine|proud|relieved|grateful|thankful|shocked|stunned|"
    r"thrilled|excited|nervous|frustrated|emotional|heartbroken|devastated|speechless|"
    r"lost for words|"
    # Taken by surprise: "Was Kumail Nanjiani caught off guard that Marvel cast a pop star?"
    r"caught off guard|taken aback|blindsided|amazed|impressed|embarrassed|humbled|determined|"
    r"shaken|rattled|"
    # For or against something: "Is Al Hikmani in favour of fines?"
    r"in favou?r of|opposed to|against|"
    # Sad to go, or in a hurry to launch: "Was Niccol sad to leave Chipotle?"
    r"sad|glad|anxious|fearful|troubled|in a hurry|in no hurry|"
    # A tone taken in words: "Was the airline apologetic about the delays?"
    r"apologetic|remorseful|defiant|adamant|upbeat|pessimistic|cautious|supportive|bullish|"
    r"bearish"
)
_DECISIONS = r"decide|decided|choose|chose|agree|agreed|refuse|refused|opt|opted"
_WITHHOLDS = (
    r"share|disclose|reveal|release|name|identify|say|discuss|comment|talk|specify|elaborate"
)
# What one discloses or vouches for, if they said: "Did the mayor name the firefighters?"
_DISCLOSES = (
    r"say|tell|name|named|identify|identified|disclose|disclosed|share|shared|specify|specified|"
    r"confirm|confirmed|guarantee|guaranteed|rule out|ruled out|commit to|committed to|"
    r"promise|promised|vouch for|vouched for"
)
# What is given in words: "what reason did X give", "what advice did X offer".
_GIVEN = (
    r"reason|reasons|explanation|excuse|justification|advice|answer|assurance|assurances|"
    r"warning|details|update|timeline|estimate|figure|example|examples|account|evidence|"
    # "What price tag did the mayor put on the repairs?"
    r"price tag|price|cost|number|date|deadline|target|forecast|projection"
)
# "Does Meta agree with the fine?", "Is the coach considering legal action?": what the one
# named would say, if they said it.
_INTENDS = (
    r"agree|agreed|disagree|disagreed|know|knew|link|linked|consider|considered|considering|"
    r"plan|planned|planning|going to|intend|intended|intending|regret|regretted|see|saw|seen|"
    r"believe|expect|expects|expecting|think|thinks|worry|worried|care|cared|hear|heard|seeing|"
    # A pledge is made in words ("Is Castillo vowing to serve out his term?"), as is speech
    # going on: "Is Hillary Clinton hinting that Fox could be sued?"
    rf"vowed|pledged|{_SPEAKING}|{_PRESSING}"
)
# "What worries Chris Borland about waiting?": the one it worries says so.
_MOVES = (
    r"worries|worried|concerns|concerned|reassured|reassures|frustrates|frustrated|bothers|"
    r"bothered|angers|angered|surprised|surprises|scares|scared|excites|excited|motivates|"
    r"motivated|impress|impresses|impressed|pleases|pleased|annoys|annoyed|puzzles|puzzled"
)
TENTATIVE = (
    # "Why is the head of the growers' association worried about schools?" too.
    re.compile(rf"^(?:why\s+)?(?P<aux>is|was|are|were)\s+(?P<x>.+?)\s+(?:{_MINDS})\b(?P<rest>.*)$"),
    # "What is Hamas ready for?", "What was the coach worried about?": a state of mind towards
    # something, not a stance ("What was the score in City's game against West Ham?").
    re.compile(
        r"^what\s+(?P<aux>is|was|are|were)\s+(?P<x>.+?)\s+(?:ready|prepared|willing|eager|"
        r"worried|concerned|afraid|scared|nervous|hopeful|optimistic|confident|excited|proud|"
        r"upset|angry|happy|sad|sorry|grateful|thankful)\s+(?:for|about|of|to|by|with|over)\b"
        r"(?P<rest>.*)$"
    ),
    # "What is the White House position on student loans?": a stance without a possessive,
    # which may be no one's ("the public view on abortion").
    re.compile(
        r"^what\s+(?P<aux>is|was|are|were|has been)\s+(?P<x>.+?)\s+"
        r"(?:position|stance|views?|opinion|account)\s+"
        r"(?=on|about|regarding|toward|towards|of)\b"
        r"(?P<rest>.*)$"
    ),
    re.compile(
        rf"^(?P<aux>did|does|do|has|have|is|was|are|were)\s+(?P<x>.+?)\s+"
        rf"(?:(?:still|ever|already|really)\s+)?(?:{_INTENDS})\b(?P<rest>.*)$"
    ),
    # "What is Netanyahu's plan for Gaza?": a plan or terms, theirs to tell where they spoke of
    # them; a company's plans an article only describes are answered as any question.
    re.compile(
        r"^what\s+(?P<aux>is|was|are|were)\s+(?P<x>.+?)[’']s?\s+"
        r"(?:plan|plans|proposal|proposals|terms|conditions)\b(?P<rest>.*)$"
    ),
    # "How does the mayor plan to pay for it?": a plan or an aim, theirs to tell.
    re.compile(
        r"^how\s+(?P<aux>does|do|did|will|would)\s+(?P<x>.+?)\s+"
        r"(?:plan|intend|hope|want|propose|expect|aim)\s+to\b(?P<rest>.*)$"
    ),
    # "Has the senator changed his mind on the bill?": a stance turned, in their own words.
    re.compile(
        r"^(?P<aux>has|have|had|did|is|was)\s+(?P<x>.+?)\s+(?:changed|change|changing)\s+"
        r"(?:his|her|their|its)\s+(?:mind|position|stance|tune)\b(?P<rest>.*)$"
    ),
    # "Would the spokesman be open to changing course?", "Would the retired branch chief
    # personally act any differently?": what the one named would do or be, theirs to say.
    re.compile(
        r"^(?P<aux>would|will)\s+(?P<x>.+?)\s+(?:(?:personally|ever|still|really|actually)\s+)?"
        rf"(?:be\s+(?:{_MINDS})\b|(?:act|do|behave|handle|approach|treat|reconsider)\b)"
        r"(?P<rest>.*)$"
    ),
    # "Which of Boston's skills impress the Fever's GM?" too.
    re.compile(
        rf"^(?:what{_WORDS_BETWEEN}{{0,6}}?|which{_WORDS_BETWEEN}{{1,6}}?)\s+(?P<aux>{_MOVES})"
        r"\s+(?P<x>.+?)"
        r"(?=\s+(?:about|over|with|in|regarding|more|most)\b|$)(?P<rest>.*)$"
    ),
    # "Why did Truss support staying?", "Why won't the Capitol Police share specifics?": a
    # stance or a withholding that the one named explains, if they spoke of it.
    re.compile(
        r"^why\s+(?P<aux>did|does|do|has|have|had|will|would|could|can)\s+(?P<x>.+?)\s+"
        rf"(?:{_DECISIONS}|{_STAND}|{_WITHHOLDS})\b(?P<rest>.*)$"
    ),
    # "Will SWIFT decide by itself whether…": what the one named would decide, if they said;
    # "Would Strahan get behind Trump…", "Would the senator be on board with…": whom or what
    # they would back.
    re.compile(
        rf"^(?P<aux>will|would)\s+(?P<x>.+?)\s+(?:{_DECISIONS}|get behind|stand by|side with|"
        r"be on board|go along with|sign on to)\b"
        r"(?P<rest>.*)$"
    ),
    # "Who is Durbin pressing to act?", "What was Melton doing when he heard?": what someone
    # does to others or about something, theirs to tell (not how a thing is doing).
    re.compile(
        r"^(?:what|how)\s+(?P<aux>is|are|was|were)\s+(?P<x>.+?)\s+"
        rf"(?:{_PRESSING})\b(?P<rest>.*)$"
    ),
    # Asked "who is the candidate seeking…", the one described is the answer: only a name.
    re.compile(
        r"^(?:who|whom)\s+(?P<aux>is|are|was|were)\s+(?P<x>(?!(?:the|a|an)\s).+?)\s+"
        rf"(?:{_PRESSING})\b(?P<rest>.*)$"
    ),
    re.compile(r"^what\s+(?P<aux>is|are|was|were)\s+(?P<x>.+?)\s+doing\b(?P<rest>.*)$"),
    # "How concerned is the spokesperson about…": a state of mind by degree.
    re.compile(
        rf"^how\s+(?:{_MINDS})\s+(?P<aux>is|are|was|were)\s+(?P<x>.+?)"
        r"(?=\s+(?:about|that|over|with|by|of|to|regarding|after|at|in|for)\b|$)(?P<rest>.*)$"
    ),
    # "Did the mayor name the firefighters?", "Can Maley guarantee clear skies?": what the one
    # named would disclose or vouch for, if they said.
    re.compile(
        r"^(?P<aux>did|does|has|have|had|will|would|can|could)\s+(?P<x>.+?)\s+"
        rf"(?:{_DISCLOSES})\b(?P<rest>.*)$"
    ),
    # "How is Mount holding up with the press tour?": how someone is, theirs to say.
    re.compile(
        r"^how\s+(?P<aux>is|was|are|were)\s+(?P<x>.+?)\s+(?:holding up|coping|feeling)\b"
        r"(?P<rest>.*)$"
    ),
    # "How did Gen. Cruz compare the flooding with Maria?": a comparison or a defence made in
    # words, where the one named made any (a price "compares" too); "How would the NFL's
    # music chief sum up Rihanna's impact?" asks the same of a view.
    re.compile(
        rf"^how\s+(?P<aux>{_AUX}|would|will|could)\s+(?P<x>.+?)\s+(?:{_WEIGHS})\b(?P<rest>.*)$"
    ),
    # "Why is Mikie Sherrill voting for the bill?": what someone is doing, which they explain
    # if they spoke of it.
    re.compile(r"^why\s+(?P<aux>is|are|was|were)\s+(?P<x>.+?)\s+(?=[a-z]+ing\b)(?P<rest>.*)$"),
    # "What did Kunze compare e-cigarettes to?": a likeness drawn in words, where the one named
    # drew any.
    re.compile(
        rf"^what\s+(?P<aux>{_AUX})\s+(?P<x>.+?)\s+(?:compare|compared|liken|likened)\b"
        r"(?P<rest>.*)$"
    ),
    # "Would the Yankees' rookie rather win the MVP or a World Series?": a preference.
    re.compile(r"^(?P<aux>would|does|do|did)\s+(?P<x>.+?)\s+rather\b(?P<rest>.*)$"),
    # "When did Moates start getting worried about…": when a state of mind began.
    re.compile(
        r"^(?:when|why)\s+(?P<aux>did|does|do)\s+(?P<x>.+?)\s+(?:start|begin|get)\s+"
        rf"(?:getting\s+|to\s+(?:feel|get|be)\s+)?(?:{_MINDS})\b(?P<rest>.*)$"
    ),
    # "What reason did Ellen Brock give for cutting plastic?"
    re.compile(
        rf"^what\s+(?:{_GIVEN})\s+(?P<aux>did|does|do|has|have)\s+(?P<x>.+?)\s+"
        r"(?:give|gave|given|offer|offered|provide|provided|cite|cited|put|set|name|named)\b"
        r"(?P<rest>.*)$"
    ),
)
# "Did Hillary Scholten ever reach out to Meijer?", "Why couldn't LUMA Energy assess the
# damage?": what a person or body named in capitals did, which they may have explained. Read
# in the question's own case, as the name ends where the lower-case words begin. Not "is X…":
# a state ("Is Barkley on pace to break the record?") is a fact, unless a state of mind; nor
# "will X…" but after "why": "Will Instagram appeal?" is answered by whoever said it would.
NAMED_DOER = re.compile(
    r"^(?:(?i:why)\s+(?P<aux>(?i:did|does|do|has|have|had|will|would|could|can|should))|"
    r"(?P<past>(?i:did|does|do|has|have|had)))\s+"
    r"(?P<x>[A-Z][\w.&’'-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w.&’'-]*){0,4})"
    r"\s+(?P<rest>[a-z].*)$"
)
# "Was Jacinda Ardern hiding a motive?", "Is Tesla recalling the cars?": what one named in
# capitals is doing, which they may have spoken of; not a state ("Is Barkley on pace…").
# "Are the Colorado Eagles putting…", "Is Oregon's governor commuting…" too: a name with
# "the", or a post its name owns.
NAMED_DOING = re.compile(
    r"^(?P<aux>(?i:is|was|are|were))\s+"
    r"(?P<x>(?:the\s+)?[A-Z][\w.&’'-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w.&’'-]*){0,4}"
    r"(?:[’']s?\s+(?:[a-z-]+\s+){0,2}?[a-z-]+)?)"
    r"\s+(?P<rest>(?:still\s+|really\s+|now\s+)?[a-z]+ing\b.*)$"
)
