"""`manage.py seed`: load the seed negotiation; safe to run any number of times."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from negotiations.management.seed import SeedError, load_seed


class Command(BaseCommand):
    help = "Load the seed negotiation from seeds/negotiation.toml. A second run creates nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            default=str(Path(settings.SEED_DIR) / "negotiation.toml"),
            help="The seed data file (default: seeds/negotiation.toml).",
        )

    def handle(self, *args, file, **options):
        try:
            created = load_seed(file)
        except SeedError as error:
            raise CommandError(f"Seed not loaded, nothing was changed. {error}") from error
        if not created:
            self.stdout.write("The seed is already loaded: nothing created.")
            return
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(created.items()))
        self.stdout.write(self.style.SUCCESS(f"Seed loaded: created {summary}."))
