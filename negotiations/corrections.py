"""Corrections in public: when an editor changes what readers already see, they say why, and the
statement's page and the changelog print "corrected on …: …", as newspapers print corrections.

The reason travels as the history record's change reason, marked with `PREFIX`, so it is kept
with the change it explains, reverted with it and backed up with it.
"""

from negotiations.models import PublishStatus

PREFIX = "Correction: "
# Changes that are not corrections of content: publishing, and the form's own bookkeeping.
NOT_CONTENT = {"seen_revision", "correction", "status"}


def reason_of(record):
    """The reader-facing reason of a history record that corrected its object, else ''."""
    reason = record.history_change_reason or ""
    return reason.removeprefix(PREFIX) if reason.startswith(PREFIX) else ""


def needs_reason(was_published, form):
    """Whether a save through `form` corrects something readers see and so needs a reason."""
    if not was_published or form.cleaned_data.get("status") != PublishStatus.PUBLISHED:
        return False
    return bool(set(form.changed_data) - NOT_CONTENT)


def corrections_of(obj):
    """(when, reason) of every correction of `obj`, newest first: one query."""
    records = obj.history.filter(history_change_reason__startswith=PREFIX).order_by(
        "-history_date", "-history_id"
    )
    return [(record.history_date, reason_of(record)) for record in records]
