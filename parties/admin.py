"""The admin where editors keep parties, the people who speak for them, and their roles."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from parties.forms import TrackerForm
from parties.models import Party, Person, PersonName, Role

SEARCH_WORDS = 20
SEARCH_LENGTH = 200


class ProcessScoped:
    """Rows and choices limited to the peace processes the editor may edit (`rights`): the list,
    the change form, actions and autocomplete all read `get_queryset`, and every choice of a
    row that belongs to a process (a topic, a term, a proposal version) offers those processes'
    rows only, so a crafted form cannot name another's either."""

    def get_queryset(self, request):
        from negotiations.rights import editable

        return editable(super().get_queryset(request), request.user)

    def _scoped_choices(self, db_field, request, kwargs):
        from negotiations.rights import editable, is_limited, is_scoped

        # Only a row of a process chooses within it; a person's or a source's rows are shared,
        # and a choice narrowed there would refuse their unchanged values.
        if is_scoped(self.model) and is_limited(request.user) and "queryset" not in kwargs:
            related = db_field.remote_field.model
            kwargs["queryset"] = editable(related._default_manager.all(), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class TrackerAdmin(ProcessScoped, SimpleHistoryAdmin):
    """The base of every tracker admin: history and revert, text saved as typed (TrackerForm),
    and a bounded changelist search (a pasted paragraph would otherwise become a query too deep
    for SQLite and slow anywhere)."""

    form = TrackerForm

    def _check_ids(self, object_id, version_id=None):
        """An address whose ids are not ids names nothing: 404, not a server error."""
        try:
            self.model._meta.pk.to_python(unquote(object_id))
            if version_id is not None:
                int(version_id)
        except (ValidationError, ValueError):
            raise Http404("No such record.") from None

    def history_view(self, request, object_id, extra_context=None):
        self._check_ids(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_ids(object_id, version_id)
        # Reverting saves, and the save locks the row it checks: one transaction for the request,
        # as the admin's own change view has (ATOMIC_REQUESTS is off).
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_search_results(self, request, queryset, search_term):
        words = search_term[:SEARCH_LENGTH].split()[:SEARCH_WORDS]
        return super().get_search_results(request, queryset, " ".join(words))


@admin.register(Party)
class PartyAdmin(TrackerAdmin):
    list_display = ["name", "short_name", "sort_order", "people_count", "updated_at"]
    list_editable = ["sort_order"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # An annotation drops the default ordering; keep one so pages (and autocompletes) are
        # stable.
        return (
            super()
            .get_queryset(request)
            .annotate(people_count=Count("people", distinct=True))
            .order_by(*Party._meta.ordering, "pk")
        )

    @admin.display(description="people", ordering="people_count")
    def people_count(self, party):
        return party.people_count


class PersonNameInline(admin.TabularInline):
    model = PersonName
    form = TrackerForm
    fields = ["name", "note"]
    extra = 0


class RoleInline(admin.TabularInline):
    model = Role
    form = TrackerForm
    fields = ["title", "process", "started_on", "ended_on", "source_excerpt"]
    extra = 0


@admin.register(Person)
class PersonAdmin(TrackerAdmin):
    list_display = ["name", "party", "latest_role", "updated_at"]
    list_filter = ["party"]
    list_select_related = ["party"]
    search_fields = ["name", "slug", "other_names__name", "roles__title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["party"]
    inlines = [PersonNameInline, RoleInline]

    def get_queryset(self, request):
        # role_on() reads the prefetched roles, so the column costs one query for the whole page.
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description="latest role")
    def latest_role(self, person):
        role = person.role_on(None)
        return role.title if role else "–"


@admin.register(PersonName)
class PersonNameAdmin(TrackerAdmin):
    list_display = ["name", "person", "note"]
    list_filter = ["person__party"]
    list_select_related = ["person"]
    search_fields = ["name", "note", "person__name"]
    autocomplete_fields = ["person"]


@admin.register(Role)
class RoleAdmin(TrackerAdmin):
    list_display = ["person", "title", "started_on", "ended_on"]
    list_filter = ["person__party"]
    list_select_related = ["person"]
    search_fields = ["title", "person__name"]
    autocomplete_fields = ["person"]
    date_hierarchy = "started_on"
