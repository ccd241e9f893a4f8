"""The admin where editors enter, check and publish sources, statements, terms and the rest."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count

from negotiations import corrections, publishing, rights
from negotiations.anchoring import anchor
from negotiations.dates import iso_date
from negotiations.intake.admin import IntakeAdminMixin
from negotiations.locking import RevisionCheckedForm, for_update
from negotiations.models import (
    Attestation,
    Citation,
    Condition,
    Event,
    Fact,
    Participation,
    PeaceProcess,
    ProcessEditor,
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
from parties.forms import TrackerForm

User = get_user_model()

EVIDENCE_FIELDSET = ("Evidence", {"fields": ["source", "source_excerpt"]})
PUBLISHING_FIELDSET = ("Publishing", {"fields": ["status", "published_at", "seen_revision"]})
CORRECTED_FIELDSET = (
    "Publishing",
    {"fields": ["status", "published_at", "correction", "seen_revision"]},
)


class PublishableAdmin(TrackerAdmin):
    """Publish and return-to-draft actions for the models analysts only see once published;
    saving over another editor's unseen change is refused (optimistic locking)."""

    form = RevisionCheckedForm
    actions = ["publish", "return_to_draft"]
    readonly_fields = ["published_at"]

    def get_fieldsets(self, request, obj=None):
        # The revision the editor opened travels in a hidden field: a form field the fieldsets
        # do not name is never rendered, never posted, and every save would look stale.
        fieldsets = super().get_fieldsets(request, obj)
        named = {
            name
            for _title, options in fieldsets
            for line in options["fields"]
            for name in (line if isinstance(line, list | tuple) else [line])
        }
        if "seen_revision" in named:
            return fieldsets
        title, options = fieldsets[-1]
        return [
            *fieldsets[:-1],
            (title, {**options, "fields": [*options["fields"], "seen_revision"]}),
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (PublishingRightsForm, form), {"editor": request.user})

    def locked(self, queryset):
        """The chosen rows, locked in id order before anything is read (call in a transaction):
        an edit committed meanwhile is then waited for or seen, never written over. Re-read by
        id, since a changelist's queryset is annotated and PostgreSQL locks no grouped rows."""
        ids = list(queryset.values_list("pk", flat=True))
        chosen = self.model._default_manager.filter(pk__in=ids).order_by("pk")
        return for_update(chosen)

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["change"])
    def publish(self, request, queryset):
        also = []
        try:
            with transaction.atomic():
                changed, unchanged = 0, 0
                for obj in self.locked(queryset):
                    if obj.is_published:
                        unchanged += 1
                        continue
                    also += publishing.publish(obj, request.user)
                    self.log_change(request, obj, "Published")
                    changed += 1
        except ValidationError as refusal:
            self.message_user(
                request, "Nothing was published. " + " ".join(refusal.messages), messages.ERROR
            )
            return
        message = f"{changed} {model_ngettext(self.opts, changed)} published."
        if unchanged:
            message += f" {unchanged} {'was' if unchanged == 1 else 'were'} already published."
        message += _also_published(also)
        self.message_user(request, message, messages.SUCCESS if changed else messages.WARNING)

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("correction")
        if reason:
            obj._change_reason = corrections.PREFIX + reason
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Saving with the status "published" is publishing too: what the row needs goes with it.
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if obj.is_published:
            # The form has already checked what `publishing.check` asks (a statement's form
            # requires an attestation), so only the drafts it needs remain to publish.
            also = publishing.publish_needs(obj, request.user)
            if also:
                self.message_user(request, _also_published(also).strip(), messages.INFO)

    @admin.action(
        description="Return selected %(verbose_name_plural)s to draft", permissions=["change"]
    )
    def return_to_draft(self, request, queryset):
        self.set_status(
            request, queryset, PublishStatus.DRAFT, "returned to draft", "already drafts"
        )

    def set_status(self, request, queryset, status, done, already):
        """Set `status` on each row, one save each; publishing goes through `publish`."""
        changed = unchanged = 0
        # One at a time through save(), not queryset.update(): save() stamps published_at and
        # simple_history records each change; the transaction makes the batch all or nothing.
        with transaction.atomic():
            for obj in self.locked(queryset):
                if obj.status == status:
                    unchanged += 1
                    continue
                refusals = publishing.rights_refusals(obj, request.user, statements=[])
                if refusals:
                    transaction.set_rollback(True)
                    self.message_user(
                        request, "Nothing was changed. " + " ".join(refusals), messages.ERROR
                    )
                    return
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


class PublishingRightsForm:
    """Saving a row with the status "published" publishes it, and a term publishes the draft
    statements it rests on: refused, with the reason, for a statement bearing on a peace
    process the editor does not edit (`publishing.rights_refusals`); as is returning such a
    statement to draft."""

    editor = None

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if self.editor is None or status is None:
            return cleaned
        was_published = self.instance.pk is not None and self.instance.is_published
        publishing_now = status == PublishStatus.PUBLISHED
        statements = None
        if isinstance(self.instance, Condition) and publishing_now and "statements" in cleaned:
            statements = [
                statement.pk
                for statement in cleaned["statements"]
                if statement.status != PublishStatus.PUBLISHED
            ]
        elif publishing_now == was_published:
            return cleaned
        refusals = publishing.rights_refusals(self.instance, self.editor, statements)
        if refusals:
            raise ValidationError(refusals)
        return cleaned


class CorrectionForm(RevisionCheckedForm):
    """Asks for a reason when an edit changes what readers already see; readers see it too."""

    correction = forms.CharField(
        required=False,
        max_length=300,
        label="Reason for the correction",
        help_text="Required when you change something already published: readers see "
        "“corrected on (date): (your reason)” on its page and in the changes.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.was_published = self.instance.pk is not None and self.instance.is_published

    def clean(self):
        cleaned = super().clean()
        if corrections.needs_reason(self.was_published, self) and not cleaned.get("correction"):
            self.add_error(
                "correction",
                "This is published: say what you corrected and why; readers will see it.",
            )
        return cleaned


def _also_published(objects):
    if not objects:
        return ""
    return (
        " Also published, as they were needed: "
        + "; ".join(f"{obj._meta.verbose_name} “{obj}”" for obj in objects)
        + "."
    )


class SourceForm(RevisionCheckedForm):
    """Refuses an edit of the text that would lose a quoted passage; re-anchors moved ones."""

    def _post_clean(self):
        super()._post_clean()
        self.anchoring = None
        source = self.instance
        if source.pk is None or "text" not in self.changed_data or self.errors.get("text"):
            return
        self.anchoring = anchor(source, source.text)
        for problem in self.anchoring.problems:
            self.add_error("text", problem)


@admin.register(Source)
class SourceAdmin(IntakeAdminMixin, PublishableAdmin):
    list_display = ["title", "publisher", "published", "language", "status", "attestation_count"]
    list_filter = ["status", "published_on_precision", "language"]
    search_fields = ["title", "publisher", "author", "url"]
    date_hierarchy = "published_on"
    form = SourceForm
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        anchoring = getattr(form, "anchoring", None)
        if anchoring and anchoring.moves:
            anchoring.apply()
            self.message_user(
                request,
                f"{len(anchoring.moves)} attested passage(s) moved with the edit and were "
                "re-anchored.",
                messages.INFO,
            )

    @admin.display(description="published", ordering="published_on")
    def published(self, source):
        return iso_date(source.published_on, source.published_on_precision)

    @admin.display(description="attestations", ordering="attestation_count")
    def attestation_count(self, source):
        return source.attestation_count


class AttestationInline(admin.TabularInline):
    model = Attestation
    form = TrackerForm
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
    form = CorrectionForm
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
                    "attribution",
                    ("said_on", "said_on_precision"),
                    "occasion",
                    "place",
                    ("mode", "language"),
                    "summary",
                ]
            },
        ),
        CORRECTED_FIELDSET,
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
        return iso_date(statement.said_on, statement.said_on_precision)

    @admin.display(description="speaker / party", ordering="speaker__name")
    def who(self, statement):
        if statement.speaker_id:
            return f"{statement.speaker.name} ({statement.party.label})"
        if statement.attribution:
            return f"{statement.attribution} ({statement.party.label})"
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


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 1
    fields = ["party", "role"]
    autocomplete_fields = ["party"]


@admin.register(PeaceProcess)
class PeaceProcessAdmin(TrackerAdmin):
    list_display = ["name", "conflict", "status", "started", "party_count", "sort_order"]
    list_editable = ["sort_order"]
    list_filter = ["status"]
    search_fields = ["name", "slug", "conflict", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["source"]
    inlines = [ParticipationInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "conflict",
                    "status",
                    "summary",
                    ("started_on", "started_on_precision"),
                    ("ended_on", "ended_on_precision"),
                    "sort_order",
                ]
            },
        ),
        EVIDENCE_FIELDSET,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(parties_in=Count("participations"))

    def has_add_permission(self, request):
        # An editor limited to some processes keeps to them: a new process is for the others.
        return super().has_add_permission(request) and not rights.is_limited(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not rights.is_limited(request.user)

    @admin.display(description="started", ordering="started_on")
    def started(self, obj):
        return iso_date(obj.started_on, obj.started_on_precision) if obj.started_on else "—"

    @admin.display(description="parties", ordering="parties_in")
    def party_count(self, obj):
        return obj.parties_in


@admin.register(Participation)
class ParticipationAdmin(TrackerAdmin):
    list_display = ["party", "process", "role"]
    list_filter = [("process", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["party", "process"]
    search_fields = ["party__name", "process__name", "role"]
    autocomplete_fields = ["party"]
    fields = ["process", "party", "role"]


@admin.register(Topic)
class TopicAdmin(TrackerAdmin):
    list_display = ["name", "process", "parent", "sort_order", "updated_at"]
    list_editable = ["sort_order"]
    list_filter = [
        ("process", admin.RelatedOnlyFieldListFilter),
        ("parent", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["process", "parent"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


class RegionNameInline(admin.TabularInline):
    model = RegionName
    form = TrackerForm
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
    form = TrackerForm
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
    list_display = ["title", "process", "party", "version_count", "updated_at"]
    list_filter = [("process", admin.RelatedOnlyFieldListFilter), "party"]
    list_select_related = ["party"]
    search_fields = ["title", "slug", "description", "party__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["party", "source"]
    inlines = [ProposalVersionInline]
    fieldsets = [
        (None, {"fields": ["process", "title", "slug", "party", "description"]}),
        EVIDENCE_FIELDSET,
    ]

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
    form = TrackerForm
    fk_name = "version"
    fields = ["number", "text", "previous", "source", "source_excerpt"]
    autocomplete_fields = ["previous", "source"]
    extra = 0


@admin.register(ProposalVersion)
class ProposalVersionAdmin(TrackerAdmin):
    list_display = ["__str__", "number", "presented", "points_reported", "point_rows"]
    list_filter = [("proposal", admin.RelatedOnlyFieldListFilter)]
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
        return iso_date(version.presented_on, version.presented_on_precision)

    @admin.display(description="points (reported)")
    def points_reported(self, version):
        return version.point_count_display

    @admin.display(description="points entered", ordering="point_rows")
    def point_rows(self, version):
        return version.point_rows


@admin.register(ProposalPoint)
class ProposalPointAdmin(TrackerAdmin):
    list_display = ["__str__", "version", "number", "change_kind"]
    list_filter = [("version__proposal", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["version__proposal", "previous"]
    search_fields = ["text", "version__label", "version__proposal__title"]
    autocomplete_fields = ["version", "previous", "source"]
    fieldsets = [(None, {"fields": ["version", "number", "text", "previous"]}), EVIDENCE_FIELDSET]

    @admin.display(description="change")
    def change_kind(self, point):
        return point.change.label


class ConditionForm(CorrectionForm):
    def _post_clean(self):
        super()._post_clean()
        # The links are saved after the row: check them against what the editor chose.
        try:
            self.instance.check_links(
                self.cleaned_data.get("statements", ()), self.cleaned_data.get("depends_on", ())
            )
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Condition)
class ConditionAdmin(PublishableAdmin):
    form = ConditionForm
    list_display = ["summary", "party", "kind", "topic", "valid_from", "valid_until", "status"]
    list_filter = ["status", "kind", "party", ("topic", admin.RelatedOnlyFieldListFilter)]
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
        ("Holds only if", {"fields": ["depends_on"]}),
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
        CORRECTED_FIELDSET,
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "statements":
            # The widget labels each chosen statement with its speaker or party.
            kwargs["queryset"] = Statement.objects.select_related("speaker", "party")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Event)
class EventAdmin(TrackerAdmin):
    list_display = ["title", "process", "kind", "status", "starts", "place"]
    list_filter = [("process", admin.RelatedOnlyFieldListFilter), "kind", "status", "parties"]
    search_fields = ["title", "place", "description"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["participants", "parties", "proposal_version", "source"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "process",
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
        return iso_date(event.starts_on, event.starts_on_precision)


@admin.register(Fact)
class FactAdmin(TrackerAdmin):
    list_display = ["summary", "process", "topic", "as_of", "is_approximate"]
    list_filter = [
        ("process", admin.RelatedOnlyFieldListFilter),
        "is_approximate",
        ("topic", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["process", "topic"]
    search_fields = ["summary", "source_excerpt"]
    date_hierarchy = "as_of"
    autocomplete_fields = ["topic", "regions", "source"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "process",
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


class ProcessEditorInline(admin.TabularInline):
    """On a user's page: the peace processes they may edit; none, every process."""

    model = ProcessEditor
    extra = 0
    verbose_name = "peace process this editor may edit"
    verbose_name_plural = (
        "Peace processes this editor may edit (none listed: every process; superusers always "
        "edit every process)"
    )


class UserAdmin(DjangoUserAdmin):
    """Django's user admin, with the peace processes an editor may edit on a user's page (a new
    user is added first, as Django's admin adds users, then given their rights)."""

    def get_inlines(self, request, obj):
        return [ProcessEditorInline] if obj is not None else []


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
