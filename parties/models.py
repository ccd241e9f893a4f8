"""Who takes part in a negotiation: parties, the people who speak for them, and their roles."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class PartyQuerySet(models.QuerySet):
    def public(self):
        """Parties a reader may see: named by a published statement or term, a proposal, an
        event, or a public person. A party made in passing for a draft (by intake or the
        admin's "+" popup) stays out of sight until that draft is published."""
        from negotiations.models import Condition, Event, Proposal, Statement

        return self.filter(
            Exists(Statement.objects.standing().filter(party=OuterRef("pk")))
            | Exists(Condition.objects.published().filter(party=OuterRef("pk")))
            | Exists(Proposal.objects.filter(party=OuterRef("pk")))
            | Exists(Event.parties.through.objects.filter(party=OuterRef("pk")))
            | Exists(Person.objects.public().filter(party=OuterRef("pk")))
        )

    def visible_to(self, user):
        from negotiations.visibility import sees_drafts

        return self if sees_drafts(user) else self.public()


class Party(models.Model):
    """A side or stakeholder in a negotiation: a state, an alliance, an organisation."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    short_name = models.CharField(
        max_length=40, blank=True, help_text="Used in table headers, e.g. 'US' for United States."
    )
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(
        default=100, help_text="Column order in the comparison table: lower comes first."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name", "id"]
        verbose_name_plural = "parties"

    def __str__(self):
        return self.name

    @property
    def label(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("negotiations:party", args=[self.slug])


class PersonQuerySet(models.QuerySet):
    def public(self):
        """People a reader may see: named by a published statement, a role or an event. A
        person made in passing for a draft statement stays out of sight until it is published."""
        from negotiations.models import Event, Statement

        return self.filter(
            Exists(Statement.objects.standing().filter(speaker=OuterRef("pk")))
            | Exists(Role.objects.filter(person=OuterRef("pk")))
            | Exists(Event.participants.through.objects.filter(person=OuterRef("pk")))
        )

    def visible_to(self, user):
        from negotiations.visibility import sees_drafts

        return self if sees_drafts(user) else self.public()


class Person(models.Model):
    """Someone whose words are tracked; their party and titles can change over time (see Role)."""

    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="people")
    description = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    @property
    def other_names_list(self):
        """The other names, from the prefetched rows when they were prefetched."""
        return [other.name for other in self.other_names.all()]

    def role_on(self, day):
        """The role held on `day`, or the latest one when `day` is None."""
        for role in self.roles.all():
            if day is None or role.is_held_on(day):
                return role
        return None


class PersonName(models.Model):
    """Another name or description reporters use for a person ('Putin', 'the Russian leader',
    'Zelenskyy'): article intake matches speakers against these, and search finds them."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField(max_length=200)
    note = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'Reuters spelling', 'description'."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="person_other_name_unique")
        ]

    def __str__(self):
        return self.name


class Role(models.Model):
    """A title a person held from one date until another (open-ended while they still hold it)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(max_length=200, help_text="e.g. 'President of Russia'.")
    process = models.ForeignKey(
        "negotiations.PeaceProcess",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        help_text="The peace process the role is held in ('head of the delegation'); blank "
        "for a role outside any one process ('President of Russia').",
    )
    started_on = models.DateField(null=True, blank=True, help_text="Blank when not known.")
    ended_on = models.DateField(null=True, blank=True, help_text="Blank while the role is held.")
    source_excerpt = models.TextField(
        blank=True, help_text="The sentence of a source that names this role, verbatim."
    )
    # Where its dates come from when the sentence above does not give them (a resignation).
    citations = GenericRelation("negotiations.Citation")
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", F("started_on").desc(nulls_last=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="role_ends_on_or_after_start",
                violation_error_message="A role cannot end before it starts.",
            )
        ]

    def __str__(self):
        return f"{self.person if self.person_id else '(no person)'}: {self.title}"

    def is_held_on(self, day):
        started = self.started_on is None or self.started_on <= day
        not_ended = self.ended_on is None or self.ended_on >= day
        return started and not_ended

    def clean(self):
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "A role cannot end before it starts."})
