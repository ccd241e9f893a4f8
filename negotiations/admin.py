"""The admin where editors enter, check and publish sources, statements, terms and the rest."""

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.db import models, transaction
from django.db.models import Count

from negotiations.intake.admin import IntakeAdminMixin
from negotiations.locking import RevisionCheckedForm
from negotiations.models import (
    Attestation,
    Citation,
    Condition,
    Event,
    Fact,
    Proposal,
    ProposalPoint,
    ProposalVersion,
    PublishStatus,
    Region,
    RegionName,
    Source,
    Statement,
    Topic,
)
from parties.admin import TrackerAdmin

EVIDENCE_FIELDSET = ("Evidence", {"fields": ["source", "source_excerpt"]})
PUBLISHING_FIELDSET = ("Publishing", {"fields": ["status", "published_at"]})


class PublishableAdmin(TrackerAdmin):
    """Publish and return-to-draft actions for the models analysts only see once published;
    saving over another editor's unseen change is refused (optimistic locking)."""

    form = RevisionCheckedForm
    actions = ["publish", "return_to_draft"]
    readonly_fields = ["published_at"]

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["change"])
    def publish(self, request, queryset):
        self.set_status(
            request, queryset, PublishStatus.PUBLISHED, "published", "already published"
        )

    @admin.action(
        description="Return selected %(verbose_name_plural)s to draft", permissions=["change"]
    )
    def return_to_draft(self, request, queryset):
        self.set_status(
            request, queryset, PublishStatus.DRAFT, "returned to draft", "already drafts"
        )

    def set_status(self, request, queryset, status, done, already):
        changed = unchanged = 0
        # One at a time through save(), not queryset.update(): save() stamps published_at and
        # simple_history records each change; the transaction makes the batch all or nothing.
        with transaction.atomic():
            for obj in queryset:
                if obj.status == status:
                    unchanged += 1
                    continue
                obj.status = status
                obj._history_user = request.user
                obj._change_reason = done.capitalize()
                obj.save()
                self.log_change(request, obj, done.capitalize())
                changed += 1
        message = f"{changed} {model_ngettext(self.opts, changed)} {done}."
        if unchanged:
            message += f" {unchanged} {'was' if unchanged == 1 else 'were'} {already}."
        self.message_user(request, message, messages.SUCCESS if changed else messages.WARNING)


@admin.register(Source)
class SourceAdmin(IntakeAdminMixin, PublishableAdmin):
    list_display = ["title", "publisher", "published", "language", "status", "attestation_count"]
    list_filter = ["status", "published_on_precision", "language"]
    search_fields = ["title", "publisher", "author", "url"]
    date_hierarchy = "published_on"
    # Django 6 will assume https for an address typed without a scheme; opt in now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "publisher",
                    "title",
                    "url",
                    "author",
                    ("published_on", "published_on_precision"),
                    "language",
                    "text",
                    "note",
                ]
            },
        ),
        PUBLISHING_FIELDSET,
    ]

    def get_queryset(self, request):
        # An annotation drops the default ordering; keep one so pages of results are stable.
        return (
            super()
            .get_queryset(request)
            .annotate(attestation_count=Count("attestations"))
            .order_by(*(self.ordering or self.model._meta.ordering or ["-pk"]), "pk")
        )

    @admin.display(description="published", ordering="published_on")
    def published(self, source):
        return source.published_display

    @admin.display(description="attestations", ordering="attestation_count")
    def attestation_count(self, source):
        return source.attestation_count


class AttestationInline(admin.TabularInline):
    model = Attestation
    fields = ["source", "wording", "start", "note"]
    autocomplete_fields = ["source"]
    # A statement is only as good as its source: the add form asks for one at once.
    min_num = 1
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, validate_min=True, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


@admin.register(Statement)
class StatementAdmin(PublishableAdmin):
    list_display = ["said", "who", "summary", "mode", "status", "attestation_count"]
    list_filter = ["status", "mode", "party", "said_on_precision"]
    search_fields = ["summary", "occasion", "place", "speaker__name", "party__name"]
    date_hierarchy = "said_on"
    autocomplete_fields = ["speaker", "party"]
    inlines = [AttestationInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "speaker",
                    "party",
                    ("said_on", "said_on_precision"),
                    "occasion",
                    "place",
                    ("mode", "language"),
                    "summary",
                ]
            },
        ),
        PUBLISHING_FIELDSET,
    ]

    def get_queryset(self, request):
        # Also serves the autocomplete of conditions, whose labels name the speaker or party.
        return (
            super()
            .get_queryset(request)
            .select_related("speaker", "party")
            .annotate(attestation_count=Count("attestations"))
            .order_by(*self.model._meta.ordering, "pk")
        )

    @admin.display(description="said", ordering="said_on")
    def said(self, statement):
        return statement.said_display

    @admin.display(description="speaker / party", ordering="speaker__name")
    def who(self, statement):
        if statement.speaker_id:
            return f"{statement.speaker.name} ({statement.party.label})"
        return statement.party.name

    @admin.display(description="attestations", ordering="attestation_count")
    def attestation_count(self, statement):
        return statement.attestation_count


@admin.register(Attestation)
class AttestationAdmin(TrackerAdmin):
    list_display = ["__str__", "statement", "source", "start", "end"]
    list_filter = ["statement__party", "statement__status"]
    search_fields = ["wording", "note", "source__title", "statement__summary"]
    autocomplete_fields = ["statement", "source"]
    fields = ["statement", "source", "wording", "start", "end", "note"]
    readonly_fields = ["end"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("source", "statement__speaker", "statement__party")
        )


@admin.register(Topic)
class TopicAdmin(TrackerAdmin):
    list_display = ["name", "parent", "sort_order", "updated_at"]
    list_editable = ["sort_order"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


class RegionNameInline(admin.TabularInline):
    model = RegionName
    fields = ["name", "note"]
    extra = 0


@admin.register(Region)
class RegionAdmin(TrackerAdmin):
    list_display = ["name", "names", "updated_at"]
    search_fields = ["name", "slug", "other_names__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RegionNameInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("other_names")

    @admin.display(description="other names")
    def names(self, region):
        return ", ".join(other.name for other in region.other_names.all())


@admin.register(RegionName)
class RegionNameAdmin(TrackerAdmin):
    list_display = ["name", "region", "note"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "note", "region__name"]
    autocomplete_fields = ["region"]


class ProposalVersionInline(admin.StackedInline):
    model = ProposalVersion
    fields = [
        ("number", "label"),
        ("presented_on", "presented_on_precision"),
        ("point_count", "point_count_is_estimate"),
        "summary",
        "changes",
        "source",
        "source_excerpt",
    ]
    autocomplete_fields = ["source"]
    # Points are edited on the version's own page: the admin does not nest inlines.
    show_change_link = True
    extra = 0


@admin.register(Proposal)
class ProposalAdmin(TrackerAdmin):
    list_display = ["title", "party", "version_count", "updated_at"]
    list_filter = ["party"]
    list_select_related = ["party"]
    search_fields = ["title", "slug", "description", "party__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["party", "source"]
    inlines = [ProposalVersionInline]
    fieldsets = [(None, {"fields": ["title", "slug", "party", "description"]}), EVIDENCE_FIELDSET]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(version_count=Count("versions"))
            .order_by(*(self.ordering or self.model._meta.ordering or ["-pk"]), "pk")
        )

    @admin.display(description="versions", ordering="version_count")
    def version_count(self, proposal):
        return proposal.version_count


class ProposalPointInline(admin.TabularInline):
    model = ProposalPoint
    fk_name = "version"
    fields = ["number", "text", "previous", "source", "source_excerpt"]
    autocomplete_fields = ["previous", "source"]
    extra = 0


@admin.register(ProposalVersion)
class ProposalVersionAdmin(TrackerAdmin):
    list_display = ["__str__", "number", "presented", "points_reported", "point_rows"]
    list_filter = ["proposal"]
    search_fields = ["label", "summary", "proposal__title"]
    date_hierarchy = "presented_on"
    autocomplete_fields = ["proposal", "source"]
    inlines = [ProposalPointInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "proposal",
                    ("number", "label"),
                    ("presented_on", "presented_on_precision"),
                    ("point_count", "point_count_is_estimate"),
                    "summary",
                    "changes",
                ]
            },
        ),
        EVIDENCE_FIELDSET,
    ]

    def get_queryset(self, request):
        # Also serves the autocomplete elsewhere, whose labels name the proposal.
        return (
            super()
            .get_queryset(request)
            .select_related("proposal")
            .annotate(point_rows=Count("points"))
            .order_by(*self.model._meta.ordering, "pk")
        )

    @admin.display(description="presented", ordering="presented_on")
    def presented(self, version):
        return version.presented_display

    @admin.display(description="points (reported)")
    def points_reported(self, version):
        return version.point_count_display

    @admin.display(description="points entered", ordering="point_rows")
    def point_rows(self, version):
        return version.point_rows


@admin.register(ProposalPoint)
class ProposalPointAdmin(TrackerAdmin):
    list_display = ["__str__", "version", "number", "change_kind"]
    list_filter = ["version__proposal"]
    list_select_related = ["version__proposal", "previous"]
    search_fields = ["text", "version__label", "version__proposal__title"]
    autocomplete_fields = ["version", "previous", "source"]
    fieldsets = [(None, {"fields": ["version", "number", "text", "previous"]}), EVIDENCE_FIELDSET]

    @admin.display(description="change")
    def change_kind(self, point):
        return point.change.label


@admin.register(Condition)
class ConditionAdmin(PublishableAdmin):
    list_display = ["summary", "party", "kind", "topic", "valid_from", "valid_until", "status"]
    list_filter = ["status", "kind", "party", "topic"]
    list_select_related = ["party", "topic"]
    search_fields = ["summary", "details", "source_excerpt", "party__name", "topic__name"]
    date_hierarchy = "valid_from"
    autocomplete_fields = [
        "party",
        "topic",
        "addressed_to",
        "regions",
        "proposal_version",
        "statements",
        "source",
        "depends_on",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["party", "kind", "hedging", "topic", "summary", "details", "addressed_to"]},
        ),
        ("Conditions", {"fields": ["depends_on"]}),
        (
            "Scope and time",
            {
                "fields": [
                    "regions",
                    "regions_are_examples",
                    "proposal_version",
                    ("valid_from", "valid_from_precision"),
                    "valid_until",
                ]
            },
        ),
        (
            "Evidence",
            {
                "fields": [
                    "statements",
                    "source",
                    "source_excerpt",
                    "is_inferred",
                    "inference_note",
                ]
            },
        ),
        PUBLISHING_FIELDSET,
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "statements":
            # The widget labels each chosen statement with its speaker or party.
            kwargs["queryset"] = Statement.objects.select_related("speaker", "party")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Event)
class EventAdmin(TrackerAdmin):
    list_display = ["title", "kind", "status", "starts", "place"]
    list_filter = ["kind", "status", "parties"]
    search_fields = ["title", "place", "description"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["participants", "parties", "proposal_version", "source"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("kind", "status"),
                    "title",
                    ("starts_on", "starts_on_precision"),
                    "place",
                    "participants",
                    "parties",
                    "proposal_version",
                    "description",
                ]
            },
        ),
        EVIDENCE_FIELDSET,
    ]

    @admin.display(description="starts", ordering="starts_on")
    def starts(self, event):
        return event.starts_display


@admin.register(Fact)
class FactAdmin(TrackerAdmin):
    list_display = ["summary", "topic", "as_of", "is_approximate"]
    list_filter = ["is_approximate", "topic"]
    list_select_related = ["topic"]
    search_fields = ["summary", "source_excerpt"]
    date_hierarchy = "as_of"
    autocomplete_fields = ["topic", "regions", "source"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "summary",
                    ("as_of", "as_of_precision"),
                    "is_approximate",
                    "topic",
                    "regions",
                ]
            },
        ),
        EVIDENCE_FIELDSET,
    ]


@admin.register(Citation)
class CitationAdmin(TrackerAdmin):
    """Where a detail of a record comes from when the record's own source does not give it."""

    list_display = ["detail", "record", "source"]
    list_filter = ["content_type"]
    list_select_related = ["source", "content_type"]
    search_fields = ["detail", "excerpt", "source__title", "source__publisher"]
    autocomplete_fields = ["source"]
    fields = ["content_type", "object_id", "detail", "source", "excerpt"]
