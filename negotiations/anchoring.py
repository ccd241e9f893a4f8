"""What an edit of a source's text does to the passages quoted from it.

Attestations point into a source's text by character offsets; citations and the evidence of terms,
proposals, events and facts quote it verbatim. When an editor changes the text, each quoted
passage must still be found: an attestation whose wording moved is re-anchored where the wording
now occurs exactly once; a wording that is gone, or now occurs more than once, cannot be placed
without a person deciding, so the edit is refused with the passages named.
"""

from dataclasses import dataclass, field

from django.apps import apps

from negotiations.models import Attestation, Citation, Evidenced


@dataclass
class Anchoring:
    moves: list = field(default_factory=list)  # (attestation, new start)
    problems: list = field(default_factory=list)  # one sentence per passage that cannot be placed

    def apply(self):
        """Write the new offsets; call in the transaction that saves the source's text."""
        for attestation, start in self.moves:
            attestation.start = start
            attestation.save()


def _label(text, limit=60):
    return text if len(text) <= limit else text[:limit] + "…"


def _attestations(source, text):
    anchoring = Anchoring()
    for attestation in Attestation.objects.filter(source=source).select_related("statement"):
        wording, start = attestation.wording, attestation.start
        if start is not None and text[start : start + len(wording)] == wording:
            continue
        count = text.count(wording)
        name = f"attestation {attestation.pk} (statement {attestation.statement_id})"
        if count == 1:
            anchoring.moves.append((attestation, text.find(wording)))
        elif count == 0:
            anchoring.problems.append(
                f"The wording of {name}, “{_label(wording)}”, is no longer in the text."
            )
        elif start is not None:
            anchoring.problems.append(
                f"The wording of {name}, “{_label(wording)}”, moved and now occurs {count} times: "
                "it cannot be re-anchored without you. Edit that attestation first."
            )
    return anchoring


def _excerpts(source, text):
    """Verbatim excerpts of the source kept elsewhere (citations, evidence) no longer found."""
    quoting = [(Citation, "excerpt")] + [
        (model, "source_excerpt") for model in apps.get_models() if issubclass(model, Evidenced)
    ]
    problems = []
    for model, excerpt_field in quoting:
        rows = model._default_manager.filter(source=source).exclude(**{excerpt_field: ""})
        for pk, excerpt in rows.values_list("pk", excerpt_field):
            if excerpt not in text:
                problems.append(
                    f"The excerpt of {model._meta.verbose_name} {pk}, “{_label(excerpt)}”, is no "
                    "longer in the text."
                )
    return problems


def anchor(source, text):
    """How the passages quoted from `source` fare if its text becomes `text`."""
    if not text:
        # A source kept without its text cannot be checked; its offsets are dropped on save.
        return Anchoring()
    anchoring = _attestations(source, text)
    anchoring.problems += _excerpts(source, text)
    return anchoring
