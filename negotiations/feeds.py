"""Atom feeds of newly published statements: all of them, and by party or by topic."""

import re

from django.contrib.syndication.views import Feed
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from negotiations.caching import reader_page
from negotiations.models import Attestation, Condition, PeaceProcess, Topic
from negotiations.visibility import standing_statements
from parties.models import Party

FEED_SIZE = 50
FEED_AUTHOR = "Negotiation tracker editors"


def published_statements():
    """Statements a reader may see (published, reported by a published source), newest published
    first, with their published sources' wordings."""
    attestations = Attestation.objects.published().select_related("source")
    return (
        standing_statements()
        .select_related("party", "speaker")
        .prefetch_related(Prefetch("attestations", queryset=attestations))
        .order_by(F("published_at").desc(nulls_last=True), "-id")
    )


# XML 1.0 cannot carry most control characters; a stored text holding one must not break a feed.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value):
    return XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


class XmlSafeAtom1Feed(Atom1Feed):
    """An Atom feed that drops the characters XML 1.0 forbids from every text it writes."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *[_xml_safe(a) for a in args], **{k: _xml_safe(v) for k, v in kwargs.items()}
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *[_xml_safe(a) for a in args], **{k: _xml_safe(v) for k, v in kwargs.items()}
        )


class StatementsFeed(Feed):
    """Feeds are public and cached by readers, so they carry published statements only, even for
    editors."""

    feed_type = XmlSafeAtom1Feed
    title = "Negotiation tracker: new statements"
    subtitle = "Statements as they are published, with the sources that report them."
    # RFC 4287 requires an author for every entry; the feed's own covers them all. The entries
    # are the editors' records of what others said, so the editors are their author, never the
    # speaker.
    author_name = FEED_AUTHOR

    def __call__(self, request, *args, **kwargs):
        # The same headers as every reader's page: shared by proxies for anonymous readers only.
        return reader_page(super().__call__)(request, *args, **kwargs)

    def link(self):
        return reverse("negotiations:compare")

    def feed_url(self):
        return reverse("negotiations:feed_statements")

    def items(self):
        return published_statements()[:FEED_SIZE]

    def item_title(self, statement):
        # Plain text: the feed generator escapes it for XML.
        return (
            f"{statement.attributed_to}, {statement.said_display}: "
            f"{statement.summary or statement.get_mode_display()}"
        )

    def item_description(self, statement):
        wordings = format_html_join(
            "\n",
            "<blockquote><p>{}</p><footer>{}: {}</footer></blockquote>",
            (
                (attestation.wording, attestation.source.publisher, attestation.source.title)
                for attestation in statement.attestations.all()
            ),
        )
        occasion = format_html("<p>{}</p>", statement.occasion) if statement.occasion else ""
        return format_html(
            "<p>{} · {}</p>{}{}",
            statement.party.name,
            statement.get_mode_display(),
            occasion,
            wordings,
        )

    def item_link(self, statement):
        return reverse("negotiations:statement", args=[statement.pk])

    def item_pubdate(self, statement):
        return statement.published_at

    def item_updateddate(self, statement):
        return statement.published_at


class PartyStatementsFeed(StatementsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Party.objects.public(), slug=slug)

    def title(self, party):
        return f"Negotiation tracker: statements by {party.name}"

    def link(self, party):
        return reverse("negotiations:party", args=[party.slug])

    def feed_url(self, party):
        return reverse("negotiations:feed_party", args=[party.slug])

    def items(self, party):
        return published_statements().filter(party=party)[:FEED_SIZE]


class TopicStatementsFeed(StatementsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return f"Negotiation tracker: statements on {topic.name}"

    def subtitle(self, topic):
        return (
            f"Statements behind the published terms on {topic.name} and its sub-topics, as they "
            "are published."
        )

    def link(self, topic):
        return reverse("negotiations:topic", args=[topic.slug])

    def feed_url(self, topic):
        return reverse("negotiations:feed_topic", args=[topic.slug])

    def items(self, topic):
        # As on the topic's page, a parent topic gathers the terms of its sub-topics.
        terms = Condition.objects.published().filter(topic__in=Topic.objects.subtree_ids(topic))
        return published_statements().filter(pk__in=terms.values("statements"))[:FEED_SIZE]


class ProcessStatementsFeed(StatementsFeed):
    """The statements behind a peace process's published terms (a statement belongs to no
    process: it is in the feed of each process whose terms it backs)."""

    def get_object(self, request, slug):
        return get_object_or_404(PeaceProcess, slug=slug)

    def title(self, process):
        return f"Negotiation tracker: statements in {process.name}"

    def subtitle(self, process):
        return f"Statements behind the published terms of {process.name}, as they are published."

    def link(self, process):
        return reverse("negotiations:compare") + f"?process={process.slug}"

    def feed_url(self, process):
        return reverse("negotiations:feed_process", args=[process.slug])

    def items(self, process):
        terms = Condition.objects.published().filter(topic__process=process)
        return published_statements().filter(pk__in=terms.values("statements"))[:FEED_SIZE]
