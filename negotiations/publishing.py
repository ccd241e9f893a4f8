"""Publishing as one step: a statement goes out with the sources that report it, a term with the
statements it rests on, so that no reader ever sees a published statement without a published
source, or a published term whose quotes are all hidden.

Returning to draft does not cascade: the sources and statements may back other published rows.
"""

from django.core.exceptions import ValidationError

from negotiations import rights
from negotiations.models import Condition, PublishStatus, Source, Statement


def _publish_one(obj, user, reason):
    obj.status = PublishStatus.PUBLISHED
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def needs(obj):
    """The draft rows `obj` needs published with it, in the order they must be published."""
    if isinstance(obj, Condition):
        statements = list(obj.statements.exclude(status=PublishStatus.PUBLISHED))
        sources = Source.objects.filter(
            attestations__statement__in=obj.statements.all(), status=PublishStatus.DRAFT
        ).distinct()
        return [*sources, *statements]
    if isinstance(obj, Statement):
        return list(
            Source.objects.filter(
                attestations__statement=obj, status=PublishStatus.DRAFT
            ).distinct()
        )
    return []


def check(obj, user=None):
    """Refuse to publish what cannot stand (a statement no source reports), or what `user` may
    not publish (see `rights_refusals`)."""
    if isinstance(obj, Statement) and not obj.attestations.exists():
        raise ValidationError(
            f"{obj} has no attestation: add the source that reports it before publishing."
        )
    refusals = rights_refusals(obj, user) if user is not None else []
    if refusals:
        raise ValidationError(refusals)


def rights_refusals(obj, user, statements=None):
    """Why `user` may not change what readers see of `obj`: a statement bears on every peace
    process whose terms it backs, and only an editor of each may publish it or take it back; a
    term takes the draft statements it rests on (`statements`, ids, or its own) out with it."""
    if isinstance(obj, Statement):
        ids = [obj.pk] if obj.pk else []
        return rights.publishing_refusals(user, ids)
    if isinstance(obj, Condition):
        if statements is None:
            statements = (
                obj.statements.exclude(status=PublishStatus.PUBLISHED).values_list("pk", flat=True)
                if obj.pk
                else []
            )
        process = obj.topic.process_id if obj.topic_id else None
        return rights.publishing_refusals(
            user, list(statements), [process] if process is not None else []
        )
    return []


def publish_needs(obj, user, reason="Published"):
    """Publish the drafts `obj` needs (see `needs`); returns them."""
    also = needs(obj)
    for needed in also:
        _publish_one(needed, user, f"{reason} with {obj._meta.verbose_name} {obj.pk}")
    return also


def publish(obj, user, reason="Published"):
    """Publish `obj` and the drafts it needs; returns those also published. Call inside a
    transaction: it is all or nothing."""
    check(obj, user)
    also = publish_needs(obj, user, reason)
    if obj.status != PublishStatus.PUBLISHED:
        _publish_one(obj, user, reason)
    return also
