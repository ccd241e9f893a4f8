"""Small factories for bulk test data: a bigger negotiation beside the seeded one."""

import datetime
import itertools

from negotiations.models import (
    Attestation,
    Condition,
    ConditionKind,
    PublishStatus,
    Source,
    Statement,
    Topic,
)
from parties.models import Party, Person

_counter = itertools.count(1)


def make_source(text="", publisher=None, status=PublishStatus.PUBLISHED, **fields):
    n = next(_counter)
    return Source.objects.create(
        publisher=publisher or f"Publisher {n}",
        title=fields.pop("title", f"Report {n}"),
        text=text,
        status=status,
        **fields,
    )


def make_statement(
    speaker=None,
    party=None,
    wording="We will not move.",
    said_on=datetime.date(2025, 11, 27),
    status=PublishStatus.PUBLISHED,
    source=None,
    mode="quote",
    **fields,
):
    party = party or speaker.party
    source = source or make_source(text=f'Intro. "{wording}" said someone.')
    statement = Statement.objects.create(
        party=party, speaker=speaker, said_on=said_on, mode=mode, status=status, **fields
    )
    attestation = Attestation(statement=statement, source=source, wording=wording)
    attestation.full_clean()
    attestation.save()
    return statement


def make_condition(
    party,
    topic,
    kind=ConditionKind.DEMAND,
    summary="A term.",
    statements=(),
    valid_from=datetime.date(2025, 11, 27),
    status=PublishStatus.PUBLISHED,
    regions=(),
    **fields,
):
    condition = Condition.objects.create(
        party=party,
        topic=topic,
        kind=kind,
        summary=summary,
        valid_from=valid_from,
        status=status,
        **fields,
    )
    condition.statements.set(statements)
    condition.regions.set(regions)
    return condition


def make_draft_offer(party_slug, topic_slug, summary="A draft seen only by editors"):
    """A draft offer of a seeded party on a seeded topic, on a draft statement of its own."""
    party = Party.objects.get(slug=party_slug)
    return make_condition(
        party,
        Topic.objects.get(slug=topic_slug),
        kind=ConditionKind.OFFER,
        summary=summary,
        statements=[make_statement(party=party, wording="Draft.", status=PublishStatus.DRAFT)],
        status=PublishStatus.DRAFT,
    )


def the_process():
    """The peace process tests add their topics, proposals, events and facts to: the seeded
    one when the test has the seed, else one made for the test."""
    from negotiations.models import PeaceProcess

    found = PeaceProcess.objects.order_by("id").first()
    return found or PeaceProcess.objects.create(name="Test talks", slug="test-talks")


def grow(times=3):
    """Add `times` more parties, topics, people, and terms with statements in every new cell."""
    made = []
    for _ in range(times):
        n = next(_counter)
        party = Party.objects.create(name=f"Party {n}", slug=f"party-{n}")
        the_process().participations.create(party=party)
        person = Person.objects.create(name=f"Speaker {n}", slug=f"speaker-{n}", party=party)
        topic = Topic.objects.create(process=the_process(), name=f"Topic {n}", slug=f"topic-{n}")
        for day in range(3):
            wording = f"Statement {n}-{day} on the record."
            source = make_source(text=f"Lead. {wording} Tail.")
            statement = make_statement(
                speaker=person,
                wording=wording,
                source=source,
                said_on=datetime.date(2025, 11, 20 + day),
            )
            make_condition(party, topic, summary=f"Term {n}-{day}", statements=[statement])
        made.append((party, topic))
    return made
