"""What is negotiated: topics, regions, proposals, the terms parties set, what they said, and where."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from negotiations.dates import Precision, display_date, iso_date, last_day
from negotiations.visibility import sees_drafts
from parties.models import Party, Person

# PostgreSQL's search index holds at most 1 MB per text; a longer one is refused on save. Texts
# editors type are capped well below (the form says so); a source's full text is not indexed.
LONG_TEXT = 100_000


class PublishStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublishStatus.PUBLISHED)

    def visible_to(self, user):
        """Editors preview drafts in place; everybody else sees what is published."""
        return self if sees_drafts(user) else self.published()


class Publishable(models.Model):
    """Nothing reaches analysts until an editor publishes it."""

    status = models.CharField(
        max_length=10,
        choices=PublishStatus.choices,
        default=PublishStatus.DRAFT,
        db_index=True,
        help_text="Drafts are seen by editors only.",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    revision = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised by every save; the admin refuses stale saves."
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == PublishStatus.PUBLISHED

    def save(self, *args, **kwargs):
        if self.status == PublishStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        elif self.status == PublishStatus.DRAFT:
            self.published_at = None
        if self.pk is not None and not self._state.adding:
            self.revision = (self.revision or 0) + 1
        super().save(*args, **kwargs)


class Source(Publishable):
    """A published document: an article, a transcript, an official read-out."""

    publisher = models.CharField(max_length=200, help_text="e.g. 'The Atlantic'.")
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=1000, blank=True, verbose_name="address")
    author = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True, help_text="Blank when not known.")
    published_on_precision = models.CharField(
        max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    language = models.CharField(max_length=12, blank=True, help_text="e.g. 'en'.")
    text = models.TextField(
        blank=True,
        help_text="The full text as published. Attestations point into it by character offsets.",
    )
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    citations = GenericRelation("Citation")
    history = HistoricalRecords()

    class Meta:
        ordering = [F("published_on").desc(nulls_last=True), "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="source_url_unique_when_given"
            )
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    @property
    def published_display(self):
        return display_date(self.published_on, self.published_on_precision)


def check_excerpt(source, excerpt, source_field, excerpt_field):
    """The one rule for quoting a source: an excerpt names its source and is found in its text
    verbatim (a source kept without its text cannot be checked)."""
    if excerpt and source is None:
        raise ValidationError({source_field: "Name the source the excerpt comes from."})
    if excerpt and source.text and excerpt not in source.text:
        raise ValidationError(
            {excerpt_field: "This excerpt is not found verbatim in the source's text."}
        )


class Citation(models.Model):
    """Where one detail of a record comes from when its own source does not give it: the date
    and place of a statement, the count of a draft's points, the end of a role. A reader can
    then tell what the article says from what other reporting adds."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    detail = models.CharField(
        max_length=120, help_text="What it backs, e.g. 'date, place and occasion'."
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="cited_by")
    excerpt = models.TextField(
        max_length=LONG_TEXT, help_text="The passage of the source that gives it, verbatim."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["content_type", "object_id", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.detail}: {self.source.publisher if self.source_id else '(no source)'}"

    def clean(self):
        check_excerpt(self.source if self.source_id else None, self.excerpt, "source", "excerpt")


class Evidenced(models.Model):
    """A fact that carries the sentence of the source it was read from."""

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_excerpt = models.TextField(
        blank=True, help_text="The sentence of the source this comes from, verbatim."
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        check_excerpt(
            self.source if self.source_id else None,
            self.source_excerpt,
            "source",
            "source_excerpt",
        )


class ProcessStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    CONCLUDED = "concluded", "Concluded"


class PeaceProcess(Evidenced):
    """One negotiation space (the Russia–Ukraine talks, Gaza, Sudan, …): the tracker's first
    scope. Its topics, proposals, events and background facts are its own; parties take part in
    several processes, and a statement bears on whichever terms it bears on. Its source sentence
    is the one that shows the talks and their status."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True, max_length=LONG_TEXT)
    conflict = models.CharField(
        max_length=200,
        blank=True,
        help_text="The conflict it belongs to, e.g. 'Russia–Ukraine war'.",
    )
    status = models.CharField(
        max_length=10, choices=ProcessStatus.choices, default=ProcessStatus.ACTIVE
    )
    started_on = models.DateField(null=True, blank=True, help_text="Blank when not known.")
    started_on_precision = models.CharField(
        max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    ended_on = models.DateField(null=True, blank=True)
    ended_on_precision = models.CharField(
        max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    parties = models.ManyToManyField(
        Party, through="Participation", related_name="processes", blank=True
    )
    sort_order = models.PositiveSmallIntegerField(
        default=100, help_text="Order on the home page: lower comes first."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "name", "id"]
        verbose_name = "peace process"
        verbose_name_plural = "peace processes"

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "A process cannot end before it started."})


class Participation(models.Model):
    """A party's part in a peace process, in that process's words ("mediator", "guarantor")."""

    process = models.ForeignKey(
        PeaceProcess, on_delete=models.CASCADE, related_name="participations"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(
        max_length=120, blank=True, help_text="e.g. 'negotiating party', 'mediator'."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["party__sort_order", "party__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "party"],
                name="one_participation_per_party",
                violation_error_message="This party already takes part in this process.",
            )
        ]

    def __str__(self):
        return f"{self.party} in {self.process}"


class ProcessEditor(models.Model):
    """A peace process an editor may edit. An editor with no such row edits every process (as
    every editor did before rights were per process); with rows, only those processes: their
    topics, proposals, terms, events and facts, and the statements bearing on them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="process_rights"
    )
    process = models.ForeignKey(
        PeaceProcess, on_delete=models.CASCADE, related_name="editor_rights"
    )

    class Meta:
        verbose_name = "peace process this editor may edit"
        verbose_name_plural = "peace processes this editor may edit (none: every process)"
        ordering = ["process__sort_order", "process__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "process"],
                name="one_right_per_editor_and_process",
                violation_error_message="This editor may already edit this process.",
            )
        ]

    def __str__(self):
        return f"{self.user} edits {self.process}"


def _process_field(related_name):
    return models.ForeignKey(
        PeaceProcess,
        on_delete=models.PROTECT,
        related_name=related_name,
        help_text="The peace process it belongs to.",
    )


class TopicQuerySet(models.QuerySet):
    def subtree_ids(self, topic):
        """The ids of `topic` and of every topic nested under it, at any depth (one query)."""
        children = {}
        for pk, parent_id in self.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        ids, stack = {}, [topic.pk]
        while stack:
            pk = stack.pop()
            if pk not in ids:  # a corrupt cycle must not loop forever
                ids[pk] = None
                stack.extend(children.get(pk, []))
        return list(ids)


class Topic(models.Model):
    """An issue under negotiation; topics nest (a parent's children are its sub-issues)."""

    process = _process_field("topics")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=100)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="topic_not_its_own_parent",
                violation_error_message="A topic cannot be its own parent.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("negotiations:topic", args=[self.slug])

    def clean(self):
        if self.parent_id and self.process_id and self.parent.process_id != self.process_id:
            raise ValidationError({"parent": "A topic's parent belongs to the same process."})
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "A topic cannot be nested inside itself."})
            if ancestor.pk in seen:
                break
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Region(models.Model):
    """A territory at stake. Its other names (Lugansk for Luhansk) find the same region."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @classmethod
    def find(cls, name):
        """The region called `name` under any of its names, case-insensitively, or None."""
        name = name.strip()
        return (
            cls.objects.filter(Q(name__iexact=name) | Q(other_names__name__iexact=name))
            .distinct()
            .first()
        )


class RegionName(models.Model):
    """Another name of a region: a transliteration, a historical or official name."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField(max_length=200, unique=True)
    note = models.CharField(max_length=200, blank=True, help_text="e.g. 'Russian transliteration'.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        if Region.objects.filter(name__iexact=self.name).exclude(pk=self.region_id).exists():
            raise ValidationError({"name": "Another region is already called this."})


def is_past(day):
    """True for a day before today. A view of today (or no day) shows everything recorded, since
    all of it is known now; a past view shows only what was known by then."""
    return day is not None and day < timezone.localdate()


def known_from_source_by(day):
    """Rows whose own source was published by `day` (its stored date, whatever the precision)."""
    return Q(source__published_on__lte=day)


class ProposalQuerySet(models.QuerySet):
    def as_of(self, day):
        """Proposals known on `day`: one of their versions stood then, or their own source was
        published by then."""
        if not is_past(day):
            return self.all()
        versions = ProposalVersion.objects.as_of(day).filter(proposal=OuterRef("pk"))
        return self.filter(Exists(versions) | known_from_source_by(day))


class Proposal(Evidenced):
    """A plan put forward by a party, in one or more versions."""

    process = _process_field("proposals")
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="proposals", help_text="Who put it forward."
    )
    description = models.TextField(blank=True, max_length=LONG_TEXT)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("negotiations:proposal", args=[self.slug])


class ProposalVersionQuerySet(models.QuerySet):
    def as_of(self, day):
        """Versions presented by `day`; a version whose presentation is not dated counts from
        the day its source was published (known by then)."""
        if not is_past(day):
            return self.all()
        return self.filter(
            Q(presented_on__lte=day) | Q(presented_on__isnull=True) & known_from_source_by(day)
        )


class ProposalVersion(Evidenced):
    """One version of a proposal, with its points where they are known."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(help_text="1 for the first version, and so on.")
    label = models.CharField(max_length=200, help_text="e.g. 'Initial draft'.")
    presented_on = models.DateField(null=True, blank=True, help_text="Blank when not known.")
    presented_on_precision = models.CharField(
        max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    point_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many points it has, where reported."
    )
    point_count_is_estimate = models.BooleanField(
        default=False, help_text="The count is an estimate (e.g. 'an estimated 20 points')."
    )
    summary = models.TextField(blank=True, max_length=LONG_TEXT)
    changes = models.TextField(
        blank=True,
        max_length=LONG_TEXT,
        help_text="What changed from the previous version, as reported.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    citations = GenericRelation("Citation")
    history = HistoricalRecords()

    objects = ProposalVersionQuerySet.as_manager()

    class Meta:
        ordering = ["proposal", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "number"], name="proposal_version_number_unique"
            )
        ]

    def __str__(self):
        # Any instance a form can leave behind, also one whose proposal was cleared.
        return f"{self.proposal if self.proposal_id else '(no proposal)'}: {self.label}"

    @property
    def presented_display(self):
        return display_date(self.presented_on, self.presented_on_precision)

    @property
    def point_count_display(self):
        if self.point_count is None:
            return "not reported"
        prefix = "an estimated " if self.point_count_is_estimate else ""
        return f"{prefix}{self.point_count}"


class PointChange(models.TextChoices):
    KEPT = "kept", "kept"
    REWORDED = "reworded", "reworded"
    ADDED = "added", "added"
    DROPPED = "dropped", "dropped"


class ProposalPoint(Evidenced):
    """A point of a proposal version; `previous` links it to the point it came from."""

    version = models.ForeignKey(ProposalVersion, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(max_length=LONG_TEXT)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        help_text="The point of the previous version this one keeps or rewords; blank if new.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "number", "id"]

    def __str__(self):
        return f"{self.number or '–'}. {self.text[:80]}"

    @property
    def change(self):
        """Kept, reworded or added, relative to the previous version (dropped is on the old one)."""
        if self.previous_id is None:
            return PointChange.ADDED
        return PointChange.KEPT if self.previous.text == self.text else PointChange.REWORDED

    def clean(self):
        super().clean()
        if self.version_id is None:
            return
        if self.previous_id and self.previous.version.proposal_id != self.version.proposal_id:
            raise ValidationError({"previous": "Link to a point of the same proposal."})
        if self.previous_id and self.previous.version.number >= self.version.number:
            raise ValidationError({"previous": "Link to a point of an earlier version."})


class ConditionKind(models.TextChoices):
    """The fixed vocabulary of terms. Collisions and overlaps in the comparison are read from it."""

    DEMAND = "demand", "demand"
    PRECONDITION = "precondition", "precondition"
    RED_LINE = "red_line", "red line"
    OFFER = "offer", "offer"
    THREAT = "threat", "threat"
    ACCEPTANCE = "acceptance", "acceptance"
    REJECTION = "rejection", "rejection"
    POSITION = "position", "position"


CONDITION_KIND_MEANINGS = {
    ConditionKind.DEMAND: "what a party requires of an agreement or of another party",
    ConditionKind.PRECONDITION: "what must happen before a party will act or agree",
    ConditionKind.RED_LINE: "what a party says it will never accept or give up",
    ConditionKind.OFFER: "what a party says it will do or give, often in return for something",
    ConditionKind.THREAT: "what a party says it will do if its terms are not met",
    ConditionKind.ACCEPTANCE: "a proposal or term a party accepts, possibly as a basis for talks",
    ConditionKind.REJECTION: "a proposal or term a party rejects",
    ConditionKind.POSITION: "any other stated stance, such as what a party considers negotiable",
}


class ConditionQuerySet(PublishableQuerySet):
    def as_of(self, day):
        """Terms that stood on `day`: valid from then or before, and not yet superseded."""
        day = day or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Condition(Publishable, Evidenced):
    """A term a party attaches on a topic: the comparison grid is made of these."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="conditions")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="conditions")
    kind = models.CharField(max_length=20, choices=ConditionKind.choices)
    summary = models.CharField(max_length=240, help_text="One line, in the editor's words.")
    details = models.TextField(blank=True, max_length=LONG_TEXT)
    addressed_to = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conditions_addressed",
        help_text="The party the term is put to, where there is one.",
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="conditions", help_text="None means no region named."
    )
    regions_are_examples = models.BooleanField(
        default=False,
        verbose_name="regions are examples",
        help_text="The source names them as examples ('including …'): the term may cover others.",
    )
    proposal_version = models.ForeignKey(
        ProposalVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conditions",
    )
    valid_from = models.DateField()
    valid_from_precision = models.CharField(
        max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    valid_until = models.DateField(
        null=True, blank=True, help_text="The last day the term stood; blank while it stands."
    )
    statements = models.ManyToManyField(
        "Statement",
        blank=True,
        related_name="conditions",
        help_text="The statements this term rests on; none only for a term inferred from a report.",
    )
    is_inferred = models.BooleanField(
        default=False,
        verbose_name="inferred from the report",
        help_text="No statement sets this term in these words: editors read it from the source "
        "sentence under Evidence, which then must be given.",
    )
    inference_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="What was inferred and why, e.g. 'filed under recognition from \"will not sign "
        "away territory\"'.",
    )
    hedging = models.CharField(
        max_length=200,
        blank=True,
        help_text="The source's own words that soften the term ('could potentially', 'as a "
        "starting point'), verbatim from the source sentence.",
    )
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        verbose_name="holds only if",
        help_text="The terms that must be met for this one to hold ('accepts X only if Y').",
    )
    updated_at = models.DateTimeField(auto_now=True)
    citations = GenericRelation("Citation")
    history = HistoricalRecords(m2m_fields=[regions, statements, depends_on])

    objects = ConditionQuerySet.as_manager()

    class Meta:
        # The site calls them terms; the admin uses the same word.
        verbose_name = "term"
        ordering = ["topic", "party", "-valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="condition_until_on_or_after_from",
                violation_error_message="A term cannot end before it starts.",
            )
        ]
        indexes = [models.Index(fields=["topic", "party", "valid_from"])]

    def __str__(self):
        party = self.party.label if self.party_id else "(no party)"
        return f"{party} · {self.get_kind_display()}: {self.summary}"

    @property
    def valid_from_display(self):
        return display_date(self.valid_from, self.valid_from_precision)

    INFERRED_LABEL = "inferred from the report"

    @property
    def basis_label(self):
        """'inferred from the report' for a term editors read from a report, else ''."""
        return self.INFERRED_LABEL if self.is_inferred else ""

    @property
    def inferred_from(self):
        """The source sentence an inferred term is read from ('' for a stated term)."""
        return self.source_excerpt if self.is_inferred else ""

    @property
    def is_conditional(self):
        """True when the term holds only if other terms are met (from prefetched rows if any)."""
        return bool(self.depends_on.all())

    @property
    def is_hedged(self):
        return bool(self.hedging)

    def clean(self):
        super().clean()
        if self.is_inferred and not self.source_excerpt:
            raise ValidationError(
                {"source_excerpt": "Quote the sentence of the report this term is inferred from."}
            )
        if self.inference_note and not self.is_inferred:
            raise ValidationError(
                {"inference_note": "Only a term inferred from the report has an inference note."}
            )
        if self.hedging and self.hedging not in self.source_excerpt:
            raise ValidationError(
                {
                    "hedging": "Hedging is quoted from the source sentence under Evidence: "
                    "these words are not found in it."
                }
            )
        version = self.proposal_version if self.proposal_version_id else None
        if version and self.topic_id and version.proposal.process_id != self.topic.process_id:
            raise ValidationError(
                {"proposal_version": "Pick a version of a proposal of the topic's own process."}
            )

    def check_links(self, statements, depends_on):
        """The rules of a term's links, which the database cannot check before they are saved:
        call with the statements and terms about to be linked (a form's cleaned data).

        A term rests on statements unless it is inferred from the report; it cannot hold only
        if it itself holds, nor depend on a term that depends on it, however indirectly.
        """
        if not statements and not self.is_inferred:
            raise ValidationError(
                {
                    "statements": "Name the statements this term rests on, or mark it inferred "
                    "from the report and quote the sentence it is read from."
                }
            )
        process_id = self.topic.process_id if self.topic_id else None
        if any(term.topic.process_id != process_id for term in depends_on):
            raise ValidationError(
                {"depends_on": "A term can only depend on terms of its own peace process."}
            )
        if self.pk is None:
            return
        ids = {term.pk for term in depends_on}
        if self.pk in ids:
            raise ValidationError({"depends_on": "A term cannot hold only if it itself holds."})
        links = Condition.depends_on.through.objects
        seen, level = set(ids), ids
        while level:  # one query per step along the chain of dependencies
            level = set(
                links.filter(from_condition_id__in=level).values_list("to_condition_id", flat=True)
            )
            if self.pk in level:
                raise ValidationError(
                    {"depends_on": "A term this one depends on already depends on it."}
                )
            level -= seen
            seen |= level


class StatementMode(models.TextChoices):
    QUOTE = "quote", "direct quote"
    REPORTED = "reported", "reported speech"


class StatementQuerySet(PublishableQuerySet):
    def standing(self):
        """What a reader may see: published, and reported by a published source."""
        from negotiations.visibility import standing_statements

        return standing_statements(self)

    def visible_to(self, user):
        """Every statement for an editor (marked `is_public`), the standing ones otherwise."""
        from negotiations.visibility import statements_visible_to

        return statements_visible_to(user, self)

    def as_of(self, day):
        """Statements made on or before `day` (today when None)."""
        return self.filter(said_on__lte=day or timezone.localdate())

    def latest_said(self):
        """The most recently made statement, or None: says how old a picture is."""
        return self.order_by("-said_on", "-id").first()

    def bearing_on(self, process):
        """The statements behind a term of `process` (a process or its id): a statement belongs
        to no process, it counts for each whose terms it backs."""
        links = Condition.statements.through.objects.filter(
            statement_id=OuterRef("pk"), condition__topic__process=process
        )
        return self.filter(Exists(links))


class Statement(Publishable):
    """One utterance by a person on a date at an occasion, supported by one or more attestations."""

    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="The party speaking; the speaker's own party when left blank.",
        blank=True,
    )
    speaker = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        help_text="Blank when the source attributes it to the party as a whole.",
    )
    attribution = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "Who the source attributes it to when it names no person, in its words: "
            "'a White House official', 'Russian media', 'the Kremlin'. Blank with a speaker."
        ),
    )
    said_on = models.DateField()
    said_on_precision = models.CharField(
        max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    occasion = models.CharField(
        max_length=300, blank=True, help_text="e.g. 'Press conference at the end of a state visit'."
    )
    place = models.CharField(max_length=200, blank=True, help_text="e.g. 'Bishkek, Kyrgyzstan'.")
    mode = models.CharField(max_length=10, choices=StatementMode.choices)
    language = models.CharField(
        max_length=12, blank=True, help_text="Language it was spoken in; blank when not known."
    )
    summary = models.CharField(
        max_length=300, blank=True, help_text="What was said, in one line, for lists."
    )
    updated_at = models.DateTimeField(auto_now=True)
    citations = GenericRelation("Citation")
    history = HistoricalRecords()

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-said_on", "id"]
        indexes = [models.Index(fields=["said_on"])]

    def save(self, *args, **kwargs):
        if self.party_id is None and self.speaker_id is not None:
            self.party_id = self.speaker.party_id
        super().save(*args, **kwargs)

    def __str__(self):
        # Also for an instance a form left without speaker or party (its error page names it).
        if self.speaker_id:
            who = self.speaker
        elif self.party_id:
            who = self.party
        else:
            who = self.attribution or "(no speaker or party)"
        # Named so in the admin (breadcrumbs, history, autocompletes): its one date format, ISO.
        said = iso_date(self.said_on, self.said_on_precision)
        return f"{who}, {said}: {self.summary or self.get_mode_display()}"

    @property
    def attributed_to(self):
        """Who the statement is attributed to: the speaker; with none named, the source's own
        words for who said it ("a White House official"), or else the party."""
        if self.speaker_id:
            return self.speaker.name
        return self.attribution or self.party.name

    def clean(self):
        if self.party_id is None and self.speaker_id is not None:
            self.party_id = self.speaker.party_id
        if self.party_id is None:
            raise ValidationError({"party": "Name the speaker, or the party it is attributed to."})

    def get_absolute_url(self):
        return reverse("negotiations:statement", args=[self.pk])

    @property
    def is_quote(self):
        return self.mode == StatementMode.QUOTE

    @property
    def said_display(self):
        return display_date(self.said_on, self.said_on_precision)


class AttestationQuerySet(models.QuerySet):
    def published(self):
        """Reports a reader may see: a published statement in a published source."""
        return self.filter(
            statement__status=PublishStatus.PUBLISHED, source__status=PublishStatus.PUBLISHED
        )

    def visible_to(self, user):
        return self if sees_drafts(user) else self.published()


class Attestation(models.Model):
    """One source's report of a statement: its own verbatim wording and where it stands in it."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="attestations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="attestations")
    wording = models.TextField(max_length=LONG_TEXT, help_text="Exactly as the source prints it.")
    start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Character offset in the source text; found if blank."
    )
    end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    note = models.CharField(max_length=300, blank=True, help_text="e.g. 'English translation'.")
    history = HistoricalRecords()

    objects = AttestationQuerySet.as_manager()

    class Meta:
        ordering = ["statement", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True)
                | Q(start__isnull=False, start__gte=0, end=F("start") + Length("wording")),
                name="attestation_offsets_span_wording",
                violation_error_message="The offsets must span exactly the wording.",
            ),
            models.CheckConstraint(
                condition=~Q(wording=""),
                name="attestation_wording_not_empty",
            ),
        ]

    def __str__(self):
        publisher = self.source.publisher if self.source_id else "(no source)"
        return f"{publisher}: “{self.wording[:80]}”"

    def clean(self):
        if not self.wording or self.source_id is None:
            return
        text = self.source.text
        if not text:
            # A source kept without its text cannot be checked; offsets mean nothing then.
            self.start = self.end = None
            return
        if self.start is not None and text[self.start : self.start + len(self.wording)] == (
            self.wording
        ):
            self.end = self.start + len(self.wording)
            return
        found = text.find(self.wording)
        if found < 0:
            raise ValidationError(
                {"wording": "This wording is not found verbatim in the source's stored text."}
            )
        if self.start is not None:
            raise ValidationError(
                {"start": f"The wording is not at this offset; it is found at {found}."}
            )
        self.start, self.end = found, found + len(self.wording)

    def save(self, *args, **kwargs):
        self.end = None if self.start is None else self.start + len(self.wording)
        super().save(*args, **kwargs)


class EventKind(models.TextChoices):
    VISIT = "visit", "visit"
    MEETING = "meeting", "meeting"
    TALKS = "talks", "talks"
    SUMMIT = "summit", "summit"
    CALL = "call", "call"
    PRESS_CONFERENCE = "press_conference", "press conference"
    INTERVIEW = "interview", "interview"
    OTHER = "other", "other"


class EventStatus(models.TextChoices):
    EXPECTED = "expected", "expected"
    SCHEDULED = "scheduled", "scheduled"
    HELD = "held", "held"
    POSTPONED = "postponed", "postponed"
    CANCELLED = "cancelled", "cancelled"


# Past the date of an expected or scheduled event that no editor has since recorded as held.
UNCONFIRMED = "unconfirmed"

# How each status puts a date: "expected in the week of 1 Dec 2025", "held on 27 Nov 2025".
_WHEN = {
    Precision.DAY: "on {}",
    Precision.WEEK: "in the {}",
    Precision.MONTH: "in {}",
    Precision.YEAR: "in {}",
    Precision.APPROXIMATE: "{}",
    Precision.BY: "{}",
}
_SCHEDULED_WHEN = {**_WHEN, Precision.DAY: "for {}", Precision.WEEK: "for the {}"}


class EventQuerySet(models.QuerySet):
    def as_of(self, day):
        """Events a reader could know of on `day`: held by then, or reported by a source
        published by then (an announced visit, even if it came later)."""
        if not is_past(day):
            return self.all()
        return self.filter(
            Q(status=EventStatus.HELD, starts_on__lte=day) | known_from_source_by(day)
        )


class Event(Evidenced):
    """A meeting, visit or call, expected, scheduled or held."""

    process = _process_field("events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=12, choices=EventStatus.choices)
    starts_on = models.DateField(null=True, blank=True)
    starts_on_precision = models.CharField(
        max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    place = models.CharField(max_length=200, blank=True)
    participants = models.ManyToManyField(Person, blank=True, related_name="events")
    parties = models.ManyToManyField(Party, blank=True, related_name="events")
    proposal_version = models.ForeignKey(
        ProposalVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    description = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    citations = GenericRelation("Citation")
    history = HistoricalRecords(m2m_fields=[participants, parties])

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = [F("starts_on").desc(nulls_last=True), "title", "id"]

    def __str__(self):
        return self.title

    @property
    def starts_display(self):
        return display_date(self.starts_on, self.starts_on_precision)

    def has_passed_on(self, day):
        """True once every day the event's date can mean is before `day`."""
        last = last_day(self.starts_on, self.starts_on_precision)
        return last is not None and last < day

    def status_on(self, day=None):
        """The status a reader should see on `day` (today when None): an expected or scheduled
        event whose date has passed is 'unconfirmed' until an editor records what happened;
        a held event seen before its date was still to come then."""
        day = day or timezone.localdate()
        if self.status == EventStatus.HELD and self.starts_on and self.starts_on > day:
            return EventStatus.EXPECTED
        if self.status in (EventStatus.EXPECTED, EventStatus.SCHEDULED) and self.has_passed_on(day):
            return UNCONFIRMED
        return self.status

    def reading_on(self, day=None):
        """The event's status and date in words, as of `day` (today when None), e.g. 'expected
        in the week of 1 Dec 2025; not confirmed'."""
        day = day or timezone.localdate()
        status = self.status_on(day)
        if status in (EventStatus.POSTPONED, EventStatus.CANCELLED):
            return self.get_status_display()
        verb = self.status if status == UNCONFIRMED else status
        if self.starts_on is None:
            when = "(date not reported)"
        else:
            pattern = (_SCHEDULED_WHEN if verb == EventStatus.SCHEDULED else _WHEN).get(
                self.starts_on_precision, "on {}"
            )
            when = pattern.format(self.starts_display)
        reading = f"{EventStatus(verb).label} {when}"
        return f"{reading}; not confirmed" if status == UNCONFIRMED else reading


class FactQuerySet(models.QuerySet):
    def as_of(self, day):
        """Background known on `day`: its source was published by then, or, its source being
        undated, the fact is dated by then."""
        if not is_past(day):
            return self.all()
        undated_source = Q(source__isnull=True) | Q(source__published_on__isnull=True)
        return self.filter(known_from_source_by(day) | undated_source & Q(as_of__lte=day))


class Fact(Evidenced):
    """Background a reader needs to weigh the terms: a figure, the state of the war."""

    process = _process_field("facts")
    summary = models.CharField(max_length=300)
    as_of = models.DateField(null=True, blank=True)
    as_of_precision = models.CharField(
        max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    is_approximate = models.BooleanField(
        default=False, help_text="The figure itself is approximate ('approximately one-fifth')."
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="facts"
    )
    regions = models.ManyToManyField(Region, blank=True, related_name="facts")
    updated_at = models.DateTimeField(auto_now=True)
    citations = GenericRelation("Citation")
    history = HistoricalRecords(m2m_fields=[regions])

    objects = FactQuerySet.as_manager()

    class Meta:
        ordering = ["summary", "id"]

    def __str__(self):
        return self.summary

    @property
    def as_of_display(self):
        return display_date(self.as_of, self.as_of_precision)

    def clean(self):
        super().clean()
        if self.topic_id and self.process_id and self.topic.process_id != self.process_id:
            raise ValidationError({"topic": "Pick a topic of the fact's own process."})


def new_epoch():
    return secrets.token_hex(8)


class DataVersion(models.Model):
    """One row whose number every write to the tracked data raises: cached results are keyed
    by it, so an editor's change shows on the very next request, on every app server.

    `epoch` changes when the database is replaced wholesale (a restore): a backup carries this
    row, so without it a restored database could reuse a number whose results are cached."""

    value = models.BigIntegerField(default=0)
    epoch = models.CharField(max_length=32, default=new_epoch)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="data_version_single_row")]

    def __str__(self):
        return f"data version {self.value} ({self.epoch})"
