"""Optimistic locking for the admin: a save based on a stale copy is stopped and both versions shown."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections
from simple_history.models import to_historic

from parties.forms import TrackerForm


def lock_row(model, pk):
    """The stored row, locked until the transaction ends (the admin's change view runs in one).

    The order of locks in one save is: this row first, then the rows the save writes, and the
    data version last of all, after the commit (negotiations/dataversion.py); so no two saves
    can each hold what the other waits for. FOR NO KEY UPDATE, not FOR UPDATE: the foreign-key
    checks of rows inserted meanwhile (an attestation citing this source, a history row naming
    this statement) take KEY SHARE locks, which it lets through and FOR UPDATE would block,
    closing a cycle with any lock the inserting transaction already holds. SQLite locks the
    whole database instead and ignores row locks.
    """
    return for_update(model._default_manager.filter(pk=pk)).first()


def for_update(queryset):
    """`queryset` locked FOR NO KEY UPDATE where the database has it (see `lock_row`)."""
    no_key = connections[queryset.db].features.has_select_for_no_key_update
    return queryset.select_for_update(no_key=no_key)


def _display(value):
    if value is None or value == "":
        return "(empty)"
    text = str(value)
    return text if len(text) <= 300 else text[:300] + "…"


class RevisionCheckedForm(TrackerForm):
    """Carries the revision the editor opened; refuses to save over a newer one unseen."""

    seen_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        if to_historic(self.instance) is None:
            # The revision of the copy the form shows: a save committed since it was read makes
            # this copy stale, and the later save must be refused, not let through.
            self.fields["seen_revision"].initial = self.instance.revision
            return
        # A revert form shows an old copy on purpose; it is stale only if the row changes after
        # the editor opened it.
        stored = (
            type(self.instance)
            ._default_manager.filter(pk=self.instance.pk)
            .values_list("revision", flat=True)
            .first()
        )
        self.fields["seen_revision"].initial = stored or self.instance.revision

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        model = type(self.instance)
        current = lock_row(model, self.instance.pk)
        if current is None:
            raise ValidationError(
                "Another editor deleted this since you opened it; nothing was saved."
            )
        seen = cleaned.get("seen_revision")
        if seen == current.revision:
            # Saving raises the stored revision by one, even from an old copy (a revert).
            self.instance.revision = current.revision
            return cleaned
        self.conflict = self._differences(current, cleaned)
        # Show the current revision from now on: saving again deliberately keeps the editor's
        # version, having seen the other one.
        data = self.data.copy()
        data[self.add_prefix("seen_revision")] = current.revision
        self.data = data
        latest = current.history.order_by("-history_date").select_related("history_user").first()
        who = latest.history_user.get_username() if latest and latest.history_user else "someone"
        when = latest.history_date.strftime("%Y-%m-%d %H:%M UTC") if latest else ""
        lines = [
            f"{who} changed this {model._meta.verbose_name} on {when}, after you opened it. "
            "Nothing was saved. Compare the two versions below; save again to keep yours."
        ]
        lines += [
            f"{label}: saved meanwhile: {_display(theirs)} | yours: {_display(yours)}"
            for label, theirs, yours in self.conflict
        ]
        raise ValidationError(lines, code="stale")

    def _differences(self, current, cleaned):
        rows = []
        for name, field in self.fields.items():
            if name == "seen_revision" or name not in cleaned:
                continue
            try:
                theirs = getattr(current, name)
            except (AttributeError, ValueError):
                continue
            yours = cleaned[name]
            if hasattr(theirs, "all"):  # many-to-many: compare the sets
                theirs = ", ".join(sorted(str(o) for o in theirs.all()))
                yours = ", ".join(sorted(str(o) for o in yours))
            if theirs != yours:
                rows.append((field.label or name, theirs, yours))
        return rows
