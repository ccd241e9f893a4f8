"""Saving the rows an editor accepted: draft statements with their attestations, each at most
once, and the spellings of known people's names that the editor confirmed."""

from dataclasses import dataclass, field

from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from negotiations.models import Attestation, Source, Statement
from parties.models import Person, PersonName

# How far from the engine's offsets a trimmed wording is looked for before anywhere in the text.
NEAR = 400


class RowsInvalid(Exception):
    """Raised inside the transaction to undo every row when one of them is invalid."""


@dataclass
class Accepted:
    """What accepting a page of rows did."""

    created: list = field(default_factory=list)
    already: int = 0
    people: dict = field(default_factory=dict)
    names: list = field(default_factory=list)
    slugs_taken: set = field(default_factory=set)


def accept_rows(*, user, source, forms, candidates, choices):
    """Every accepted row as a draft statement, all in one transaction or none (RowsInvalid).

    A row whose passages are already attestations of this source (the same page accepted twice,
    by a double click or by two editors) creates nothing again.
    """
    accepted = Accepted()
    with transaction.atomic():
        # Two accepts of one source wait for each other, so the second sees the first's rows.
        Source.objects.select_for_update(no_key=True).filter(pk=source.pk).exists()
        invalid = False
        for form, candidate in zip(forms, candidates, strict=True):
            data = form.cleaned_data
            if not data.get("accept"):
                continue
            try:
                _accept(user, source, data, candidate, choices, accepted)
            except ValidationError as error:
                add_model_errors(form, error)
                invalid = True
        if invalid:
            raise RowsInvalid
        LogEntry.objects.log_actions(
            user.pk,
            [*accepted.people.values(), *accepted.created],
            ADDITION,
            f"Added by article intake from source {source.pk}.",
        )
    return accepted


def _accept(user, source, data, candidate, choices, accepted):
    check_permissions(user, data)
    attestations = []
    for start, wording in pieces(source.text, data["wording"], candidate):
        attestation = Attestation(source=source, wording=wording, start=start)
        attestation.full_clean(exclude=["statement"])
        attestations.append(attestation)
    if all(
        Attestation.objects.filter(source=source, start=a.start, wording=a.wording).exists()
        for a in attestations
    ):
        accepted.already += 1
        return
    accepted.created.append(_save_statement(source, data, attestations, choices, accepted))
    name = _confirmed_spelling(source, data, candidate, choices)
    if name is not None:
        accepted.names.append(name)


def _save_statement(source, data, attestations, choices, accepted):
    speaker = choices.people.get(data["speaker"]) if data["speaker"] is not None else None
    party = choices.parties.get(data["party"]) if data["party"] is not None else None
    if data["new_person"]:
        speaker = _new_person(data["new_person"], party, accepted)
    statement = Statement(
        speaker=speaker,
        party_id=party.pk if party is not None else None,
        attribution=data["attribution"] if data["anonymous"] else "",
        said_on=data["said_on"],
        said_on_precision=data["said_on_precision"],
        occasion=data["occasion"],
        place=data["place"],
        mode=data["mode"],
        summary=data["summary"],
    )
    statement.full_clean()
    statement.save()
    for attestation in attestations:
        attestation.statement = statement
        attestation.save()
    for condition_id in data["conditions"]:
        choices.conditions[condition_id].statements.add(statement)
    return statement


def _confirmed_spelling(source, data, candidate, choices):
    """The spelling the engine matched a known speaker by, once an editor confirms the match:
    it becomes one of the person's other names, so it is a name from now on."""
    person = candidate.speaker
    spelling = candidate.spelling
    if person is None or not spelling or data["speaker"] != person.pk:
        return None
    person = choices.people[person.pk]
    known = {person.name.casefold(), *(n.casefold() for n in person.other_names_list)}
    if spelling.casefold() in known:
        return None
    note = f"From article intake: {source.publisher}, source {source.pk}"
    name, created = PersonName.objects.get_or_create(
        person=person, name=spelling, defaults={"note": note[:200]}
    )
    return name if created else None


def check_permissions(user, data):
    """Adding people and changing terms take their own permissions, beyond those of intake."""
    errors = {}
    if data["new_person"] and not user.has_perm("parties.add_person"):
        errors["new_person"] = "You may not add people: choose a known speaker."
    if data["conditions"] and not user.has_perm("negotiations.change_condition"):
        errors["conditions"] = "You may not change terms: leave them for an editor to link."
    if errors:
        raise ValidationError(errors)


def pieces(text, wording, candidate):
    """(start, wording) of each attestation: the engine's offsets where they still hold, so the
    right occurrence is kept; None lets the Attestation find the wording itself."""
    if candidate.is_split and wording == candidate.wording:
        return [(part.start, part.wording) for part in candidate.parts]
    if text[candidate.start : candidate.start + len(wording)] == wording:
        return [(candidate.start, wording)]
    near = text.find(wording, max(0, candidate.start - NEAR), candidate.end + NEAR)
    return [(near if near >= 0 else None, wording)]


def _new_person(name, party, accepted):
    """A new Person, never an existing one; the same new name twice in one review is one person."""
    key = (name.casefold(), party.pk)
    if key in accepted.people:
        return accepted.people[key]
    max_length = Person._meta.get_field("slug").max_length
    base = slugify(name)[: max_length - 8].strip("-") or "person"
    existing = set(Person.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken = existing | accepted.slugs_taken
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    person = Person(name=name, slug=slug, party=party)
    try:
        person.full_clean()
    except ValidationError as error:
        raise ValidationError({"new_person": error.messages}) from error
    person.save()
    accepted.slugs_taken.add(slug)
    accepted.people[key] = person
    return person


# Model fields that a row shows under another name.
_FIELD_OF = {"start": "wording", "end": "wording", "speaker": "speaker", "source": None}


def add_model_errors(form, error):
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = _FIELD_OF.get(name, name)
        if target not in form.fields:
            target = None
        form.add_error(target, errors)
