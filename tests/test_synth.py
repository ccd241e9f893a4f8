"""The synth command: a large, skewed, reproducible negotiation whose every offset and link holds."""

import hashlib
import re
import statistics
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F

from negotiations import dataversion
from negotiations.management.synth import REFERENCE, plan_sizes
from negotiations.models import (
    Attestation,
    Condition,
    ProposalPoint,
    PublishStatus,
    Source,
    Statement,
    StatementMode,
    Topic,
)
from negotiations.tracked import tracked_models
from parties.models import Party, Person

N = 300


def synth(*args, stderr=None):
    out = StringIO()
    call_command("synth", *args, stdout=out, stderr=stderr or StringIO())
    return out.getvalue()


def printed_counts(output):
    rows = re.findall(r"^  (\w+\.\w+)\s+([\d,]+)$", output, re.MULTILINE)
    return {label: int(count.replace(",", "")) for label, count in rows}


def database_counts():
    counts = {
        model._meta.label: model._default_manager.count()
        for model in tracked_models(data_version=False)
    }
    return {label: count for label, count in counts.items() if count}


def digest():
    """Every row of every tracked table, by id, except the `updated_at` times of the run."""
    hashed = hashlib.sha256()
    for model in tracked_models(data_version=False):
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "updated_at"]
        hashed.update(model._meta.label.encode())
        for row in model._default_manager.order_by("pk").values_list(*fields):
            hashed.update(repr(row).encode())
    return hashed.hexdigest()


@pytest.fixture
def synthesized(db):
    return synth("--statements", str(N), "--seed", "7")


# -- counts and the scaling rule ---------------------------------------------------------------


def test_the_counts_it_prints_are_the_rows_in_the_database(synthesized):
    assert printed_counts(synthesized) == database_counts()


def test_it_makes_exactly_n_statements_and_about_one_and_a_half_attestations_each(synthesized):
    assert Statement.objects.count() == N
    assert 1.3 * N <= Attestation.objects.count() <= 1.7 * N
    assert not Statement.objects.filter(attestations__isnull=True).exists()


def test_the_other_counts_follow_the_scaling_rule(synthesized):
    sizes = plan_sizes(N)

    assert Party.objects.count() == sizes["parties"]
    assert Topic.objects.count() == sizes["topics"]
    assert Person.objects.count() == sizes["people"]
    assert Condition.objects.count() == sizes["conditions"]
    assert Source.objects.count() == sizes["sources"]


def test_the_scaling_rule_gives_the_reference_negotiation_at_200000_statements():
    sizes = plan_sizes(200_000)

    assert {name: sizes[name] for name in REFERENCE} == REFERENCE
    assert (sizes["parties"], sizes["topics"], sizes["people"]) == (30, 200, 400)
    assert (sizes["conditions"], sizes["sources"]) == (20_000, 20_000)


def test_the_scaling_rule_is_proportional_above_its_floors():
    half, double = plan_sizes(100_000), plan_sizes(400_000)

    assert (half["parties"], half["topics"], half["people"]) == (15, 100, 200)
    assert (double["parties"], double["topics"], double["people"]) == (60, 400, 800)
    assert half["conditions"] == 10_000 and double["conditions"] == 40_000
    assert plan_sizes(3_000)["conditions"] == 300


def test_the_scaling_rule_never_goes_below_its_floors():
    sizes = plan_sizes(N)

    assert (sizes["parties"], sizes["topics"], sizes["people"], sizes["regions"]) == (
        10,
        20,
        20,
        10,
    )
    assert sizes["conditions"] == N // 10
    assert sizes["people"] >= 2 * sizes["parties"]


def test_options_override_the_scaled_counts(db):
    output = synth(
        "--statements", "200", "--parties", "12", "--topics", "25", "--people", "30",
        "--conditions", "40", "--sources", "15", "--attestations-per-statement", "2",
    )  # fmt: skip

    assert (Party.objects.count(), Topic.objects.count(), Person.objects.count()) == (12, 25, 30)
    assert (Condition.objects.count(), Source.objects.count()) == (40, 15)
    assert 360 <= Attestation.objects.count() <= 440
    assert printed_counts(output) == database_counts()


# -- links -------------------------------------------------------------------------------------


def test_every_condition_rests_on_one_to_twenty_statements_and_every_statement_supports_one(
    synthesized,
):
    rests_on = Condition.objects.annotate(n=Count("statements")).values_list("n", flat=True)

    assert min(rests_on) >= 1
    assert max(rests_on) <= 20
    assert not Statement.objects.filter(conditions__isnull=True).exists()


def test_a_condition_rests_only_on_statements_of_its_own_party(synthesized):
    links = Condition.statements.through.objects

    assert links.exists()
    assert not links.exclude(statement__party=F("condition__party")).exists()


def test_a_statement_s_party_is_its_speaker_s_party(synthesized):
    assert not Statement.objects.filter(party__isnull=True).exists()
    assert (
        not Statement.objects.filter(speaker__isnull=False)
        .exclude(party=F("speaker__party"))
        .exists()
    )
    assert Statement.objects.filter(speaker__isnull=True).exists()


def test_every_attestation_s_wording_stands_at_its_offsets_in_the_source_text(synthesized):
    attestations = Attestation.objects.select_related("source")

    for attestation in attestations:
        assert attestation.start >= 0
        assert attestation.end == attestation.start + len(attestation.wording)
        assert attestation.source.text[attestation.start : attestation.end] == attestation.wording


def test_sources_are_a_few_kilobytes_of_prose_around_their_wordings(synthesized):
    lengths = [len(text) for text in Source.objects.values_list("text", flat=True)]

    assert statistics.mean(lengths) > 2_000


def test_a_term_never_ends_before_it_starts_and_about_a_third_are_superseded(db):
    synth("--statements", "2000")

    assert not Condition.objects.filter(valid_until__lt=F("valid_from")).exists()
    superseded = Condition.objects.filter(valid_until__isnull=False).count()
    assert 0.2 < superseded / Condition.objects.count() < 0.45
    assert Condition.objects.filter(proposal_version__isnull=False).exists()
    assert Condition.objects.filter(regions__isnull=False).exists()


def test_every_point_s_previous_is_in_the_previous_version_of_the_same_proposal(synthesized):
    points = ProposalPoint.objects.filter(previous__isnull=False).select_related(
        "version", "previous__version"
    )

    assert points.exists()
    for point in points:
        assert point.previous.version.proposal_id == point.version.proposal_id
        assert point.previous.version.number == point.version.number - 1
    first_points = ProposalPoint.objects.filter(version__number=1)
    assert not first_points.filter(previous__isnull=False).exists()


def test_points_are_kept_reworded_added_and_dropped_from_version_to_version(synthesized):
    later = ProposalPoint.objects.filter(version__number__gt=1).select_related("previous")
    changes = {point.change for point in later}

    assert changes == {"kept", "reworded", "added"}
    dropped = ProposalPoint.objects.filter(version__number=1, successors__isnull=True)
    assert dropped.exists()


def test_topics_nest_without_cycles_and_some_two_levels_deep(synthesized):
    parents = dict(Topic.objects.values_list("pk", "parent_id"))
    depths = []
    for topic in parents:
        seen, parent = {topic}, parents[topic]
        while parent is not None:
            assert parent not in seen
            seen.add(parent)
            parent = parents[parent]
        depths.append(len(seen) - 1)

    assert max(depths) == 2
    assert depths.count(0) == max(3, round(len(depths) / 10))


def test_every_published_row_has_published_at_and_no_draft_has(synthesized):
    for model in (Statement, Condition, Source):
        published = model.objects.filter(status=PublishStatus.PUBLISHED)
        assert not published.filter(published_at__isnull=True).exists()
        assert not model.objects.filter(status=PublishStatus.DRAFT, published_at__isnull=False)
    share = Statement.objects.filter(status=PublishStatus.PUBLISHED).count() / N
    assert 0.9 <= share < 1


def test_about_thirty_percent_of_statements_are_direct_quotes(synthesized):
    quotes = Statement.objects.filter(mode=StatementMode.QUOTE).count()

    assert 0.2 * N < quotes < 0.4 * N


def test_the_busiest_party_has_several_times_the_statements_of_the_median_party(synthesized):
    counts = sorted(Party.objects.annotate(n=Count("statements")).values_list("n", flat=True))

    assert counts[-1] >= 3 * max(1, statistics.median(counts))


# -- determinism -------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_data(db):
    synth("--statements", str(N), "--seed", "7", "--clear")
    first = digest()

    synth("--statements", str(N), "--seed", "7", "--clear")

    assert digest() == first


def test_another_seed_gives_other_data(db):
    synth("--statements", str(N), "--seed", "7", "--clear")
    first = digest()

    synth("--statements", str(N), "--seed", "8", "--clear")

    assert digest() != first


# -- refusing, clearing, history ---------------------------------------------------------------


def test_it_refuses_to_run_on_a_database_that_holds_data(synthesized):
    before = database_counts()

    with pytest.raises(CommandError, match="already holds tracked data.*--clear"):
        synth("--statements", str(N))

    assert database_counts() == before


def test_it_refuses_to_run_over_the_seeded_negotiation(seeded):
    with pytest.raises(CommandError, match="--clear"):
        synth("--statements", str(N))

    assert Party.objects.filter(slug="russia").exists()


def test_clear_deletes_the_seeded_negotiation_and_its_history_with_a_warning(seeded):
    warnings = StringIO()

    synth("--statements", str(N), "--clear", stderr=warnings)

    assert "deleting ALL tracked data" in warnings.getvalue()
    assert not Party.objects.filter(slug="russia").exists()
    assert Statement.objects.count() == N
    assert not Party.history.exists()


def test_it_writes_no_history_rows_and_says_so(synthesized):
    historical = [
        model
        for model in tracked_models(data_version=False)
        if model.__name__.startswith("Historical")
    ]

    assert historical
    assert all(not model.objects.exists() for model in historical)
    assert "No history rows were written" in synthesized


def test_it_raises_the_data_version_so_cached_results_are_dropped(db):
    before = dataversion.current()

    synth("--statements", "50")

    assert dataversion.current() > before


# -- several peace processes -------------------------------------------------------------------


def test_several_processes_share_the_statements_each_about_half_the_one_before(db):
    from negotiations.management.synth import process_shares
    from negotiations.models import PeaceProcess, Proposal

    assert process_shares(700, 3) == [400, 200, 100]
    assert process_shares(N, 1) == [N]
    output = synth("--statements", "700", "--processes", "3", "--seed", "7")
    assert "700 statements in 3 peace processes" in output

    processes = list(PeaceProcess.objects.all())
    assert [p.name for p in processes] == [
        "Synthetic talks",
        "Synthetic talks 2",
        "Synthetic talks 3",
    ]
    bearing = [Statement.objects.bearing_on(p).count() for p in processes]
    assert bearing == [400, 200, 100]
    assert sum(bearing) == Statement.objects.count()  # each statement bears on one process
    for process in processes:
        own_parties = set(process.parties.values_list("pk", flat=True))
        terms = Condition.objects.filter(topic__process=process)
        assert set(terms.values_list("party_id", flat=True)) <= own_parties
        assert Topic.objects.filter(process=process).exists()
        assert Proposal.objects.filter(process=process).exists()
    # Names and slugs stay unique across the processes (the tables' constraints held, and the
    # names a reader sees are not repeated).
    assert Party.objects.values("name").distinct().count() == Party.objects.count()
    assert Topic.objects.values("slug").distinct().count() == Topic.objects.count()


def test_one_process_is_the_reference_set_as_it_always_was(synthesized):
    from negotiations.models import PeaceProcess

    (process,) = PeaceProcess.objects.all()
    assert (process.name, process.slug, process.sort_order) == (
        "Synthetic talks",
        "synthetic-talks",
        100,
    )
