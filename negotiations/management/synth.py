"""Generates a large, realistically shaped synthetic negotiation for benchmarks: same seed, same data."""

import bisect
import datetime
import itertools
import random
import time
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection, reset_queries, transaction
from django.utils.text import slugify

from negotiations import dataversion
from negotiations.models import (
    Attestation,
    Condition,
    ConditionKind,
    Event,
    EventKind,
    EventStatus,
    Fact,
    Participation,
    PeaceProcess,
    Proposal,
    ProposalPoint,
    ProposalVersion,
    PublishStatus,
    Region,
    RegionName,
    Source,
    Statement,
    StatementMode,
    Topic,
)
from negotiations.tracked import tracked_models
from parties.models import Party, Person, PersonName, Role

START = datetime.date(2016, 1, 1)
END = datetime.date(2025, 12, 31)
DAYS = (END - START).days + 1

# The reference negotiation: what 200,000 statements come with. Every count not given its own
# option is reference × N / 200,000, rounded, and never below its floor.
REFERENCE_STATEMENTS = 200_000
REFERENCE = {
    "parties": 30,
    "topics": 200,
    "people": 400,
    "regions": 60,
    "conditions": 20_000,
    "sources": 20_000,
    "proposals": 10,
    "versions": 10,
    "events": 2_000,
    "facts": 500,
}
FLOORS = {
    "parties": 10,
    "topics": 20,
    "people": 20,
    "regions": 10,
    "conditions": 1,
    "sources": 1,
    "proposals": 2,
    "versions": 3,
    "events": 3,
    "facts": 3,
}
SCALING_RULE = (
    "Each count not given is its reference count (at 200,000 statements: 30 parties, 200 topics, "
    "400 people, 60 regions, 20,000 conditions, 20,000 sources, 10 proposals of 10 versions, "
    "2,000 events, 500 facts) times N/200,000, rounded, but never below its floor (10 parties, "
    "20 topics, 20 people and at least 2 per party, 10 regions, 2 proposals of 3 versions, "
    "3 events, 3 facts, 1 condition, 1 source)."
)

STATEMENT_CHUNK = 10_000
BATCH_SIZE = 5_000
MAX_STATEMENTS_PER_CONDITION = 20
PUBLISHED_SHARE = 0.95
QUOTE_SHARE = 0.30
SUPERSEDED_SHARE = 1 / 3


class DatabaseNotEmpty(Exception):
    """The database already holds tracked data and the caller did not ask to clear it."""


def plan_sizes(statements, **overrides):
    """How many of each thing N statements come with, after the options that were given."""
    if statements < 1:
        raise ValueError("at least one statement is needed")
    sizes = {"statements": statements}
    for name, reference in REFERENCE.items():
        given = overrides.get(name)
        scaled = round(reference * statements / REFERENCE_STATEMENTS)
        sizes[name] = given if given is not None else max(FLOORS[name], scaled)
    if overrides.get("people") is None:
        sizes["people"] = max(sizes["people"], 2 * sizes["parties"])
    for name, value in sizes.items():
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}")
    return sizes


# -- the tracked data as a whole ---------------------------------------------------------------


def _tables():
    # The data version row is not data: it only counts writes, and must never go back.
    return tracked_models(data_version=False)


def tracked_row_counts():
    """Rows per table of the tracked apps, leaving out the empty ones."""
    counts = {model._meta.label: model._default_manager.count() for model in _tables()}
    return {label: count for label, count in counts.items() if count}


def clear_tracked_data():
    """Empty every tracked table, history included, and restart their id sequences at 1."""
    tables = [model._meta.db_table for model in _tables()]
    # One flush statement: a row-by-row delete would load every row and write a history row
    # for each one through simple-history's signals.
    sql = connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=False)
    if connection.vendor == "postgresql":
        # TRUNCATE refuses while foreign key checks of this transaction's earlier writes wait
        # for the commit: run them now (and defer again) so the queue is empty.
        connection.check_constraints()
    connection.ops.execute_sql_flush(sql)


# -- plumbing ---------------------------------------------------------------------------------


@dataclass
class _Run:
    rng: random.Random
    sizes: dict
    batch_size: int
    counts: Counter = field(default_factory=Counter)
    process: object = None
    # Names and slugs the processes built before this one took: kind -> set. The first
    # process starts from none, so a run of one process is what it always was.
    taken: defaultdict = field(default_factory=lambda: defaultdict(set))

    def fresh(self, kind):
        """A set of what `kind` may no longer use, to fill and then `keep`."""
        return set(self.taken[kind])

    def keep(self, kind, used):
        self.taken[kind] |= used

    def insert(self, model, objects):
        if not objects:
            return []
        made = model._default_manager.bulk_create(objects, batch_size=self.batch_size)
        self.counts[model._meta.label] += len(made)
        # With DEBUG on, every query (whole source texts included) is kept in memory otherwise.
        reset_queries()
        return made

    def link(self, m2m_field, pairs):
        """Insert (owner id, target id) pairs into a many-to-many table."""
        through = m2m_field.remote_field.through
        owner = m2m_field.m2m_column_name()
        target = m2m_field.m2m_reverse_name()
        self.insert(through, [through(**{owner: a, target: b}) for a, b in pairs])

    def chance(self, p):
        return self.rng.random() < p

    def day(self):
        return START + datetime.timedelta(days=self.rng.randrange(DAYS))

    def published(self, day):
        """Status and published_at for a row dated `day`; bulk_create skips Publishable.save()."""
        if not self.chance(PUBLISHED_SHARE):
            return {"status": PublishStatus.DRAFT, "published_at": None}
        moment = datetime.datetime.combine(
            day + datetime.timedelta(days=self.rng.randint(0, 3)),
            datetime.time(self.rng.randint(6, 21), self.rng.randrange(60)),
            tzinfo=datetime.UTC,
        )
        return {"status": PublishStatus.PUBLISHED, "published_at": moment}


def _zipf(n, exponent):
    """Cumulative weights of ranks 1..n, for random.choices(cum_weights=...)."""
    total, cumulative = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / rank**exponent
        cumulative.append(total)
    return cumulative


def _ranked(rng, items, exponent):
    """`items` in a random order of popularity, with Zipf cumulative weights over that order."""
    order = list(items)
    rng.shuffle(order)
    return order, _zipf(len(order), exponent)


def _distinct(rng, order, weights, k):
    """Up to k distinct picks, the popular ones more often."""
    k = min(k, len(order))
    picked = []
    while len(picked) < k:
        item = rng.choices(order, cum_weights=weights)[0]
        if item not in picked:
            picked.append(item)
    return picked


def _unique(base, used, limit=150):
    slug = slugify(base)[:limit] or "item"
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    used.add(candidate)
    return candidate


SYLLABLES = [
    "al",
    "an",
    "ar",
    "bel",
    "bor",
    "cal",
    "dar",
    "del",
    "dor",
    "el",
    "en",
    "fal",
    "gar",
    "hel",
    "is",
    "kar",
    "kel",
    "lan",
    "lor",
    "mar",
    "mir",
    "nor",
    "ol",
    "or",
    "pal",
    "pol",
    "ran",
    "ros",
    "sal",
    "sen",
    "tal",
    "tor",
    "ul",
    "val",
    "ver",
    "vin",
    "zar",
    "zel",
    "bra",
    "dro",
    "gri",
    "kra",
    "sto",
    "tre",
    "vla",
]


def _word(rng, low=2, high=3):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high))).capitalize()


def _fresh_word(rng, used, low=2, high=3):
    while True:
        word = _word(rng, low, high)
        if word.lower() not in used:
            used.add(word.lower())
            return word


def _cap(text):
    return text[:1].upper() + text[1:]


# -- vocabulary -------------------------------------------------------------------------------

TOPICS = [
    ("Territory", "the status of the contested territory"),
    ("Security guarantees", "binding security guarantees"),
    ("Ceasefire", "a full ceasefire along the line of contact"),
    ("Sanctions", "the lifting of sanctions"),
    ("Prisoners", "an all-for-all exchange of prisoners"),
    ("Elections", "new elections under international observation"),
    ("Nuclear safety", "joint control of the nuclear plant"),
    ("Reconstruction", "an international fund for reconstruction"),
    ("Military alliances", "membership of military alliances"),
    ("Armed forces", "limits on the size of the armed forces"),
    ("Language and culture", "the rights of language minorities"),
    ("Humanitarian access", "humanitarian corridors"),
    ("Accountability", "a tribunal for war crimes"),
    ("Frozen assets", "the release of frozen state assets"),
    ("Energy", "the resumption of energy transit"),
    ("Shipping", "safe passage for merchant ships"),
    ("Peacekeepers", "the deployment of foreign peacekeepers"),
    ("Demilitarised zone", "a demilitarised zone along the front"),
    ("Refugees", "the return of refugees and displaced people"),
    ("Monitoring", "international monitoring of the truce"),
]
ASPECTS = [
    ("timing", "the timetable for {obj}"),
    ("verification", "the verification of {obj}"),
    ("scope", "the scope of {obj}"),
    ("sequencing", "the order of steps towards {obj}"),
    ("funding", "who pays for {obj}"),
    ("enforcement", "the enforcement of {obj}"),
    ("legal form", "the legal form of {obj}"),
    ("third parties", "the role of third countries in {obj}"),
    ("interim measures", "interim measures pending {obj}"),
    ("public opinion", "a referendum on {obj}"),
]
KIND_WEIGHTS = [
    (ConditionKind.POSITION, 22),
    (ConditionKind.DEMAND, 20),
    (ConditionKind.REJECTION, 12),
    (ConditionKind.RED_LINE, 10),
    (ConditionKind.PRECONDITION, 10),
    (ConditionKind.OFFER, 10),
    (ConditionKind.ACCEPTANCE, 10),
    (ConditionKind.THREAT, 6),
]
KINDS = [kind for kind, _ in KIND_WEIGHTS]
KIND_CUMULATIVE = []
for _kind, _weight in KIND_WEIGHTS:
    KIND_CUMULATIVE.append((KIND_CUMULATIVE[-1] if KIND_CUMULATIVE else 0) + _weight)

QUOTES = {
    ConditionKind.DEMAND: [
        "We demand {obj}{where}.",
        "{Other} must agree to {obj}{where}; there is no other way.",
        "Our demand is simple: {obj}{where}, and without delay.",
    ],
    ConditionKind.PRECONDITION: [
        "There will be no talks until {other} accepts {obj}{where}.",
        "{Obj} must come first; only then can we sign anything.",
        "Before any agreement, we need {obj}{where}.",
    ],
    ConditionKind.RED_LINE: [
        "We will never accept {obj}{where}.",
        "{Obj} is a red line for us, and it will remain one.",
        "No government of ours will ever agree to {obj}{where}.",
    ],
    ConditionKind.OFFER: [
        "We are ready to discuss {obj}{where} if {other} does the same.",
        "We offer {obj}{where} in return for a lasting ceasefire.",
        "If {other} moves, we are prepared to agree to {obj}.",
    ],
    ConditionKind.THREAT: [
        "If {other} rejects {obj}, we will achieve it by other means.",
        "Should the talks fail, we will act on {obj}{where} alone.",
        "{Other} should understand that our patience over {obj} has limits.",
    ],
    ConditionKind.ACCEPTANCE: [
        "We accept {obj}{where} as a basis for further talks.",
        "Overall, we agree that {obj} could form the basis for an agreement.",
        "We can live with {obj}{where}.",
    ],
    ConditionKind.REJECTION: [
        "We reject {obj}{where} outright.",
        "The plan's approach to {obj} is unacceptable to us.",
        "We will not sign anything that includes {obj}{where}.",
    ],
    ConditionKind.POSITION: [
        "Our position on {obj}{where} has not changed.",
        "{Obj} is negotiable, but only as part of a wider settlement.",
        "We see {obj} as a matter for a later stage of the talks.",
    ],
}
REPORTED = {
    ConditionKind.DEMAND: [
        "{party} demanded {obj}{where}",
        "{party} would insist on {obj}{where} in any settlement",
    ],
    ConditionKind.PRECONDITION: [
        "no talks could begin until {other} accepted {obj}{where}",
        "{obj} would have to come before any agreement",
    ],
    ConditionKind.RED_LINE: [
        "{party} would never accept {obj}{where}",
        "{obj} remained a red line for {party}",
    ],
    ConditionKind.OFFER: [
        "{party} was ready to discuss {obj}{where} if {other} reciprocated",
        "{party} had offered {obj}{where} in exchange for a ceasefire",
    ],
    ConditionKind.THREAT: [
        "{party} would pursue {obj} by other means if {other} refused",
        "{party}'s patience over {obj} was running out",
    ],
    ConditionKind.ACCEPTANCE: [
        "{party} accepted {obj}{where} as a basis for talks",
        "{obj} could, in {party}'s view, form the basis of an agreement",
    ],
    ConditionKind.REJECTION: [
        "{party} rejected {obj}{where} outright",
        "the approach to {obj} was unacceptable to {party}",
    ],
    ConditionKind.POSITION: [
        "{party}'s position on {obj}{where} was unchanged",
        "{obj} was negotiable as part of a wider settlement",
    ],
}
# Another outlet's rendering of the same quote: a translation differs in small words.
TRANSLATIONS = [
    ("We will never", "We shall never"),
    ("We are ready", "We are willing"),
    ("must", "has to"),
    ("will not", "won't"),
    ("outright", "entirely"),
    ("Our position", "Our stance"),
    ("a basis", "the basis"),
    ("There will be no", "There can be no"),
    ("We demand", "We insist on"),
    ("We can live with", "We could accept"),
]
SUMMARIES = {
    ConditionKind.DEMAND: "Demands {obj}",
    ConditionKind.PRECONDITION: "Makes {obj} a precondition for talks",
    ConditionKind.RED_LINE: "Will never accept {obj}",
    ConditionKind.OFFER: "Offers {obj} in return for concessions",
    ConditionKind.THREAT: "Threatens to pursue {obj} by other means",
    ConditionKind.ACCEPTANCE: "Accepts {obj} as a basis for talks",
    ConditionKind.REJECTION: "Rejects {obj}",
    ConditionKind.POSITION: "Holds {obj} negotiable within a wider deal",
}
FILLER = [
    "Talks resumed in {city} on {weekday} after a pause of {n} weeks.",
    "Officials from {party} declined to comment on the timetable.",
    "The delegations met for {n} hours behind closed doors.",
    "Diplomats described the atmosphere as {adj}.",
    "A further round is expected in {city} later this month.",
    "Analysts cautioned that the gap between the sides remained wide.",
    "Neither side published a full text of the draft.",
    "Observers reported {n} violations of the truce overnight near {region}.",
    "The remarks were later posted on the ministry's website.",
    "{publisher} could not independently verify the account.",
    "Fuel prices rose by {n} per cent over the week.",
    "Residents of {region} said they had heard little about the talks.",
    "A senior official, speaking on condition of anonymity, called the progress {adj}.",
    "The foreign ministers of {party} and {party2} spoke by phone on {weekday}.",
    "Earlier drafts had been circulated among the delegations in {city}.",
    "Markets in {city} barely reacted to the news.",
]
ADJECTIVES = [
    "constructive",
    "tense",
    "businesslike",
    "difficult",
    "cordial",
    "frank",
    "slow",
    "uneven",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OCCASIONS = [
    "Press conference in {city}",
    "Interview with {publisher}",
    "Televised address",
    "Briefing for reporters",
    "Speech to parliament",
    "Joint press conference after talks in {city}",
    "Post on social media",
    "Remarks at a security conference in {city}",
    "Read-out of a phone call",
]
PARTY_FORMS = [
    "Republic of {w}",
    "{w}",
    "Federation of {w}",
    "Kingdom of {w}",
    "{w} Union",
    "{w} Alliance",
    "Commonwealth of {w}",
    "United {w}",
    "{w} Council",
]
TITLES = [
    "President of {party}",
    "Prime Minister of {party}",
    "Foreign Minister of {party}",
    "Defence Minister of {party}",
    "Chief negotiator for {party}",
    "Spokesperson of the {party} foreign ministry",
    "Special envoy of {party}",
    "Head of the {party} presidential office",
    "National security adviser of {party}",
]
LANGUAGES = ["en", "fr", "de", "ru", "uk", "tr", "pl", "es", "it", "fi", "ar", "zh"]
OUTLETS = [
    "Herald",
    "Times",
    "Post",
    "Observer",
    "Courier",
    "Gazette",
    "Wire",
    "Review",
    "Tribune",
    "Monitor",
    "Chronicle",
]
POINTS = [
    "The parties commit to {obj} within {n} days.",
    "{Obj} will be overseen by an international commission.",
    "{Obj} will be settled at a later stage of the talks.",
    "The parties agree in principle to {obj}.",
    "{Obj} will take effect once {n} per cent of forces have withdrawn.",
    "A joint working group will prepare {obj} within {n} weeks.",
]
REGION_NOTES = ["transliteration", "historical name", "official name", "local spelling"]
SPELLINGS = [("k", "c"), ("v", "w"), ("i", "y"), ("o", "a"), ("e", "ie"), ("dr", "der")]
SUFFIX_FORMS = {
    "sk": ["skaya", "ske"],
    "ia": ["iya", "ien"],
    " Oblast": [" Region", " Province"],
    " Valley": [" Vale", " Lowlands"],
}


# -- the steps ---------------------------------------------------------------------------------


def _parties(run):
    rng, used, slugs = run.rng, run.fresh("words"), run.fresh("party")
    objects = []
    for number in range(run.sizes["parties"]):
        word = _fresh_word(rng, used)
        name = rng.choice(PARTY_FORMS).format(w=word)
        objects.append(
            Party(
                name=name,
                slug=_unique(name, slugs),
                short_name=word[:3].upper(),
                description=f"A party to the talks since {2016 + rng.randrange(8)}.",
                sort_order=number + 1,
            )
        )
    parties = run.insert(Party, objects)
    run.keep("words", used)
    run.keep("party", slugs)
    order, weights = _ranked(rng, range(len(parties)), 1.1)
    languages = [rng.choice(LANGUAGES) for _ in parties]
    return parties, order, weights, languages


def _people(run, parties, party_order):
    rng, slugs = run.rng, run.fresh("person")
    count = run.sizes["people"]
    # Every party gets a speaker first; the rest go mostly to the parties that talk most.
    owners = [party_order[i % len(parties)] for i in range(min(count, len(parties)))]
    soft = _zipf(len(parties), 0.6)
    owners += rng.choices(party_order, cum_weights=soft, k=count - len(owners))
    objects, roles = [], []
    for owner in owners:
        first, last = _word(rng, 2, 2), _word(rng, 2, 3) + rng.choice(["", "ov", "enko", "son"])
        name = f"{first} {last}"
        party = parties[owner]
        objects.append(
            Person(
                name=name,
                slug=_unique(name, slugs),
                party=party,
                description=f"Speaks for {party.name}.",
            )
        )
    people = run.insert(Person, objects)
    run.keep("person", slugs)
    run.insert(
        PersonName,
        [
            PersonName(person=person, name=alias)
            for person in people
            for alias in (person.name.split()[-1], f"the {person.party.label} envoy")
        ],
    )
    for person in people:
        party = person.party
        start = START + datetime.timedelta(days=rng.randrange(DAYS // 2) - 2000)
        first_title = rng.choice(TITLES).format(party=party.name)
        if rng.random() < 0.5:
            ended = start + datetime.timedelta(days=rng.randint(200, 2500))
            roles.append(Role(person=person, title=first_title, started_on=start, ended_on=ended))
            second = ended + datetime.timedelta(days=rng.randint(1, 60))
            title = rng.choice(TITLES).format(party=party.name)
            roles.append(Role(person=person, title=title, started_on=second))
        else:
            roles.append(Role(person=person, title=first_title, started_on=start))
    run.insert(Role, roles)
    by_party = [[] for _ in parties]
    for index, person in enumerate(people):
        by_party[owners[index]].append(person)
    speakers = [(group, _zipf(len(group), 1.2)) for group in by_party]
    return speakers


def _topics(run):
    """Topics with their object phrases; a tenth at top level, the rest one or two levels down."""
    slugs = run.fresh("topic")
    count = run.sizes["topics"]
    top_count = min(count, max(3, round(count / 10)))
    top = []
    for index in range(top_count):
        name, obj = TOPICS[index % len(TOPICS)]
        if index >= len(TOPICS):
            name = f"{name} ({index // len(TOPICS) + 1})"
        topic = Topic(
            process=run.process, name=name, slug=_unique(name, slugs), sort_order=index * 10 + 10
        )
        top.append((topic, obj))
    tops = run.insert(Topic, [topic for topic, _ in top])
    rest = count - top_count
    second_count = round(rest * 0.3)
    # Level one: (parent, aspect) pairs, each used once while there are enough of them.
    parents = [(topic, topic.name, obj) for topic, (_, obj) in zip(tops, top, strict=True)]
    firsts = _subtopics(run, parents, rest - second_count, slugs)
    seconds = _subtopics(run, firsts, second_count, slugs) if firsts else []
    run.keep("topic", slugs)
    topics = tops + [topic for topic, _, _ in firsts + seconds]
    phrases = [obj for _, obj in top] + [obj for _, _, obj in firsts + seconds]
    return topics, phrases


def _subtopics(run, parents, count, slugs):
    """`count` children of `parents` ((topic, name, object phrase)), one aspect each."""
    rng = run.rng
    pairs = [(p, a) for p in range(len(parents)) for a in range(len(ASPECTS))]
    pairs = [(p, a) for p, a in pairs if ASPECTS[a][0] not in parents[p][1].split(": ")[-1]]
    rng.shuffle(pairs)
    objects, details = [], []
    for index in range(count):
        parent, aspect = pairs[index % len(pairs)]
        topic, parent_name, parent_obj = parents[parent]
        label, template = ASPECTS[aspect]
        name = f"{parent_name}, {label}" if ": " in parent_name else f"{parent_name}: {label}"
        if index >= len(pairs):
            name = f"{name} ({index // len(pairs) + 1})"
        objects.append(
            Topic(
                process=run.process,
                name=name,
                slug=_unique(name, slugs),
                parent=topic,
                sort_order=index + 1,
            )
        )
        details.append((name, template.format(obj=parent_obj)))
    made = run.insert(Topic, objects)
    return [(topic, name, obj) for topic, (name, obj) in zip(made, details, strict=True)]


def _regions(run):
    rng, used, slugs = run.rng, run.fresh("region words"), run.fresh("region")
    regions, bases = [], []
    for _ in range(run.sizes["regions"]):
        base = _fresh_word(rng, used, 2, 3)
        suffix = rng.choice(["", "sk", "ia", " Oblast", " Valley"])
        used.add((base + suffix).lower())
        regions.append(Region(name=base + suffix, slug=_unique(base + suffix, slugs)))
        bases.append((base, suffix))
    regions = run.insert(Region, regions)
    other_names = []
    for region, (base, suffix) in zip(regions, bases, strict=True):
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            variant = _other_name(rng, base, suffix)
            if variant is None or variant.lower() in used:
                continue
            used.add(variant.lower())
            other_names.append(
                RegionName(region=region, name=variant, note=rng.choice(REGION_NOTES))
            )
    run.insert(RegionName, other_names)
    run.keep("region words", used)
    run.keep("region", slugs)
    return regions, _zipf(len(regions), 1.0)


def _other_name(rng, base, suffix):
    """Another spelling of a region's name, or another form of its suffix."""
    if suffix in SUFFIX_FORMS and rng.random() < 0.4:
        return base + rng.choice(SUFFIX_FORMS[suffix])
    options = [(old, new) for old, new in SPELLINGS if old in base.lower()]
    if not options:
        return None
    old, new = rng.choice(options)
    return _cap(base.lower().replace(old, new, 1)) + suffix


def _proposals(run, parties, party_order, party_weights, phrases):
    """Proposals and their versions; each version keeps, rewords, drops and adds points."""
    rng, slugs = run.rng, run.fresh("proposal")
    proposal_objects = []
    for _ in range(run.sizes["proposals"]):
        party = parties[rng.choices(party_order, cum_weights=party_weights)[0]]
        title = rng.choice(["{w} Peace Plan", "{w} Framework", "{w} Declaration", "{w} Roadmap"])
        title = title.format(w=_word(rng))
        proposal_objects.append(
            Proposal(
                process=run.process,
                title=title,
                slug=_unique(title, slugs),
                party=party,
                description=f"A plan put forward by {party.name}.",
            )
        )
    proposals = run.insert(Proposal, proposal_objects)
    run.keep("proposal", slugs)
    version_count = run.sizes["versions"]
    # Plan every version's points first: (text, topic phrase, position in the previous version).
    plans, version_objects = [], []
    for proposal in proposals:
        day = START + datetime.timedelta(days=rng.randrange(max(1, DAYS - version_count * 90)))
        previous, versions_plan = [], []
        for number in range(1, version_count + 1):
            points, changes = _next_points(rng, previous, phrases)
            versions_plan.append(points)
            previous = points
            version_objects.append(
                _version(rng, proposal, number, version_count, points, changes, min(day, END))
            )
            day += datetime.timedelta(days=rng.randint(14, 90))
        plans.append(versions_plan)
    versions = run.insert(ProposalVersion, version_objects)
    _insert_points(run, plans, versions, version_count)
    return sorted(versions, key=lambda version: (version.presented_on, version.pk))


def _next_points(rng, previous, phrases):
    """The points of the next version: the previous ones kept, reworded or dropped, then new ones."""
    points, changes = [], Counter()
    for position, (text, obj, _) in enumerate(previous):
        roll = rng.random()
        if roll < 0.1:
            changes["dropped"] += 1
        elif roll < 0.3:
            changes["reworded"] += 1
            points.append((_reworded(rng, text, obj), obj, position))
        else:
            changes["kept"] += 1
            points.append((text, obj, position))
    target = rng.randint(20, 30)
    while len(points) < target:
        changes["added"] += 1
        obj = rng.choice(phrases)
        points.append((_point_text(rng, obj), obj, None))
    return points, changes


def _version(rng, proposal, number, version_count, points, changes, day):
    label = "Initial draft" if number == 1 else f"Revised draft {number}"
    if number == version_count and number > 1:
        label = "Final text"
    estimate = rng.random() < 0.1
    return ProposalVersion(
        proposal=proposal,
        number=number,
        label=label,
        presented_on=day,
        point_count=5 * round(len(points) / 5) if estimate else len(points),
        point_count_is_estimate=estimate,
        summary=f"Version {number} of the {proposal.title}, in {len(points)} points.",
        changes=(
            f"{changes['kept']} points kept, {changes['reworded']} reworded, "
            f"{changes['added']} added, {changes['dropped']} dropped."
            if number > 1
            else ""
        ),
    )


def _insert_points(run, plans, versions, version_count):
    """One insert per version number, so each point can link to the ids of the version before."""
    made_before = [[] for _ in plans]
    for number in range(version_count):
        points = []
        for p, plan in enumerate(plans):
            version = versions[p * version_count + number]
            for position, (text, _, previous) in enumerate(plan[number], start=1):
                old = made_before[p][previous] if previous is not None else None
                points.append(
                    ProposalPoint(version=version, number=position, text=text, previous=old)
                )
        made = iter(run.insert(ProposalPoint, points))
        made_before = [[next(made) for _ in plan[number]] for plan in plans]


def _point_text(rng, obj):
    return rng.choice(POINTS).format(obj=obj, Obj=_cap(obj), n=rng.choice([7, 14, 30, 60, 90]))


def _reworded(rng, text, obj):
    for _ in range(10):
        new = _point_text(rng, obj)
        if new != text:
            return new
    return text + " (amended)"


@dataclass
class _World:
    parties: list
    party_order: list
    party_weights: list
    languages: list
    speakers: list
    topics: list
    phrases: list
    topic_order: list
    topic_weights: list
    party_topics: list
    regions: list
    region_weights: list
    versions: list
    version_days: list
    cities: list
    publishers: list
    publisher_weights: list


def _talk_day(run, world):
    """A day offset from START; talk clusters around the days plans are presented."""
    rng = run.rng
    if world.version_days and rng.random() < 0.4:
        centre = (rng.choice(world.version_days) - START).days
        return min(DAYS - 1, max(0, centre + round(rng.gauss(0, 20))))
    return rng.randrange(DAYS)


def _pick_topic(run, world, party):
    """Most talk follows the common agenda; some follows the party's own priorities."""
    order = world.topic_order if run.rng.random() < 0.7 else world.party_topics[party]
    return run.rng.choices(order, cum_weights=world.topic_weights)[0]


def _plan_conditions(run, world):
    """Every term as [party, topic, kind, from day, until day, statement count], by date."""
    rng = run.rng
    plans = []
    for _ in range(run.sizes["conditions"]):
        party = rng.choices(world.party_order, cum_weights=world.party_weights)[0]
        topic = _pick_topic(run, world, party)
        kind = rng.choices(range(len(KINDS)), cum_weights=KIND_CUMULATIVE)[0]
        plans.append([party, topic, kind, _talk_day(run, world), None, 0])
    sizes = _compose(rng, run.sizes["statements"], len(plans), MAX_STATEMENTS_PER_CONDITION)
    for plan, size in zip(plans, sizes, strict=True):
        plan[5] = size
    plans.sort(key=lambda plan: plan[3])
    cells = {}
    for plan in plans:
        cells.setdefault((plan[0], plan[1]), []).append(plan)
    for cell in cells.values():
        starts = [plan[3] for plan in cell]
        for plan in cell:
            if rng.random() >= SUPERSEDED_SHARE:
                continue
            # Superseded by the party's next term on the topic, or withdrawn some months on.
            later = bisect.bisect_right(starts, plan[3])
            until = starts[later] - 1 if later < len(starts) else plan[3] + rng.randint(30, 400)
            plan[4] = min(until, DAYS - 1)
    return plans


def _compose(rng, total, parts, cap):
    """`parts` sizes of 1..cap, skewed (broken stick), that add up to `total` where possible.

    With fewer items than parts, the surplus parts get 0; with more than parts × cap, the
    sizes add up to parts × cap.
    """
    if total <= parts:
        sizes = [1] * total + [0] * (parts - total)
        rng.shuffle(sizes)
        return sizes
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    excess = sum(max(0, size - cap) for size in sizes)
    sizes = [min(size, cap) for size in sizes]
    if excess:
        # Hand what a term cannot take to the terms with room, so every statement is still used.
        order = list(range(parts))
        rng.shuffle(order)
        for index in order:
            take = min(cap - sizes[index], excess)
            sizes[index] += take
            excess -= take
            if not excess:
                break
    return sizes


def _insert_conditions(run, world, plans):
    """Insert the planned terms in batches; returns their ids in plan order."""
    ids = array("q")
    for first in range(0, len(plans), run.batch_size):
        batch = plans[first : first + run.batch_size]
        pending = [_condition(run, world, plan) for plan in batch]
        made = run.insert(Condition, [condition for condition, _ in pending])
        ids.extend(condition.pk for condition in made)
        run.link(
            Condition._meta.get_field("regions"),
            [(c.pk, r.pk) for c, (_, regions) in zip(made, pending, strict=True) for r in regions],
        )
    return ids


def _condition(run, world, plan):
    rng = run.rng
    party, topic, kind_index, day, until, size = plan
    kind = KINDS[kind_index]
    valid_from = START + datetime.timedelta(days=day)
    addressed_to = None
    if rng.random() < 0.5:
        other = rng.choices(world.party_order, cum_weights=world.party_weights)[0]
        addressed_to = world.parties[other] if other != party else None
    version = None
    tie = 0.6 if kind in (ConditionKind.ACCEPTANCE, ConditionKind.REJECTION) else 0.05
    if world.versions and rng.random() < tie:
        presented = bisect.bisect_right(world.version_days, valid_from)
        if presented:
            version = world.versions[rng.randrange(max(0, presented - 3), presented)]
    regions = []
    if rng.random() < 0.3:
        regions = _distinct(rng, world.regions, world.region_weights, rng.randint(1, 3))
    details = ""
    if size and rng.random() < 0.25:
        details = f"Stated in {size} statement(s) from {valid_from:%d %B %Y}."
    condition = Condition(
        party_id=world.parties[party].pk,
        topic_id=world.topics[topic].pk,
        kind=kind,
        summary=SUMMARIES[kind].format(obj=world.phrases[topic])[:240],
        details=details,
        addressed_to_id=addressed_to.pk if addressed_to else None,
        proposal_version_id=version.pk if version else None,
        valid_from=valid_from,
        valid_from_precision="day" if rng.random() < 0.95 else "month",
        valid_until=None if until is None else START + datetime.timedelta(days=until),
        **run.published(valid_from),
    )
    return condition, regions


def _statement_stream(run, world, plans):
    """(plan index, first of its plan, party, topic, day, kind) for every statement, by term.

    A term's first statement is made on the day it starts, the others while it stands.
    Statements no term can take (more than 20 per term) follow, unattached.
    """
    rng = run.rng
    made = 0
    for index, (party, topic, kind_index, start, until, size) in enumerate(plans):
        end = until if until is not None else min(DAYS - 1, start + rng.randint(0, 540))
        for j in range(size):
            day = start if j == 0 else rng.randint(start, end)
            kind = KINDS[kind_index]
            if j and rng.random() < 0.2:
                kind = rng.choices(KINDS, cum_weights=KIND_CUMULATIVE)[0]
            yield index, j == 0, party, topic, day, kind
        made += size
    for _ in range(run.sizes["statements"] - made):
        party = rng.choices(world.party_order, cum_weights=world.party_weights)[0]
        kind = rng.choices(KINDS, cum_weights=KIND_CUMULATIVE)[0]
        yield -1, False, party, _pick_topic(run, world, party), _talk_day(run, world), kind


def _statement_chunk(run, world, items):
    """Insert one chunk of the stream's statements; returns them and what their text is made of."""
    rng = run.rng
    rows, objects = [], []
    for _, _, party, topic, offset, kind in items:
        day = START + datetime.timedelta(days=offset)
        group, weights = world.speakers[party]
        speaker = None
        if group and rng.random() > 0.1:
            speaker = rng.choices(group, cum_weights=weights)[0]
        mode = StatementMode.QUOTE if rng.random() < QUOTE_SHARE else StatementMode.REPORTED
        other = rng.choices(world.party_order, cum_weights=world.party_weights)[0]
        if other == party:
            other = (party + 1) % len(world.parties)
        where = ""
        if rng.random() < 0.3:
            region = rng.choices(world.regions, cum_weights=world.region_weights)[0]
            where = f" in {region.name}"
        party_obj = world.parties[party]
        slots = {
            "obj": world.phrases[topic],
            "Obj": _cap(world.phrases[topic]),
            "where": where,
            "other": world.parties[other].name,
            "Other": world.parties[other].name,
            "party": party_obj.name,
        }
        who = speaker.name if speaker else party_obj.name
        precision = rng.choices(["day", "month", "week", "approx"], cum_weights=[94, 97, 99, 100])
        objects.append(
            Statement(
                party_id=party_obj.pk,
                speaker_id=speaker.pk if speaker else None,
                said_on=day,
                said_on_precision=precision[0],
                occasion=rng.choice(OCCASIONS).format(
                    city=rng.choice(world.cities), publisher=rng.choice(world.publishers)
                ),
                place=rng.choice(world.cities) if rng.random() < 0.7 else "",
                mode=mode,
                language=world.languages[party] if rng.random() < 0.7 else "en",
                summary=f"{who} on {world.topics[topic].name.lower()}: {kind.label}"[:300],
                **run.published(day),
            )
        )
        rows.append((party, topic, day, kind, mode, slots, speaker))
    return run.insert(Statement, objects), rows


def _link_statements(run, plans, condition_ids, items, statements, latest):
    """Link a chunk's statements to their terms; now and then a term also rests on the
    party's previous statement on the topic. `latest` keeps those across chunks."""
    pairs = []
    for (index, first, party, topic, _, _), statement in zip(items, statements, strict=True):
        cell = (party, topic)
        if index >= 0:
            pairs.append((condition_ids[index], statement.pk))
            size = plans[index][5]
            earlier = latest.get(cell)
            if first and earlier and size < MAX_STATEMENTS_PER_CONDITION and run.chance(0.15):
                pairs.append((condition_ids[index], earlier))
        latest[cell] = latest[party] = latest[None] = statement.pk
    run.link(Condition._meta.get_field("statements"), pairs)


def _link_leftover_conditions(run, plans, condition_ids, latest):
    """Terms left without a statement of their own (more terms than statements) rest on the
    latest statement of their party on their topic, or of their party, or any."""
    pairs = []
    for index, (party, topic, *_, size) in enumerate(plans):
        if size == 0:
            statement = latest.get((party, topic)) or latest.get(party) or latest.get(None)
            pairs.append((condition_ids[index], statement))
    run.link(Condition._meta.get_field("statements"), pairs)


def _wordings(rng, kind, mode, slots, count):
    """The wording each of `count` sources prints for one statement."""
    if mode == StatementMode.QUOTE:
        base = rng.choice(QUOTES[kind]).format(**slots)
        wordings = [base]
        for _ in range(count - 1):
            variant = base
            if rng.random() < 0.5:
                options = [pair for pair in TRANSLATIONS if pair[0] in base]
                if options:
                    old, new = rng.choice(options)
                    variant = base.replace(old, new, 1)
                else:
                    variant = "Let me be clear. " + base
            wordings.append(variant)
        return wordings
    templates = REPORTED[kind]
    start = rng.randrange(len(templates))
    return [templates[(start + j) % len(templates)].format(**slots) for j in range(count)]


def _attestation_count(rng, mean):
    """1 plus a geometric number of further reports, so that the mean is `mean`."""
    extra = mean - 1
    if extra <= 0:
        return 1
    more = extra / (1 + extra)
    count = 1
    while count < 8 and rng.random() < more:
        count += 1
    return count


def _sources_for_chunk(run, world, statements, rows, source_count, numbering):
    """Sources for one chunk: each prints the chunk's statements of a few consecutive days."""
    items = _printed_by_source(run, rows, source_count)
    sources, texts = [], []
    for number, printed in enumerate(items, start=numbering):
        source, offsets = _source(run, world, rows, printed, number)
        sources.append(source)
        texts.append(offsets)
    sources = run.insert(Source, sources)
    attestations = []
    for source, offsets in zip(sources, texts, strict=True):
        for index, wording, start, note in offsets:
            attestations.append(
                Attestation(
                    statement_id=statements[index].pk,
                    source_id=source.pk,
                    wording=wording,
                    start=start,
                    end=start + len(wording),
                    note=note,
                )
            )
    run.insert(Attestation, attestations)


def _printed_by_source(run, rows, source_count):
    """For each source, the (statement index, wording) pairs it prints, in date order."""
    rng = run.rng
    mean = run.sizes["attestations_per_statement"]
    order = sorted(range(len(rows)), key=lambda i: (rows[i][2], i))
    weights = [rng.lognormvariate(0, 0.6) for _ in range(source_count)]
    total, bounds, running = sum(weights), [], 0.0
    for weight in weights:
        running += weight
        bounds.append(round(running / total * len(order)))
    items = [[] for _ in range(source_count)]
    for position, index in enumerate(order):
        home = min(bisect.bisect_right(bounds, position), source_count - 1)
        _party, _topic, _day, kind, mode, slots, _speaker = rows[index]
        count = _attestation_count(rng, mean)
        for j, wording in enumerate(_wordings(rng, kind, mode, slots, count)):
            # A statement's further reports are in the next (or previous) day's sources.
            target = home + j if home + j < source_count else max(0, home - j)
            items[target].append((index, wording))
    return items


def _source(run, world, rows, printed, number):
    """One source printing `printed`, and where each wording stands in its text."""
    rng = run.rng
    publisher = rng.choices(world.publishers, cum_weights=world.publisher_weights)[0]
    days = [rows[index][2] for index, _ in printed]
    day = min(END, max(days) + datetime.timedelta(days=rng.randint(0, 2))) if days else None
    day = day or run.day()
    if printed:
        party, topic = rows[printed[0][0]][0], rows[printed[0][0]][1]
        headline = (
            f"{world.parties[party].name} sets out terms on {world.topics[topic].name.lower()}"
        )
    else:
        headline = f"Talks stall in {rng.choice(world.cities)}"
    text, offsets = _source_text(rng, world, publisher, headline, printed, rows)
    source = Source(
        publisher=publisher,
        title=headline,
        url=f"https://{slugify(publisher)}.example/{day:%Y/%m/%d}/{slugify(headline)[:80]}-{number}",
        author=f"{_word(rng, 2, 2)} {_word(rng, 2, 3)}",
        published_on=day,
        language="en",
        text=text,
        **run.published(day),
    )
    return source, offsets


def _source_text(rng, world, publisher, headline, printed, rows):
    """Prose holding each wording verbatim; returns the text and (row, wording, start, note)."""
    parts, length, offsets = [], 0, []

    def add(piece):
        nonlocal length
        parts.append(piece)
        length += len(piece)

    def filler(count):
        sentences = []
        for _ in range(count):
            sentences.append(
                rng.choice(FILLER).format(
                    city=rng.choice(world.cities),
                    weekday=rng.choice(WEEKDAYS),
                    n=rng.randint(2, 40),
                    adj=rng.choice(ADJECTIVES),
                    party=rng.choice(world.parties).name,
                    party2=rng.choice(world.parties).name,
                    region=rng.choice(world.regions).name,
                    publisher=publisher,
                )
            )
        return " ".join(sentences)

    add(f"{headline}\n\n{filler(rng.randint(2, 4))}\n\n")
    for index, wording in sorted(printed, key=lambda item: (rows[item[0]][2], item[0])):
        party, _, _, _, mode, _, speaker = rows[index]
        who = speaker.name if speaker else f"a spokesperson for {world.parties[party].name}"
        add(filler(rng.randint(1, 3)) + " ")
        note = ""
        if mode == StatementMode.QUOTE:
            if world.languages[party] != "en" and rng.random() < 0.5:
                note = "English translation"
            if rng.random() < 0.5:
                add(f"{_cap(who)} told reporters: “")
                offsets.append((index, wording, length, note))
                add(wording)
                add("”\n\n")
            else:
                add("“")
                offsets.append((index, wording, length, note))
                add(wording)
                add(f"” {who} said.\n\n")
        else:
            add(f"{_cap(who)} said on {rng.choice(WEEKDAYS)} that ")
            offsets.append((index, wording, length, note))
            add(wording)
            add(".\n\n")
    add(filler(rng.randint(2, 5)) + "\n")
    return "".join(parts), offsets


def _events(run, world):
    rng = run.rng
    kinds = [kind for kind, _ in EventKind.choices]
    pending = []
    for _ in range(run.sizes["events"]):
        kind = rng.choice(kinds)
        status = rng.choices(
            [EventStatus.HELD, EventStatus.POSTPONED, EventStatus.CANCELLED, EventStatus.SCHEDULED],
            cum_weights=[80, 87, 92, 100],
        )[0]
        day = run.day()
        if status == EventStatus.SCHEDULED:
            day = END - datetime.timedelta(days=rng.randrange(60))
        city = rng.choice(world.cities)
        parties = _distinct(rng, world.party_order, world.party_weights, rng.randint(2, 4))
        people = []
        for party in parties:
            group, _ = world.speakers[party]
            people += rng.sample(group, min(len(group), rng.randint(1, 2)))
        version = None
        if world.versions and rng.random() < 0.1:
            version = rng.choice(world.versions)
        label = EventKind(kind).label
        event = Event(
            process=run.process,
            kind=kind,
            title=f"{_cap(label)} in {city}: {' – '.join(world.parties[p].label for p in parties)}",
            status=status,
            starts_on=day,
            place=city,
            proposal_version=version,
            description=f"A {label} on {rng.choice(world.topics).name.lower()}.",
        )
        pending.append((event, parties, people))
    events = run.insert(Event, [event for event, _, _ in pending])
    rows = list(zip(events, pending, strict=True))
    run.link(
        Event._meta.get_field("participants"),
        [(e.pk, person.pk) for e, (_, _, people) in rows for person in people],
    )
    run.link(
        Event._meta.get_field("parties"),
        [(e.pk, world.parties[p].pk) for e, (_, parties, _) in rows for p in parties],
    )


def _facts(run, world):
    rng = run.rng
    pending = []
    for _ in range(run.sizes["facts"]):
        region = rng.choices(world.regions, cum_weights=world.region_weights)[0]
        party = world.parties[rng.choices(world.party_order, cum_weights=world.party_weights)[0]]
        approximate = rng.random() < 0.5
        share = rng.randint(2, 90)
        fact = Fact(
            process=run.process,
            summary=f"{'About ' if approximate else ''}{share}% of {region.name} is held by {party.name}",
            as_of=run.day(),
            is_approximate=approximate,
            topic=rng.choice(world.topics) if rng.random() < 0.8 else None,
        )
        regions = [region] + ([rng.choice(world.regions)] if rng.random() < 0.2 else [])
        pending.append((fact, list(dict.fromkeys(regions))))
    facts = run.insert(Fact, [fact for fact, _ in pending])
    run.link(
        Fact._meta.get_field("regions"),
        [(f.pk, r.pk) for f, (_, regions) in zip(facts, pending, strict=True) for r in regions],
    )


# -- the whole run -----------------------------------------------------------------------------


def generate(
    *,
    statements,
    seed=1,
    clear=False,
    attestations_per_statement=1.5,
    batch_size=BATCH_SIZE,
    chunk_size=STATEMENT_CHUNK,
    progress=None,
    processes=1,
    **overrides,
):
    """Fill the database with a synthetic negotiation, all or nothing; returns rows per table.

    Rows go in with bulk_create, so no simple-history rows are written. Refuses (raises
    DatabaseNotEmpty) when tracked data exists, unless `clear`, which empties it first.
    """
    if attestations_per_statement < 1:
        raise ValueError("every statement has at least one attestation: the mean must be >= 1")
    shares = process_shares(statements, processes)
    every_size = []
    for share in shares:
        sizes = plan_sizes(share, **overrides)
        sizes["attestations_per_statement"] = attestations_per_statement
        every_size.append(sizes)
    run = _Run(rng=random.Random(seed), sizes=every_size[0], batch_size=batch_size)
    say = progress or (lambda message: None)
    began = time.perf_counter()

    def step(message):
        say(f"{time.perf_counter() - began:7.1f}s  {message}")

    with transaction.atomic():
        _make_room(clear)
        for number, sizes in enumerate(every_size, start=1):
            run.sizes = sizes
            of = f" (process {number} of {len(shares)})" if len(shares) > 1 else ""
            step(f"parties, people, topics, regions, proposals{of}")
            world = _build_world(run, number)
            step(f"conditions{of}")
            plans = _plan_conditions(run, world)
            condition_ids = _insert_conditions(run, world, plans)
            _fill_statements(run, world, plans, condition_ids, chunk_size, step)
            del plans, condition_ids
            step(f"events and facts{of}")
            _events(run, world)
            _facts(run, world)
        # Bulk inserts send no signals: raise the data version by hand so cached results go.
        dataversion.bump()
    step("done")
    return Result(counts=dict(run.counts), seconds=time.perf_counter() - began, sizes=every_size[0])


def process_shares(statements, processes):
    """How many of `statements` each of `processes` peace processes gets: each about half the
    one before it (4:2:1 for three), so that a reader of a small process and one of a large
    process both have figures; together exactly `statements`."""
    if processes < 1:
        raise ValueError("at least one peace process is needed")
    weights = [2 ** (processes - 1 - index) for index in range(processes)]
    shares = [statements * weight // sum(weights) for weight in weights]
    shares[0] += statements - sum(shares)
    if min(shares) < 1:
        raise ValueError(f"{statements} statements cannot be shared by {processes} processes")
    return shares


def _make_room(clear):
    """Empty the tracked data when asked to; otherwise refuse a database that holds some."""
    if clear:
        clear_tracked_data()
        return
    existing = tracked_row_counts()
    if existing:
        raise DatabaseNotEmpty(existing)


def _build_world(run, number=1):
    """A peace process with its parties, people, topics, regions and proposals: what its
    statements are made of."""
    suffix = "" if number == 1 else f" {number}"
    (run.process,) = run.insert(
        PeaceProcess,
        [
            PeaceProcess(
                name=f"Synthetic talks{suffix}",
                slug=slugify(f"synthetic-talks{suffix}"),
                conflict=f"Synthetic war{suffix}",
                sort_order=100 + (number - 1) * 10,  # 100, the default, for the first
            )
        ],
    )
    parties, party_order, party_weights, languages = _parties(run)
    run.insert(Participation, [Participation(process=run.process, party=p) for p in parties])
    speakers = _people(run, parties, party_order)
    topics, phrases = _topics(run)
    topic_order, topic_weights = _ranked(run.rng, range(len(topics)), 1.0)
    party_topics = []
    for _ in parties:
        own = list(topic_order)
        run.rng.shuffle(own)
        party_topics.append(own)
    regions, region_weights = _regions(run)
    versions = _proposals(run, parties, party_order, party_weights, phrases)
    used = run.fresh("publisher words")
    publishers = [
        f"The {_fresh_word(run.rng, used)} {run.rng.choice(OUTLETS)}"
        for _ in range(max(5, min(60, run.sizes["sources"] // 50)))
    ]
    run.keep("publisher words", used)
    return _World(
        parties=parties,
        party_order=party_order,
        party_weights=party_weights,
        languages=languages,
        speakers=speakers,
        topics=topics,
        phrases=phrases,
        topic_order=topic_order,
        topic_weights=topic_weights,
        party_topics=party_topics,
        regions=regions,
        region_weights=region_weights,
        versions=versions,
        version_days=[version.presented_on for version in versions],
        cities=[_word(run.rng) for _ in range(40)],
        publishers=publishers,
        publisher_weights=_zipf(len(publishers), 1.0),
    )


def _fill_statements(run, world, plans, condition_ids, chunk_size, step):
    """The statements, their attestations and sources, a chunk at a time to bound memory."""
    statements, sizes = run.sizes["statements"], run.sizes
    stream = _statement_stream(run, world, plans)
    latest = {}
    chunks = max(1, min(-(-statements // chunk_size), sizes["sources"]))
    made_sources = 0
    for chunk in range(chunks):
        first = statements * chunk // chunks
        last = statements * (chunk + 1) // chunks
        source_count = sizes["sources"] * (chunk + 1) // chunks - made_sources
        step(f"statements {first + 1:,}-{last:,} with their attestations and sources")
        items = list(itertools.islice(stream, last - first))
        made, rows = _statement_chunk(run, world, items)
        _link_statements(run, plans, condition_ids, items, made, latest)
        _sources_for_chunk(run, world, made, rows, source_count, made_sources + 1)
        made_sources += source_count
        del items, made, rows
    _link_leftover_conditions(run, plans, condition_ids, latest)


@dataclass
class Result:
    counts: dict
    seconds: float
    sizes: dict
