"""The topic timeline's layout: the span its data covers, terms stacked within a party's lane,
proposal versions and events marked, tick labels inside the drawing, a narrow drawing for phones."""

import datetime

import pytest

from negotiations import timeline
from negotiations.models import Condition, Event, ProposalVersion, Topic
from tests.factories import make_condition, the_process

TODAY = datetime.date(2026, 11, 27)


def terms_on(*slugs):
    topics = Topic.objects.filter(slug__in=slugs)
    return list(
        Condition.objects.filter(topic__in=topics)
        .select_related("party", "proposal_version__proposal")
        .prefetch_related("depends_on")
    )


def drawing(line, name):
    return next(d for d in line.drawings if d.name == name)


def lane(drawn, label):
    return next(lane for lane in drawn.lanes if lane.label == label)


def test_nothing_to_draw_without_terms():
    assert timeline.build([]) is None


def test_the_axis_spans_the_data_not_today(seeded):
    line = timeline.build(terms_on("troop-withdrawal"), today=TODAY)

    assert line.start <= datetime.date(2025, 11, 27) <= line.end
    assert line.end < datetime.date(2026, 1, 1)
    assert (line.end - line.start).days == timeline.MIN_SPAN_DAYS


def test_the_span_reaches_the_last_day_of_an_event_dated_to_a_week(seeded):
    visit = Event.objects.get(participants__slug="steve-witkoff")

    line = timeline.build(terms_on("troop-withdrawal"), events=[visit], today=TODAY)

    assert line.end >= datetime.date(2025, 12, 7)
    assert line.start <= datetime.date(2025, 11, 27)


def test_two_terms_of_one_party_at_once_are_stacked_not_drawn_over_each_other(seeded):
    line = timeline.build(terms_on("troop-withdrawal"), today=TODAY)

    for drawn in line.drawings:
        russia = lane(drawn, "Russia")
        assert len(russia.drawn) == 2
        assert russia.rows == 2
        assert {bar.row for bar in russia.drawn} == {0, 1}
        first, second = sorted(russia.drawn, key=lambda bar: bar.y)
        assert second.y >= first.y + timeline.BAR_HEIGHT


def test_terms_that_follow_each_other_share_a_row(db):
    from parties.models import Party

    party = Party.objects.create(name="Russia", slug="russia")
    topic = Topic.objects.create(process=the_process(), name="Territory", slug="territory")
    make_condition(
        party,
        topic,
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2025, 3, 1),
    )
    make_condition(party, topic, valid_from=datetime.date(2025, 9, 1))

    line = timeline.build(terms_on("territory"), today=TODAY)

    assert lane(drawing(line, "wide"), "Russia").rows == 1


def test_lanes_of_different_parties_do_not_overlap(seeded):
    line = timeline.build(terms_on("territory", "troop-withdrawal", "recognition"), today=TODAY)

    for drawn in line.drawings:
        for upper, lower in zip(drawn.lanes, drawn.lanes[1:], strict=False):
            assert lower.y >= upper.y + upper.height


def test_proposal_versions_and_events_are_marked_and_undated_ones_listed(seeded):
    versions = list(ProposalVersion.objects.select_related("proposal"))
    events = list(Event.objects.all())

    line = timeline.build(terms_on("us-draft"), versions, events, today=TODAY)

    markers = lane(drawing(line, "wide"), timeline.MARKERS_LANE).drawn
    assert {m.item.kind for m in markers} == {"version", "event"}
    assert "Revised draft" in [m.item.label for m in markers]
    assert line.undated == ["US peace plan, Initial draft (date not reported)"]
    visit = next(m for m in markers if m.item.label.startswith("Witkoff"))
    assert "not confirmed" in visit.item.title
    assert "status-unconfirmed" in visit.item.css
    assert visit.width > 0  # a week is drawn as a band


def test_a_conditional_or_inferred_term_says_so_on_its_bar(seeded):
    line = timeline.build(terms_on("us-draft"), today=TODAY)

    bars = {bar.item.label: bar.item for bar in lane(drawing(line, "wide"), "Russia").drawn}
    bars |= {bar.item.label: bar.item for bar in lane(drawing(line, "wide"), "US").drawn}
    assert "acceptance (conditional)" in bars
    assert "Only if: Ukraine must withdraw its troops" in bars["acceptance (conditional)"].title
    assert "Hedged: “could potentially”" in bars["acceptance (conditional)"].title
    assert "inferred from the report" in bars["offer (inferred)"].title


@pytest.mark.parametrize("name", ["wide", "narrow"])
def test_no_tick_label_runs_off_the_drawing(seeded, name):
    versions = list(ProposalVersion.objects.select_related("proposal"))
    line = timeline.build(terms_on("us-draft"), versions, list(Event.objects.all()), today=TODAY)
    drawn = drawing(line, name)
    char = drawn.layout.char_width

    for tick in drawn.ticks:
        width = len(tick.label) * char
        left = {"start": tick.x, "middle": tick.x - width / 2, "end": tick.x - width}[tick.anchor]
        assert left >= 0
        assert left + width <= drawn.width


@pytest.mark.parametrize("name", ["wide", "narrow"])
def test_no_label_of_a_bar_or_marker_runs_off_the_drawing(seeded, name):
    versions = list(ProposalVersion.objects.select_related("proposal"))
    line = timeline.build(
        terms_on("territory", "troop-withdrawal", "recognition", "front-line", "us-draft"),
        versions,
        list(Event.objects.all()),
        today=TODAY,
    )
    drawn = drawing(line, name)

    for lane_ in drawn.lanes:
        for item in lane_.drawn:
            width = len(item.label) * drawn.layout.char_width
            left = item.text_x - width if item.text_anchor == "end" else item.text_x
            assert left >= 0, item.label
            assert left + width <= drawn.width, item.label


def test_the_narrow_drawing_is_as_wide_as_a_phone_with_labels_above_the_lanes(seeded):
    line = timeline.build(terms_on("troop-withdrawal"), today=TODAY)
    narrow = drawing(line, "narrow")

    assert narrow.width <= 360
    assert narrow.layout.label_width == 0
    for lane_ in narrow.lanes:
        assert lane_.label_y < lane_.y
        assert all(bar.x >= timeline.GAP for bar in lane_.drawn)
