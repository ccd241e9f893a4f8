"""The words intake reads reporting by: reporting verbs, titles, institutions and party cues."""

from nameparser.config import CONSTANTS


def words(text):
    return frozenset(text.split())


# Verbs that report speech. Each takes "that" (or a quote); SAY_VERBS also take a bare clause
# ("Putin said the plan could ..."), as reporters write them without "that".
REPORT_VERBS = words(
    "said says say told tells stated states asserted asserts insisted insists declared declares "
    "added adds warn warned warns note noted notes explained explains argued argues claimed claims stressed "
    "stresses emphasised emphasized emphasises emphasizes replied responded wrote writes announced "
    "announce announces remarked observed acknowledge acknowledged acknowledges admitted admits suggested suggests urged "
    "urges cautioned conceded concedes confirmed confirms predicted recalled maintained maintains "
    "vowed vows pledged promised threatened reiterated reiterates repeated underlined underscored "
    "concluded proclaimed alleged affirmed contended commented posted tweeted answered boasted "
    "complained countered protested retorted indicated indicates revealed reported reports "
    "believe believes believed thinks highlighted described labeled labelled called quoted calling reinforced reaffirmed signalled reads accused accuses accusing blaming "
    "signaled hinted assured informed referred expressed cited cautioning voiced voices voicing "
    "conveyed conveys charged detailed restated restates posited posits "
    "characterized characterised characterizes characterises calls sees indicate extended identified "
    "identifies clarified clarifies elaborated disclosed discloses considered framed frames cast"
)
SAY_VERBS = words(
    "said says say told tells suggested suggests claimed claims insisted insists warned warns "
    "stated states "
    "added adds argued argues noted notes note stressed stresses reported reports indicated indicate "
    "indicates announces"
)
# Verbs that only report speech when the sentence quotes the words they characterise
# ("labeled the talks "productive"", "described it as "useful""): otherwise they are actions.
CHARACTERISING_VERBS = words(
    "identified identifies calls sees characterized characterised characterizes characterises described labeled labelled called highlighted calling referred expressed cited cautioning "
    "accused accuses voiced voices voicing extended framed frames cast"
)
# Verbs of a stance taken towards something: their object is the position ("Umerov thanked the US
# team", "Moscow dismissed this as unreliable", "Kyiv rejected the possibility of …"), so they
# report one whatever follows, where verbs of saying need a clause.
# (Forms that are also plural nouns, "demands", "thanks", "disputes", are left out.)
STANCE_VERBS = words(
    "thanked welcomed welcomes hailed hails praised praises criticised criticized criticises "
    "criticizes condemned condemns rejected rejects dismissed dismisses denied denies disputed "
    "echoed urged urges demanded demanding insisting confirmed confirms signal signals signaled "
    "signalled cites reiterated reiterates reaffirmed reaffirms repeated "
    "disagreed disagrees refuted refutes mentioned appreciates appreciated proposed proposes oppose "
    "considers blasted slammed lambasted emphasized emphasised opposed opposes announced decried "
    "decries derided derides deems questioned rebuffed rebuffs slams touts touted refused lauded lauds"
)
# Nouns that name a stance taken, standing for it in a clause of its own ("…, a view echoed by
# Kirill Dmitriev", "…, an idea Kiev has rejected").
VIEW_NOUNS = words(
    "view claim position assessment stance sentiment idea proposal demand accusation allegation "
    "condition"
)
# Phrases that report a stance with no object at all: "The Kremlin spokesman declined to
# comment further."
STANCE_PHRASES = (
    "declined to comment",
    "refused to comment",
    "declined to elaborate",
    "declined to answer",
    "refused to answer",
    "declined to discuss",
    "refused to discuss",
    # A hope held is a position: "The Ukrainian leader hopes to agree on …", "The Ukrainian
    # government hopes that Western sanctions … will weaken Moscow".
    "hopes to",
    "hopes that",
    # "where Russia controls most territory and insists on full Ukrainian withdrawal"
    "insists on",
    "insist on",
    # "talks in Geneva where Ukraine and its European allies pushed back against a 28-point
    # proposal"
    "pushed back against",
    "pushed back at",
    # "Trump alluded to a phone conversation with Putin"
    "alluded to",
    # "Trump has previously ruled out formal NATO membership for Ukraine"
    "ruled out",
    # "President Donald Trump brushed off concerns about his special envoy …"
    "brushed off",
    "brushes off",
    # What someone calls for is a position: "as the White House calls for momentum …".
    "called for",
    "calls for",
    "calling for",
    # "Russia is pushing for Ukraine to pull out of the eastern Donetsk region"
    "pushing for",
    # "Pope Leo also appealed for peace in Ukraine"
    "appealed for",
    "appeals for",
    # "Vladimir Putin calls on Ukraine and its allies to negotiate an end to the conflict"
    "calls on",
    # "US and Ukraine report progress in talks": progress reported is a position on the talks.
    "report progress",
    "reports progress",
    "reported progress",
    "highlighted progress",
    "highlights progress",
    # "even as the Kremlin is signaling dissatisfaction with …": a stance held now.
    "is signaling",
    "is signalling",
)
# What "expressed" and "voiced" report when their object is a feeling ("expressed thanks to",
# "voiced alarm over", "voicing optimism that").
FEELINGS = words(
    "thanks gratitude satisfaction dissatisfaction appreciation support alarm concern concerns "
    "optimism pessimism regret hope hopes confidence doubt doubts sentiment readiness "
    "willingness frustration disappointment scepticism skepticism openness opposition "
    "interest outrage anger surprise reservations"
)
# Verbs that introduce a quote but never a reported clause ("he replied: "...")
QUOTE_ONLY_VERBS = words(
    "replied responded answered retorted countered joked asked asks continued began summarised summarized read"
)
# Speaking of something names what was said about it: "spoke of progress".
# ("He also warned of serious consequences if frozen Russian assets are seized")
SPOKE_OF = (
    "spoke of",
    "speaks of",
    "spoken of",
    "warned of",
    "warns of",
    "warned against",
    "warns against",
    "revealed details of",
)
VERB_PHRASES = (
    *STANCE_PHRASES,
    *SPOKE_OF,
    "summed up",
    # "Putin has remained adamant that Russia must control …"
    "remained adamant",
    "remains adamant",
    "pointed out",
    # "At the same time, he made clear that military objectives would continue …"
    "made clear",
    "made it clear",
    "makes clear",
    "makes it clear",
    "went on",
    # Speaking and how, about something: a position in the reporter's words ("Rutte spoke
    # positively about the discussions"), which the evaluation set labels as reported speech.
    *(
        f"{verb} {manner}"
        for verb in ("spoke", "spoken", "speaks")
        for manner in (
            "positively",
            "optimistically",
            "favourably",
            "favorably",
            "highly",
            "warmly",
            "critically",
            "negatively",
            "approvingly",
            "pessimistically",
        )
    ),
)
PARTICIPLES = words(
    "saying adding noting stressing insisting warning arguing claiming explaining emphasizing "
    "emphasising suggesting stating declaring allowing revealing"
)
# "Witkoff's reported guidance": a reporting verb after these is an adjective or an auxiliary's.
NOT_A_SUBJECT_END = words("the a an his her its their our my your this that these those")
AUXILIARIES = words(
    "has have had is are was were also further later recently then again already reportedly "
    "repeatedly publicly instead first since meanwhile "
    "previously earlier once now today yesterday on monday tuesday wednesday thursday friday "
    "saturday sunday last week night year this morning evening afternoon"
)
PRONOUNS = words("he she")
# A verb's auxiliary: "announced he is sending" is a clause.
FINITE_AUXILIARIES = words(
    "is are was were will would could can has have had should may might must"
)
# Quantifiers that float after a plural subject ("officials have both spoken", "they all said").
FLOATING = words("both all each")
# Words that open a clause setting the scene before the sentence's subject.
SCENE_SETTERS = words(
    "while after before when as since although though if because just in on at during following "
    "despite speaking asked upon amid now"
)
CLAUSE_PRONOUNS = words("he she it they we i there you this")
RELATIVES = words("that which who whom whose where when what")
PREPOSITIONS = words(
    "in at from to near for with by of on into inside outside across about during after before "
    "over under between among against via through toward towards"
)
DETERMINERS = words("the a an his her its their our one another some several this these those")
INDEFINITE = words("a an one some several")
CONJUNCTIONS = words(
    "but and however meanwhile moreover yet so still also then thus while although though whereas"
)

# Words that begin an object rather than a clause after a say-verb ("said on Tuesday").
NOT_A_CLAUSE_START = PREPOSITIONS | words("so as also again too not more little much")

# A person's role; a description ending in one of these names a person ("the Kremlin official").
PERSON_NOUNS = words(
    "official officials aide aides adviser advisers advisor advisors spokesman spokeswoman "
    "spokesperson spokespeople spokesmen secretary minister president leader diplomat diplomats "
    "negotiator negotiators mediator mediators envoy envoys chief head director ambassador lawmaker lawmakers "
    "senator representative commander general officer analyst analysts source sources "
    "deputy chairman chairwoman premier chancellor governor mayor king queen prince advisor "
    "representative counterpart counterparts insider insiders person people member members "
    "expert experts lawyer lawyers leaders presidents ministers specialist specialists observer "
    "observers allies critics senators"
)
# Plural nouns a headline in capitals puts after a name ("Putin Allies Say …", "Trump Talks …"):
# not the verb that would make the name its subject.
HEADLINE_NOUNS = words(
    "allies talks troops forces supporters critics loyalists ties relations plans terms demands "
    "guarantees proposals points remarks words efforts hopes"
)
# Plural person nouns that do not end in "s": "people familiar with the matter" are anonymous.
PLURAL_PERSON_NOUNS = words("people spokespeople spokesmen")
# Offices one person holds at a time for a country: "Ukraine's president" is its holder.
OFFICE_NOUNS = words("president premier chancellor king queen")
# Words that make a phrase an institution, a document or the press, not a person.
ORG_WORDS = words(
    "ministry office house council committee government parliament army force forces states "
    "nations "
    "union kremlin pentagon embassy agency service department administration commission party "
    "news times post press journal reuters tass interfax bank fund organization organisation "
    "alliance court command staff guard media television tv radio atlantic outlet outlets "
    "newspaper newspapers report reports transcript transcription statement readout channel "
    "agencies ministries delegation delegations side sides parties countries team presidency leadership "
    "publication forum "
    "center centre intelligence "
    "institute studies foundation university authorities military street capitol "
    "update assessments estimates draft declaration document operator"
)
MEDIA_WORDS = words(
    "media news outlet outlets newspaper newspapers reuters tass interfax ria axios bloomberg "
    "agency agencies agence afp france-presse channel television tv radio report reports transcript "
    "transcription"
)
PLACES = words(
    "emirates moscow kyiv kiev washington brussels beijing london paris berlin warsaw minsk ankara tehran "
    "istanbul geneva riyadh doha bishkek ukraine russia europe america china crimea donetsk "
    "luhansk lugansk kharkiv odesa zaporizhzhia kherson nato kremlin pentagon florida "
    "kyrgyzstan abu dhabi alaska anchorage gaza davos switzerland munich miami"
)
# Cue words that suggest a party; the review page maps the country to a Party by its name.
PARTY_CUES = {
    "Russia": words("russia russian russians kremlin moscow rf"),
    "Ukraine": words("ukraine ukrainian ukrainians kyiv kiev verkhovna rada"),
    "United States": words(
        "us u.s. u.s usa u.s.a. american americans washington pentagon white-house united-states"
    ),
    "France": words("france french elysee élysée"),
    "United Kingdom": words("uk u.k. u.k british britain downing united-kingdom"),
    "Germany": words("germany german berlin"),
    "European Union": words("eu e.u. e.u brussels"),
}

# The adjectives of the countries whose officials speak of these talks: a title's first word
# ("Polish Prime Minister Donald Tusk"), never a name's.
NATIONALITIES = words(
    "polish italian hungarian turkish finnish danish swedish norwegian dutch belgian austrian "
    "swiss irish spanish portuguese greek czech slovak slovakian romanian bulgarian moldovan "
    "estonian latvian lithuanian belarusian georgian armenian azerbaijani kazakh chinese "
    "japanese korean indian pakistani saudi emirati qatari israeli iranian egyptian canadian "
    "australian brazilian serbian croatian slovenian arab"
)
# The portfolios that end an office's title ("High Representative for Foreign Policy Kaja
# Kallas", "Minister for Foreign Affairs"): never a name's first word.
PORTFOLIOS = words(
    "policy affairs relations commissioner defence economy economic finance finances trade "
    "energy interior justice development cooperation integration reintegration veterans "
    "industry infrastructure diplomacy intelligence enlargement neighbourhood"
)
# Words that precede a name as a title: nameparser's list of titles, and this domain's.
TITLES = (
    frozenset(CONSTANTS.titles)
    | NATIONALITIES
    | PORTFOLIOS
    | PERSON_NOUNS
    | words(
        "kremlin white house presidential press national security defence defense foreign "
        "deputy first special top senior russian ukrainian american european british french "
        "german us u.s. u.s uk u.k. u.k eu e.u un u.n nato state army former acting outgoing incoming "
        "verkhovna "
        "rada council the mr mrs ms dr mp h.h h.e h.r.h"
    )
    # ("President-elect Donald Trump": an office won and not yet held.)
    | frozenset(f"{office}-elect" for office in OFFICE_NOUNS | {"minister"})
)
MONTHS = words(
    "january february march april may june july august september october november december"
)
MONTH_ABBREVIATIONS = words("jan feb mar apr jun jul aug sep sept oct nov dec")
COMMON = words(
    "the a an this that these those his her their its our my your but and or so yet however "
    "meanwhile moreover also still then now later earlier yesterday today tonight tomorrow when "
    "while after before as if since because although though in on at by for with from to of "
    "speaking asked according monday tuesday wednesday thursday friday saturday sunday "
    "it he she they "
    "we i there here what why how who where not no yes one two several many some officials "
    "sources overall instead indeed again both details recall despite during following "
    "nearly criticism talks under amid against among without within toward towards over "
    "everything everyone everybody nothing nobody something someone anything anyone"
) | (MONTHS - {"may"})  # ("May" is also a verb's auxiliary.)
PARTICLES = words("de da di du del della van von der den ter bin ibn al el la le")
SURNAME_SUFFIXES = words("jr jr. sr sr. ii iii iv")
ABBREVIATIONS = (
    words(
        "mr mrs ms dr prof gen sen rep gov lt col sgt capt st jr sr vs etc inc ltd co corp no "
        "u.s u.k u.n e.u e.g i.e a.m p.m approx dept est fig maj adm cmdr rev hon messrs"
    )
    | MONTH_ABBREVIATIONS
)


def party_of(phrase_words):
    """The country a phrase's words point to ("Kremlin aide" → Russia), or None if none or two."""
    folded = [w.casefold().rstrip(",") for w in phrase_words]
    folded += [f"{a}-{b}" for a, b in zip(folded, folded[1:], strict=False)]
    folded += [w.split("’")[0].split("'")[0] for w in folded]
    found = {party for party, cues in PARTY_CUES.items() for word in folded if word in cues}
    return found.pop() if len(found) == 1 else None
