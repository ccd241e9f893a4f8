"""Article intake in the admin: paste an article, store it as a draft source, review the statements
the intake engine proposes, and save the accepted ones as draft statements (see `accepting`)."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_protect

from negotiations.dates import Precision
from negotiations.intake import find_candidates
from negotiations.intake.accepting import RowsInvalid, accept_rows
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


def _require_editor(request):
    # The admin site has let in active staff only; intake also needs the editors' permissions.
    if not request.user.has_perms(EDITOR_PERMISSIONS):
        raise PermissionDenied


def _context(request, site, title, **context):
    return {**site.each_context(request), "title": title, **context}


def review_url(request, source, page=1):
    """The review page, at the address family the editor came by (see `urls.py`)."""
    match = request.resolver_match
    name = (
        "intake:review"
        if match and match.namespace == "intake"
        else "admin:negotiations_source_review"
    )
    return reverse(name, args=[source.pk]) + (f"?page={page}" if page > 1 else "")


# -- Paste ----------------------------------------------------------------------------------------


def paste(request, site):
    """The paste form; on POST the article is stored as a draft source and reviewed next."""
    _require_editor(request)
    if request.method == "POST":
        try:
            request.POST  # noqa: B018 (reading it is the test)
        except RequestDataTooBig:
            # Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE before any form sees it, and
            # the CSRF middleware would turn that into a bare 400: answer with the form instead.
            # Nothing is stored, so there is nothing for a forged request to gain.
            limit = min(MAX_TEXT_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE or MAX_TEXT_BYTES)
            form = SourceForm.refused(too_large_message(limit))
            return _paste_page(request, site, form, status=413)
        return _store(request, site)
    return _paste_page(request, site, SourceForm())


@csrf_protect
def _store(request, site):
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
            return redirect(review_url(request, source))
    return _paste_page(request, site, form)


def _paste_page(request, site, form, status=200):
    context = _context(request, site, "Paste an article", form=form)
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


def review(request, site, source_id):
    """The statements the engine finds in a source, one row each, to accept, correct or discard."""
    _require_editor(request)
    source = get_object_or_404(Source, pk=source_id)
    people = list(Person.objects.select_related("party").prefetch_related("roles", "other_names"))
    page = Paginator(find_candidates(source.text, people), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = list(page.object_list)
    choices = RowChoices.load(people, request.user)
    fingerprint = hashlib.sha256(source.text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    here = review_url(request, source, page.number)
    if request.method == "POST":
        formset = CandidateFormSet(
            request.POST, prefix="candidates", form_kwargs={"choices": choices}
        )
        if (
            request.POST.get("fingerprint") != fingerprint
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
            response = _accept(request, source, formset, shown, choices, here)
            if response is not None:
                return response
    else:
        initial = [_initial(candidate, source, choices) for candidate in shown]
        formset = CandidateFormSet(
            prefix="candidates", initial=initial, form_kwargs={"choices": choices}
        )
    context = _context(
        request,
        site,
        "Review the statements found",
        source=source,
        formset=formset,
        rows=_rows(source, formset, shown, page.start_index()),
        fingerprint=fingerprint,
        candidate_count=page.paginator.count,
        page=page,
        page_count=page.paginator.num_pages,
        has_errors=formset.is_bound and not formset.is_valid(),
    )
    return TemplateResponse(request, "admin/intake/review.html", context)


def _rows(source, formset, shown, first_number):
    stored = set(Attestation.objects.filter(source=source).values_list("start", "wording"))
    return [
        _row(max(first_number, 1) + index, form, candidate, source.text, stored)
        for index, (form, candidate) in enumerate(zip(formset.forms, shown, strict=True))
    ]


def _initial(candidate, source, choices):
    precision = source.published_on_precision
    if precision == Precision.DAY:
        precision = Precision.BY  # the article reports it as already said
    known = candidate.speaker is not None
    return {
        "accept": False,
        "wording": candidate.wording,
        "speaker": candidate.speaker.pk if known else None,
        "new_person": candidate.new_person_name if not known else "",
        "party": None if known else choices.party_for(candidate.party_hint),
        "anonymous": candidate.anonymous,
        "attribution": candidate.attribution,
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


def _accept(request, source, formset, shown, choices, here):
    """Save the accepted rows and say what was done; None to show the page with its errors."""
    try:
        accepted = accept_rows(
            user=request.user,
            source=source,
            forms=formset.forms,
            candidates=shown,
            choices=choices,
        )
    except RowsInvalid:
        return None
    except IntegrityError:
        # Another editor changed the same records meanwhile (or deleted the source).
        messages.error(request, "Nothing was saved: the records changed meanwhile. Try again.")
        return None
    if accepted.already:
        count = accepted.already
        messages.info(
            request,
            f"{count} accepted row{'s were' if count != 1 else ' was'} already saved from this "
            "source, with the same passage: nothing new was created for "
            f"{'them' if count != 1 else 'it'}.",
        )
    for name in accepted.names:
        messages.info(request, f"“{name.name}” is now one of {name.person.name}'s other names.")
    if not accepted.created and not accepted.already:
        messages.info(request, "No row was accepted, so nothing was created.")
    return _after_save(request, source, accepted.created, here)


def _after_save(request, source, created, here):
    count = len(created)
    if count == 0:
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
