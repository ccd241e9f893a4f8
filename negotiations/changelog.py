"""The public changelog: what changed in published statements, terms and sources, newest first."""

from collections import defaultdict
from dataclasses import dataclass

from negotiations.corrections import reason_of
from negotiations.models import Condition, PublishStatus, Source, Statement

TRACKED = [
    (
        Statement,
        "statement",
        ["speaker_id", "party_id", "said_on", "occasion", "place", "mode", "summary"],
    ),
    (
        Condition,
        "term",
        ["kind", "summary", "details", "valid_from", "valid_until", "topic_id", "party_id"],
    ),
    (Source, "source", ["publisher", "title", "url", "published_on", "text"]),
]
ACTIONS = {"+": "added", "~": "changed", "-": "deleted"}


@dataclass
class Change:
    when: object
    kind: str
    object_id: int
    label: str
    action: str
    fields: list[str]
    user: str
    reason: str = ""  # the editor's reason, shown to readers, when the change is a correction


def recent_changes(limit=50):
    """The latest changes that readers could see: to published rows, or out of publication."""
    changes = []
    for model, kind, fields in TRACKED:
        history = model.history.model
        records = list(
            history.objects.select_related("history_user").order_by("-history_date", "-history_id")[
                : limit * 3
            ]
        )
        ids = {record.id for record in records}
        # One query for every earlier record of these objects, to say what each change changed.
        earlier = defaultdict(list)
        for record in history.objects.filter(id__in=ids).order_by("history_date", "history_id"):
            earlier[record.id].append(record)
        for record in records:
            timeline = earlier[record.id]
            position = next(
                (i for i, r in enumerate(timeline) if r.history_id == record.history_id), 0
            )
            previous = timeline[position - 1] if position > 0 else None
            was_public = previous is not None and previous.status == PublishStatus.PUBLISHED
            is_public = record.status == PublishStatus.PUBLISHED and record.history_type != "-"
            if not (is_public or was_public):
                continue
            if is_public and not was_public:
                action, changed = "published", []
            elif was_public and not is_public:
                action, changed = "withdrawn", []
            else:
                action = ACTIONS[record.history_type]
                changed = [
                    name.removesuffix("_id")
                    for name in fields
                    if previous is not None and getattr(previous, name) != getattr(record, name)
                ]
                if action == "changed" and not changed:
                    continue
                if action == "changed" and reason_of(record):
                    action = "corrected"
            changes.append(
                Change(
                    when=record.history_date,
                    kind=kind,
                    object_id=record.id,
                    label=_label(kind, record),
                    action=action,
                    fields=changed,
                    user=record.history_user.get_username() if record.history_user else "",
                    reason=reason_of(record),
                )
            )
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]


def _label(kind, record):
    if kind == "statement":
        return record.summary or f"Statement of {record.said_on:%d %b %Y}"
    if kind == "term":
        return record.summary
    return f"{record.publisher}: {record.title}"
