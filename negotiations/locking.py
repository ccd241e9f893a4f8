"""Optimistic locking for the admin: a save based on a stale copy is stopped and both versions shown."""

from django import forms
from django.core.exceptions import ValidationError


def _display(value):
    if value is None or value == "":
        return "(empty)"
    text = str(value)
    return text if len(text) <= 300 else text[:300] + "…"


class RevisionCheckedForm(forms.ModelForm):
    """Carries the revision the editor opened; refuses to save over a newer one unseen."""

    seen_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The stored revision, not the instance's: a revert form edits an old copy.
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
        # The admin's change view runs in a transaction: this row lock holds until the save.
        current = model._default_manager.select_for_update().filter(pk=self.instance.pk).first()
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
        when = latest.history_date.strftime("%d %b %Y %H:%M UTC") if latest else ""
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
