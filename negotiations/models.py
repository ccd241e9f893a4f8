"""What is negotiated: topics, regions, proposals, the terms parties set, what they said, and where."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from negotiations.dates import Precision, display_date
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
    history = HistoricalRecords()

    class Meta:
        ordering = [F("published_on").desc(nulls_last=True), "title"]
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
        if self.source_excerpt and self.source_id is None:
            raise ValidationError({"source": "Name the source the excerpt comes from."})
        if self.source_excerpt and self.source.text and self.source_excerpt not in self.source.text:
            raise ValidationError(
                {"source_excerpt": "This excerpt is not found verbatim in the source's text."}
            )


class Topic(models.Model):
    """An issue under negotiation; topics nest (a parent's children are its sub-issues)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=100)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "name"]
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
        ordering = ["name"]

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
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if Region.objects.filter(name__iexact=self.name).exclude(pk=self.region_id).exists():
            raise ValidationError({"name": "Another region is already called this."})


class Proposal(Evidenced):
    """A plan put forward by a party, in one or more versions."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="proposals", help_text="Who put it forward."
    )
    description = models.TextField(blank=True, max_length=LONG_TEXT)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("negotiations:proposal", args=[self.slug])


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
    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "number"], name="proposal_version_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.proposal}: {self.label}"

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
        "Statement", related_name="conditions", help_text="The statements this term rests on."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[regions, statements])

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "party", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="condition_until_on_or_after_from",
                violation_error_message="A term cannot end before it starts.",
            )
        ]
        indexes = [models.Index(fields=["topic", "party", "valid_from"])]

    def __str__(self):
        return f"{self.party.label} · {self.get_kind_display()}: {self.summary}"

    @property
    def valid_from_display(self):
        return display_date(self.valid_from, self.valid_from_precision)


class StatementMode(models.TextChoices):
    QUOTE = "quote", "direct quote"
    REPORTED = "reported", "reported speech"


class StatementQuerySet(PublishableQuerySet):
    def as_of(self, day):
        """Statements made on or before `day` (today when None)."""
        return self.filter(said_on__lte=day or timezone.localdate())


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
        who = self.speaker or self.party
        return f"{who}, {self.said_display}: {self.summary or self.get_mode_display()}"

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
        return f"{self.source.publisher}: “{self.wording[:80]}”"

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
    SCHEDULED = "scheduled", "scheduled"
    HELD = "held", "held"
    POSTPONED = "postponed", "postponed"
    CANCELLED = "cancelled", "cancelled"


class Event(Evidenced):
    """A meeting, visit or call, scheduled or held."""

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
    history = HistoricalRecords(m2m_fields=[participants, parties])

    class Meta:
        ordering = [F("starts_on").desc(nulls_last=True), "title"]

    def __str__(self):
        return self.title

    @property
    def starts_display(self):
        return display_date(self.starts_on, self.starts_on_precision)


class Fact(Evidenced):
    """Background a reader needs to weigh the terms: a figure, the state of the war."""

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
    history = HistoricalRecords(m2m_fields=[regions])

    class Meta:
        ordering = ["summary"]

    def __str__(self):
        return self.summary


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
