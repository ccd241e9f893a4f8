"""Generates a large, realistically shaped synthetic negotiation for benchmarks: same seed, same data."""

import bisect
import datetime
import heapq
import random
import time
from array import array
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, reset_queries, transaction
from django.utils.text import slugify

from negotiations.models import (
    Attestation,
    Condition,
    ConditionKind,
    Event,
    EventKind,
    EventStatus,
    Fact,
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
from parties.models import Party, Person, Role

TRACKED_APPS = ("parties", "negotiations")

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


def tracked_models():
    """Every table of the tracked apps: models, their history and their many-to-many links."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in TRACKED_APPS and model._meta.managed and not model._meta.proxy
    ]


def tracked_row_counts():
    """Rows per table of the tracked apps, leaving out the empty ones."""
    counts = {model._meta.label: model._default_manager.count() for model in tracked_models()}
    return {label: count for label, count in counts.items() if count}


def clear_tracked_data():
    """Empty every tracked table, history included, and restart their id sequences at 1."""
    tables = [model._meta.db_table for model in tracked_models()]
    # One flush statement: a row-by-row delete would load every row and write a history row
    # for each one through simple-history's signals.
    sql = connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=False)
    connection.ops.execute_sql_flush(sql)


# -- plumbing ---------------------------------------------------------------------------------


@dataclass
class _Run:
    rng: random.Random
    sizes: dict
    batch_size: int
    counts: Counter = field(default_factory=Counter)

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


SYLLABLES = (
    "al an ar bel bor cal dar del dor el en fal gar hel is kar kel lan lor mar mir nor ol or pal "
    "pol ran ros sal sen tal tor ul val ver vin zar zel bra dro gri kra sto tre vla"
).split()


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
ADJECTIVES = "constructive tense businesslike difficult cordial frank slow uneven".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
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
LANGUAGES = "en fr de ru uk tr pl es it fi ar zh".split()
OUTLETS = "Herald Times Post Observer Courier Gazette Wire Review Tribune Monitor Chronicle".split()
POINTS = [
    "The parties commit to {obj} within {n} days.",
    "{Obj} will be overseen by an international commission.",
    "{Obj} will be settled at a later stage of the talks.",
    "The parties agree in principle to {obj}.",
    "{Obj} will take effect once {n} per cent of forces have withdrawn.",
    "A joint working group will prepare {obj} within {n} weeks.",
]
REGION_NOTES = ["transliteration", "historical name", "official name", "local spelling"]
SPELLINGS = [("k", "c"), ("v", "w"), ("i", "y"), ("o", "a"), ("e", "ie"), ("sk", "sky")]


# -- the steps ---------------------------------------------------------------------------------


def _parties(run):
    rng, used, slugs = run.rng, set(), set()
    objects = []
    for number in range(run.sizes["parties"]):
        name = rng.choice(PARTY_FORMS).format(w=_fresh_word(rng, used))
        objects.append(
            Party(
                name=name,
                slug=_unique(name, slugs),
                short_name=name.split()[-1][:3].upper() if "of" in name else name[:3].upper(),
                description=f"A party to the talks since {2016 + rng.randrange(8)}.",
                sort_order=number + 1,
            )
        )
    parties = run.insert(Party, objects)
    order, weights = _ranked(rng, range(len(parties)), 1.1)
    languages = [rng.choice(LANGUAGES) for _ in parties]
    return parties, order, weights, languages


def _people(run, parties, party_order):
    rng, slugs = run.rng, set()
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
                other_names=f"{last}\nthe {party.label} envoy",
                description=f"Speaks for {party.name}.",
            )
        )
    people = run.insert(Person, objects)
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
    rng, slugs = run.rng, set()
    count = run.sizes["topics"]
    top_count = min(count, max(3, round(count / 10)))
    top = []
    for index in range(top_count):
        name, obj = TOPICS[index % len(TOPICS)]
        if index >= len(TOPICS):
            name = f"{name} ({index // len(TOPICS) + 1})"
        top.append((Topic(name=name, slug=_unique(name, slugs), sort_order=index * 10 + 10), obj))
    tops = run.insert(Topic, [topic for topic, _ in top])
    phrases = [obj for _, obj in top]
    rest = count - top_count
    second_count = round(rest * 0.3)
    first_level, first_phrases, first_roots = [], [], []
    for index in range(rest - second_count):
        parent = rng.randrange(top_count)
        aspect, template = rng.choice(ASPECTS)
        name = f"{tops[parent].name}: {aspect}"
        first_level.append(
            Topic(name=name, slug=_unique(name, slugs), parent=tops[parent], sort_order=index + 1)
        )
        first_phrases.append(template.format(obj=phrases[parent]))
        first_roots.append((tops[parent].name, aspect))
    firsts = run.insert(Topic, first_level)
    second_level, second_phrases = [], []
    for index in range(second_count if firsts else 0):
        parent = rng.randrange(len(firsts))
        aspect, template = rng.choice(ASPECTS)
        root, first_aspect = first_roots[parent]
        name = f"{root}: {first_aspect}, {aspect}"
        second_level.append(
            Topic(name=name, slug=_unique(name, slugs), parent=firsts[parent], sort_order=index + 1)
        )
        second_phrases.append(template.format(obj=first_phrases[parent]))
    seconds = run.insert(Topic, second_level)
    topics = tops + firsts + seconds
    return topics, phrases + first_phrases + second_phrases[: len(seconds)]


def _regions(run):
    rng, used, slugs = run.rng, set(), set()
    regions = []
    for _ in range(run.sizes["regions"]):
        name = _fresh_word(rng, used, 2, 3) + rng.choice(["", "sk", "ia", " Oblast", " Valley"])
        used.add(name.lower())
        regions.append(Region(name=name, slug=_unique(name, slugs)))
    regions = run.insert(Region, regions)
    other_names = []
    for region in regions:
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            old, new = rng.choice(SPELLINGS)
            lower = region.name.lower()
            variant = region.name.replace(old, new) if old in lower else region.name + "a"
            if variant.lower() in used:
                continue
            used.add(variant.lower())
            other_names.append(RegionName(region=region, name=variant, note=rng.choice(REGION_NOTES)))
    run.insert(RegionName, other_names)
    return regions, _zipf(len(regions), 1.0)


def _proposals(run, parties, party_order, party_weights, phrases):
    """Proposals and their versions; each version keeps, rewords, drops and adds points."""
    rng, slugs = run.rng, set()
    proposal_objects = []
    for _ in range(run.sizes["proposals"]):
        party = parties[rng.choices(party_order, cum_weights=party_weights)[0]]
        title = rng.choice(["{w} Peace Plan", "{w} Framework", "{w} Declaration", "{w} Roadmap"])
        title = title.format(w=_word(rng))
        proposal_objects.append(
            Proposal(
                title=title,
                slug=_unique(title, slugs),
                party=party,
                description=f"A plan put forward by {party.name}.",
            )
        )
    proposals = run.insert(Proposal, proposal_objects)
    version_count = run.sizes["versions"]
    version_objects = []
    for proposal in proposals:
        day = START + datetime.timedelta(days=rng.randrange(max(1, DAYS - version_count * 90)))
        for number in range(1, version_count + 1):
            label = "Initial draft" if number == 1 else f"Revised draft {number}"
            if number == version_count and number > 1:
                label = "Final text"
            version_objects.append(
                ProposalVersion(
                    proposal=proposal,
                    number=number,
                    label=label,
                    presented_on=min(day, END),
                    summary=f"Version {number} of the {proposal.title}.",
                )
            )
            day += datetime.timedelta(days=rng.randint(14, 90))
    versions = run.insert(ProposalVersion, version_objects)
    previous_points = {}
    for number in range(1, version_count + 1):
        points, changes = [], {}
        for version in versions:
            if version.number != number:
                continue
            texts, kept = [], {"kept": 0, "reworded": 0, "added": 0, "dropped": 0}
            for old in previous_points.get(version.proposal_id, []):
                roll = rng.random()
                if roll < 0.1:
                    kept["dropped"] += 1
                elif roll < 0.3:
                    kept["reworded"] += 1
                    texts.append((_point_text(rng, old.text_obj), old))
                else:
                    kept["kept"] += 1
                    texts.append((old.text, old))
            target = rng.randint(20, 30)
            while len(texts) < target:
                kept["added"] += 1
                texts.append((_point_text(rng, rng.choice(phrases)), None))
            for position, (text, old) in enumerate(texts, start=1):
                point = ProposalPoint(version=version, number=position, text=text, previous=old)
                point.text_obj = old.text_obj if old else text.split(" ", 1)[1]
                if old is None:
                    point.text_obj = _obj_of(text, phrases)
                points.append(point)
            changes[version.pk] = (len(texts), kept)
        made = run.insert(ProposalPoint, points)
        previous_points = {}
        for point in made:
            previous_points.setdefault(point.version.proposal_id, []).append(point)
        for version in versions:
            if version.pk in changes:
                total, kept = changes[version.pk]
                version.point_count = total
                version.point_count_is_estimate = rng.random() < 0.1
                if version.point_count_is_estimate:
                    version.point_count = 5 * round(total / 5) or total
                if number > 1:
                    version.changes = (
                        f"{kept['kept']} points kept, {kept['reworded']} reworded, "
                        f"{kept['added']} added, {kept['dropped']} dropped."
                    )
    ProposalVersion.objects.bulk_update(
        versions, ["point_count", "point_count_is_estimate", "changes"], batch_size=run.batch_size
    )
    versions.sort(key=lambda version: (version.presented_on, version.pk))
    return versions


def _point_text(rng, obj):
    return rng.choice(POINTS).format(obj=obj, Obj=_cap(obj), n=rng.choice([7, 14, 30, 60, 90]))


def _obj_of(text, phrases):
    for phrase in phrases:
        if phrase in text.lower():
            return phrase
    return text


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


def _statement_chunk(run, world, first, count, arrays):
    """Statements first..first+count, with their attestations and the sources that print them."""
    rng = run.rng
    rows, objects = [], []
    for _ in range(count):
        party = rng.choices(world.party_order, cum_weights=world.party_weights)[0]
        group, weights = world.speakers[party]
        speaker = None
        if group and rng.random() > 0.1:
            speaker = rng.choices(group, cum_weights=weights)[0]
        if rng.random() < 0.7:
            topic = rng.choices(world.topic_order, cum_weights=world.topic_weights)[0]
        else:
            topic = rng.choices(world.party_topics[party], cum_weights=world.topic_weights)[0]
        if world.version_days and rng.random() < 0.4:
            # Talk clusters around the days plans are presented.
            centre = rng.choice(world.version_days)
            day = min(END, max(START, centre + datetime.timedelta(days=round(rng.gauss(0, 20)))))
        else:
            day = run.day()
        kind = rng.choices(KINDS, cum_weights=KIND_CUMULATIVE)[0]
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
                party=party_obj,
                speaker=speaker,
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
    statements = run.insert(Statement, objects)
    for statement, (party, topic, day, kind, *_) in zip(statements, rows, strict=True):
        arrays["id"].append(statement.pk)
        arrays["party"].append(party)
        arrays["topic"].append(topic)
        arrays["day"].append((day - START).days)
        arrays["kind"].append(KINDS.index(kind))
    return statements, rows


def _wordings(rng, kind, mode, slots, count, mean):
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
        party, topic, day, kind, mode, slots, speaker = rows[index]
        count = _attestation_count(rng, mean)
        for j, wording in enumerate(_wordings(rng, kind, mode, slots, count, mean)):
            # A statement's further reports are in the next (or previous) day's sources.
            target = home + j if home + j < source_count else max(0, home - j)
            items[target].append((index, wording))
    sources, texts = [], []
    for number, printed in enumerate(items, start=numbering):
        publisher = rng.choices(world.publishers, cum_weights=world.publisher_weights)[0]
        days = [rows[index][2] for index, _ in printed]
        day = min(END, max(days) + datetime.timedelta(days=rng.randint(0, 2))) if days else None
        day = day or run.day()
        if printed:
            party, topic = rows[printed[0][0]][0], rows[printed[0][0]][1]
            headline = (
                f"{world.parties[party].name} sets out terms on "
                f"{world.topics[topic].name.lower()}"
            )
        else:
            headline = f"Talks stall in {rng.choice(world.cities)}"
        text, offsets = _source_text(rng, world, publisher, headline, printed, rows)
        domain = slugify(publisher)
        sources.append(
            Source(
                publisher=publisher,
                title=headline,
                url=f"https://{domain}.example/{day:%Y/%m/%d}/{slugify(headline)[:80]}-{number}",
                author=f"{_word(rng, 2, 2)} {_word(rng, 2, 3)}",
                published_on=day,
                language="en",
                text=text,
                **run.published(day),
            )
        )
        texts.append(offsets)
    sources = run.insert(Source, sources)
    attestations = []
    for source, offsets in zip(sources, texts, strict=True):
        for index, wording, start, note in offsets:
            attestations.append(
                Attestation(
                    statement=statements[index],
                    source=source,
                    wording=wording,
                    start=start,
                    end=start + len(wording),
                    note=note,
                )
            )
    run.insert(Attestation, attestations)


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


def _conditions(run, world, arrays):
    """Terms, each resting on 1-20 statements of one party on one topic, in date order."""
    rng = run.rng
    groups = {}
    for index in range(len(arrays["id"])):
        groups.setdefault((arrays["party"][index], arrays["topic"][index]), []).append(index)
    keys = sorted(groups)
    day_of = arrays["day"]
    for key in keys:
        groups[key].sort(key=lambda index: (day_of[index], index))
    allocation = _allocate([len(groups[key]) for key in keys], run.sizes["conditions"])
    pending = []
    for key, wanted in zip(keys, allocation, strict=True):
        members = groups[key]
        sets = _statement_sets(rng, members, wanted)
        terms = []
        for chosen in sets:
            first = min(chosen, key=lambda index: (day_of[index], index))
            terms.append((day_of[first], arrays["kind"][first], chosen))
        terms.sort(key=lambda term: term[0])
        for position, (day, kind_index, chosen) in enumerate(terms):
            valid_from = START + datetime.timedelta(days=day)
            valid_until = None
            if rng.random() < SUPERSEDED_SHARE:
                later = [t[0] for t in terms[position + 1 :] if t[0] > day]
                if later:
                    valid_until = START + datetime.timedelta(days=later[0] - 1)
                else:
                    last = max(day_of[index] for index in chosen)
                    valid_until = START + datetime.timedelta(days=last + rng.randint(30, 400))
            pending.append(
                _condition(run, world, key, valid_from, valid_until, KINDS[kind_index], chosen)
            )
            if len(pending) >= run.batch_size:
                _insert_conditions(run, arrays, pending)
                pending = []
    _insert_conditions(run, arrays, pending)


def _allocate(sizes, total):
    """Split `total` conditions over groups in proportion to their statements, one each first."""
    statements = sum(sizes)
    shares = [max(1, round(total * size / statements)) for size in sizes]
    difference = total - sum(shares)
    if difference > 0:
        heap = [(-size / share, g) for g, (size, share) in enumerate(zip(sizes, shares))]
        heapq.heapify(heap)
        for _ in range(difference):
            _, g = heapq.heappop(heap)
            shares[g] += 1
            heapq.heappush(heap, (-sizes[g] / shares[g], g))
    elif difference < 0:
        heap = [(size / share, g) for g, (size, share) in enumerate(zip(sizes, shares)) if share > 1]
        heapq.heapify(heap)
        while difference < 0 and heap:
            _, g = heapq.heappop(heap)
            shares[g] -= 1
            difference += 1
            if shares[g] > 1:
                heapq.heappush(heap, (sizes[g] / shares[g], g))
        # Fewer conditions than party-topic groups: the smallest groups go without.
        for g in sorted(range(len(sizes)), key=lambda g: (sizes[g], g)):
            if difference == 0:
                break
            shares[g] -= 1
            difference += 1
    return shares


def _statement_sets(rng, members, wanted):
    """`wanted` sets of 1-20 statements covering `members` (date-ordered) where that is possible."""
    cap, count = MAX_STATEMENTS_PER_CONDITION, len(members)
    if wanted <= 0:
        return []
    if count <= wanted:
        sets = [[index] for index in members]
        for _ in range(wanted - count):
            sets.append(rng.sample(members, rng.randint(1, min(count, 3))))
        return sets
    cuts = sorted(rng.sample(range(1, count), wanted - 1))
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, count], strict=True)]
    excess = sum(max(0, size - cap) for size in sizes)
    sizes = [min(size, cap) for size in sizes]
    if excess:
        # Hand what a run cannot take to the runs with room, so every statement is still used.
        order = list(range(wanted))
        rng.shuffle(order)
        for g in order:
            take = min(cap - sizes[g], excess)
            sizes[g] += take
            excess -= take
            if not excess:
                break
    sets, position = [], 0
    for size in sizes:
        chosen = members[position : position + size]
        if position and size < cap and rng.random() < 0.15:
            # Now and then a statement supports the next term too.
            chosen = [members[position - 1], *chosen]
        sets.append(chosen)
        position += size
    return sets


def _condition(run, world, key, valid_from, valid_until, kind, chosen):
    rng = run.rng
    party, topic = key
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
    if rng.random() < 0.25:
        details = f"Stated in {len(chosen)} statement(s) from {valid_from:%d %B %Y}."
    condition = Condition(
        party=world.parties[party],
        topic=world.topics[topic],
        kind=kind,
        summary=SUMMARIES[kind].format(obj=world.phrases[topic])[:240],
        details=details,
        addressed_to=addressed_to,
        proposal_version=version,
        valid_from=valid_from,
        valid_from_precision="day" if rng.random() < 0.95 else "month",
        valid_until=valid_until,
        **run.published(valid_from),
    )
    return condition, chosen, regions


def _insert_conditions(run, arrays, pending):
    if not pending:
        return
    made = run.insert(Condition, [condition for condition, _, _ in pending])
    ids = arrays["id"]
    run.link(
        Condition._meta.get_field("statements"),
        [(c.pk, ids[index]) for c, (_, chosen, _) in zip(made, pending, strict=True) for index in chosen],
    )
    run.link(
        Condition._meta.get_field("regions"),
        [(c.pk, r.pk) for c, (_, _, regions) in zip(made, pending, strict=True) for r in regions],
    )


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
    **overrides,
):
    """Fill the database with a synthetic negotiation, all or nothing; returns rows per table.

    Rows go in with bulk_create, so no simple-history rows are written. Refuses (raises
    DatabaseNotEmpty) when tracked data exists, unless `clear`, which empties it first.
    """
    if attestations_per_statement < 1:
        raise ValueError("every statement has at least one attestation: the mean must be >= 1")
    sizes = plan_sizes(statements, **overrides)
    sizes["attestations_per_statement"] = attestations_per_statement
    run = _Run(rng=random.Random(seed), sizes=sizes, batch_size=batch_size)
    say = progress or (lambda message: None)
    began = time.perf_counter()

    def step(message):
        say(f"{time.perf_counter() - began:7.1f}s  {message}")

    with transaction.atomic():
        if clear:
            clear_tracked_data()
        else:
            existing = tracked_row_counts()
            if existing:
                raise DatabaseNotEmpty(existing)
        step("parties, people, topics, regions, proposals")
        parties, party_order, party_weights, languages = _parties(run)
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
        used = set()
        publishers = [
            f"The {_fresh_word(run.rng, used)} {run.rng.choice(OUTLETS)}"
            for _ in range(max(5, min(60, sizes["sources"] // 50)))
        ]
        world = _World(
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
        # Only these compact columns outlive a chunk: conditions are built from them at the end.
        arrays = {"id": array("q"), "party": array("i"), "topic": array("i")}
        arrays |= {"day": array("i"), "kind": array("b")}
        chunks = max(1, min(-(-statements // chunk_size), sizes["sources"]))
        made_sources = 0
        for chunk in range(chunks):
            first = statements * chunk // chunks
            last = statements * (chunk + 1) // chunks
            source_count = sizes["sources"] * (chunk + 1) // chunks - made_sources
            step(f"statements {first + 1:,}-{last:,} with their attestations and sources")
            made, rows = _statement_chunk(run, world, first, last - first, arrays)
            _sources_for_chunk(run, world, made, rows, source_count, made_sources + 1)
            made_sources += source_count
            del made, rows
        step("conditions")
        _conditions(run, world, arrays)
        step("events and facts")
        _events(run, world)
        _facts(run, world)
    step("done")
    return Result(counts=dict(run.counts), seconds=time.perf_counter() - began, sizes=sizes)


@dataclass
class Result:
    counts: dict
    seconds: float
    sizes: dict
