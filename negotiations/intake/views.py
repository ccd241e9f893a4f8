"""Article intake in the admin: paste an article, store it as a draft source, review the statements
the intake engine proposes, and save the accepted ones as draft statements."""

import hashlib
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from negotiations.dates import Precision
from negotiations.intake import find_candidates
from negotiations.intake.forms import (
    MAX_TEXT_BYTES,
    CandidateFormSet,
    RowChoices,
    SourceForm,
    too_large_message,
)
from negotiations.models import Attestation, Source, Statement, StatementMode
from parties.models import Person

EDITOR_PERMISSIONS = ("negotiations.add_source", "negotiations.add_statement")
# Rows per review page: each row posts a dozen fields, and Django refuses a form of more than
# DATA_UPLOAD_MAX_NUMBER_FIELDS; a page is also as much as an editor reviews in one go.
PAGE_SIZE = 50
CONTEXT_CHARS = 240
# How far from the engine's offsets a trimmed wording is looked for before anywhere in the text.
NEAR = 400


def editor_required(view):
    """Staff with the intake permissions; others go to the admin login, or get a 403 if staff."""

    @staff_member_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perms(EDITOR_PERMISSIONS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _admin_context(request, title, **context):
    return {**admin.site.each_context(request), "title": title, **context}


# -- Paste ----------------------------------------------------------------------------------------


@csrf_exempt  # checked by `_store` once the body is known to fit; see `paste`
@editor_required
@never_cache
def paste(request):
    """The paste form; on POST the article is stored as a draft source and reviewed next."""
    if request.method == "POST":
        try:
            request.POST  # noqa: B018 (reading it is the test)
        except RequestDataTooBig:
            # Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE before any form sees it, and
            # the CSRF middleware would turn that into a bare 400: answer with the form instead.
            # Nothing is stored, so there is nothing for a forged request to gain.
            limit = min(MAX_TEXT_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE or MAX_TEXT_BYTES)
            return _paste_page(request, SourceForm.refused(too_large_message(limit)), status=413)
        return _store(request)
    return _paste_page(request, SourceForm())


@csrf_protect
def _store(request):
    form = SourceForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                source = form.save()
                LogEntry.objects.log_actions(
                    request.user.pk, [source], ADDITION, "Added by article intake."
                )
        except IntegrityError:
            form.add_error("url", "This address was stored meanwhile by someone else.")
        else:
            messages.success(
                request,
                f"“{source.title}” is stored as a draft source. Review the statements found in it.",
            )
            return redirect("intake:review", source.pk)
    return _paste_page(request, form)


def _paste_page(request, form, status=200):
    context = _admin_context(request, "Paste an article", form=form)
    return TemplateResponse(request, "admin/intake/paste.html", context, status=status)


# -- Review ---------------------------------------------------------------------------------------


@dataclass
class Row:
    number: int
    form: object
    candidate: object
    before: str
    passage: str
    after: str
    stored: bool

    @property
    def kind(self):
        return "direct quote" if self.candidate.is_quote else "reported speech"

    @property
    def confidence_percent(self):
        return round(self.candidate.confidence * 100)


@editor_required
@never_cache
def review(request, source_id):
    """The statements the engine finds in a source, one row each, to accept, correct or discard."""
    source = get_object_or_404(Source, pk=source_id)
    people = list(Person.objects.select_related("party").prefetch_related("roles", "other_names"))
    candidates = find_candidates(source.text, people)
    page_count = max(1, -(-len(candidates) // PAGE_SIZE))
    page = _page_number(request, page_count)
    first = (page - 1) * PAGE_SIZE
    shown = candidates[first : first + PAGE_SIZE]
    choices = RowChoices.load(people)
    fingerprint = hashlib.sha256(source.text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    here = reverse("intake:review", args=[source.pk]) + (f"?page={page}" if page > 1 else "")

    if request.method == "POST":
        formset = CandidateFormSet(
            request.POST, prefix="candidates", form_kwargs={"choices": choices}
        )
        stale = request.POST.get("fingerprint") != fingerprint
        if (
            stale
            or not formset.management_form.is_valid()
            or formset.total_form_count() != len(shown)
        ):
            messages.warning(
                request,
                "The source's text changed since this page was opened, so its statements were "
                "found again: nothing was saved. Review them once more.",
            )
            return redirect(here)
        if formset.is_valid():
            created = _save_accepted(request, source, formset, shown, choices)
            if created is not None:
                return _after_save(request, source, created, here)
    else:
        formset = CandidateFormSet(
            prefix="candidates",
            initial=[_initial(candidate, source) for candidate in shown],
            form_kwargs={"choices": choices},
        )

    stored = set(Attestation.objects.filter(source=source).values_list("start", "wording"))
    rows = [
        _row(first + index + 1, form, candidate, source.text, stored)
        for index, (form, candidate) in enumerate(zip(formset.forms, shown, strict=True))
    ]
    context = _admin_context(
        request,
        "Review the statements found",
        source=source,
        formset=formset,
        rows=rows,
        fingerprint=fingerprint,
        candidate_count=len(candidates),
        page=page,
        page_count=page_count,
        pages=range(1, page_count + 1),
        first_shown=first + 1,
        last_shown=first + len(shown),
        has_errors=formset.is_bound and not formset.is_valid(),
    )
    return TemplateResponse(request, "admin/intake/review.html", context)


def _page_number(request, page_count):
    try:
        page = int(request.GET.get("page", 1))
    except ValueError:
        page = 1
    return min(max(page, 1), page_count)


def _initial(candidate, source):
    precision = source.published_on_precision
    if precision == Precision.DAY:
        precision = Precision.BY  # the article reports it as already said
    return {
        "accept": False,
        "wording": candidate.wording,
        "speaker": candidate.speaker.pk if candidate.speaker is not None else None,
        "new_person": candidate.new_person_name if candidate.speaker is None else "",
        "mode": StatementMode.QUOTE if candidate.is_quote else StatementMode.REPORTED,
        "said_on": source.published_on,
        "said_on_precision": precision if source.published_on else Precision.DAY,
    }


def _row(number, form, candidate, text, stored):
    start, end = candidate.start, candidate.end
    before = text[max(0, start - CONTEXT_CHARS) : start]
    if start > CONTEXT_CHARS:
        before = "…" + before.split(None, 1)[-1] if " " in before else "…" + before
    after = text[end : end + CONTEXT_CHARS]
    if end + CONTEXT_CHARS < len(text):
        after = after.rsplit(None, 1)[0] + "…" if " " in after else after + "…"
    parts = candidate.parts or []
    already = bool(parts) and all((part.start, part.wording) in stored for part in parts)
    return Row(number, form, candidate, before, text[start:end], after, already)


class _RowsInvalid(Exception):
    """Raised inside the transaction to undo every row when one of them is invalid."""


def _save_accepted(request, source, formset, candidates, choices):
    """Every accepted row as a draft statement, in one transaction; None if a row was refused."""
    created, people_made, slugs_taken = [], {}, set()
    try:
        with transaction.atomic():
            invalid = False
            for form, candidate in zip(formset.forms, candidates, strict=True):
                if not form.cleaned_data.get("accept"):
                    continue
                try:
                    _check_permissions(request.user, form.cleaned_data)
                    created.append(
                        _save_row(
                            source, form.cleaned_data, candidate, choices, people_made, slugs_taken
                        )
                    )
                except ValidationError as error:
                    _add_model_errors(form, error)
                    invalid = True
            if invalid:
                raise _RowsInvalid
            LogEntry.objects.log_actions(
                request.user.pk,
                [*people_made.values(), *created],
                ADDITION,
                f"Added by article intake from source {source.pk}.",
            )
    except _RowsInvalid:
        return None
    except IntegrityError:
        # Another editor changed the same records meanwhile (or deleted the source).
        messages.error(request, "Nothing was saved: the records changed meanwhile. Try again.")
        return None
    return created


def _check_permissions(user, data):
    """Adding people and changing terms take their own permissions, beyond those of intake."""
    errors = {}
    if data["new_person"] and not user.has_perm("parties.add_person"):
        errors["new_person"] = "You may not add people: choose a known speaker."
    if data["conditions"] and not user.has_perm("negotiations.change_condition"):
        errors["conditions"] = "You may not change terms: leave them for an editor to link."
    if errors:
        raise ValidationError(errors)


def _save_row(source, data, candidate, choices, people_made, slugs_taken):
    attestations = []
    for start, wording in _pieces(source.text, data["wording"], candidate):
        attestation = Attestation(source=source, wording=wording, start=start)
        attestation.full_clean(exclude=["statement"])
        attestations.append(attestation)

    speaker = choices.people.get(data["speaker"]) if data["speaker"] is not None else None
    party = choices.parties.get(data["party"]) if data["party"] is not None else None
    if data["new_person"]:
        speaker = _new_person(data["new_person"], party, people_made, slugs_taken)
    statement = Statement(
        speaker=speaker,
        party_id=party.pk if party is not None else None,
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


def _pieces(text, wording, candidate):
    """(start, wording) of each attestation: the engine's offsets where they still hold, so the
    right occurrence is kept; None lets the Attestation find the wording itself."""
    if candidate.is_split and wording == candidate.wording:
        return [(part.start, part.wording) for part in candidate.parts]
    if text[candidate.start : candidate.start + len(wording)] == wording:
        return [(candidate.start, wording)]
    near = text.find(wording, max(0, candidate.start - NEAR), candidate.end + NEAR)
    return [(near if near >= 0 else None, wording)]


def _new_person(name, party, people_made, slugs_taken):
    """A new Person, never an existing one; the same new name twice in one review is one person."""
    key = (name.casefold(), party.pk)
    if key in people_made:
        return people_made[key]
    max_length = Person._meta.get_field("slug").max_length
    base = slugify(name)[: max_length - 8].strip("-") or "person"
    existing = set(Person.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken = existing | slugs_taken
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    person = Person(name=name, slug=slug, party=party)
    try:
        person.full_clean()
    except ValidationError as error:
        raise ValidationError({"new_person": error.messages}) from error
    person.save()
    slugs_taken.add(slug)
    people_made[key] = person
    return person


# Model fields that a row shows under another name.
_FIELD_OF = {"start": "wording", "end": "wording", "speaker": "speaker", "source": None}


def _add_model_errors(form, error):
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = _FIELD_OF.get(name, name)
        if target not in form.fields:
            target = None
        form.add_error(target, errors)


def _after_save(request, source, created, here):
    count = len(created)
    if count == 0:
        messages.info(request, "No row was accepted, so nothing was created.")
        return redirect(here)
    it, them, are = ("it", "it", "is") if count == 1 else ("they", "them", "are")
    source_too = ", then publish the source too" if not source.is_published else ""
    messages.success(
        request,
        f"{count} draft statement{'s' if count != 1 else ''} {'was' if count == 1 else 'were'} "
        f"created from “{source.title}”. Readers see {them} only once {it} {are} published: "
        f"select {them} and choose “Publish selected statements”{source_too}.",
    )
    ids = sorted(Statement.objects.filter(attestations__source=source).values_list("id", flat=True))
    ids = list(dict.fromkeys(ids))
    if len(ids) > 300:  # keep the address short: the statements of this save only
        ids = sorted(statement.pk for statement in created)
    url = reverse("admin:negotiations_statement_changelist")
    return redirect(f"{url}?id__in={','.join(map(str, ids))}")
