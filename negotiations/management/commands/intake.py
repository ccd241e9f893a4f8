"""`manage.py intake FILE`: list the statements an article offers, with speakers; saves nothing."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from negotiations.intake import clean_text, find_candidates
from parties.models import Person


class Command(BaseCommand):
    help = (
        "Read an article (UTF-8 text or HTML; '-' for standard input), clean it, and list the "
        "quotes and reported statements it contains with their likely speakers. Saves nothing."
    )
    # Lets tests hand call_command() a stream in place of the real standard input.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", help="The article file, or '-' to read standard input.")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the candidates as JSON."
        )

    def handle(self, *args, file, as_json, **options):
        text = clean_text(self._read(file, options.get("stdin") or sys.stdin))
        people = Person.objects.prefetch_related("roles", "other_names")
        candidates = find_candidates(text, people)
        if as_json:
            self.stdout.write(
                json.dumps([c.as_dict() for c in candidates], ensure_ascii=False, indent=2)
            )
        else:
            self._table(text, candidates)

    def _read(self, file, stdin):
        name = "standard input" if file == "-" else file
        try:
            if file == "-":
                data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
            else:
                data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror or error}.") from error
        if isinstance(data, str):
            return data
        try:
            # utf-8-sig: a byte-order mark from a Windows editor is not part of the article.
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{name} is not UTF-8 text (invalid byte at position {error.start}). "
                "Save it as UTF-8 and try again."
            ) from error

    def _table(self, text, candidates):
        quotes = sum(c.is_quote for c in candidates)
        self.stdout.write(
            f"{len(candidates)} candidate(s) in {len(text):,} characters: "
            f"{quotes} direct quote(s), {len(candidates) - quotes} reported. Nothing was saved."
        )
        if not candidates:
            return
        self.stdout.write("")
        self.stdout.write(f"{'#':>3}  {'kind':<8}  {'offsets':<13}  {'verb':<12}  speaker")
        for number, candidate in enumerate(candidates, start=1):
            offsets = ", ".join(f"{p.start}-{p.end}" for p in candidate.parts)
            kind = "quote" if candidate.is_quote else "reported"
            self.stdout.write(
                f"{number:>3}  {kind:<8}  {offsets:<13}  {candidate.verb or '-':<12}  "
                f"{_speaker(candidate)}"
            )
            self.stdout.write(f"     {candidate.wording}")
            self.stdout.write(f"     ({candidate.reason}; confidence {candidate.confidence})")


def _speaker(candidate):
    said_as = f" ← {candidate.speaker_text!r}" if candidate.speaker_text else ""
    party = f" [{candidate.party_hint}]" if candidate.party_hint else ""
    if candidate.speaker is not None:
        return f"{candidate.speaker_name}{said_as}"
    if candidate.new_person_name:
        return f"unknown (new person: {candidate.new_person_name}){party}"
    if candidate.anonymous:
        return f"anonymous: {candidate.attribution}{party}"
    return f"unsure, no speaker offered{said_as}"
