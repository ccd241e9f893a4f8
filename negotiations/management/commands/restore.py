"""`manage.py restore FILE`: load a backup into an empty, migrated database, all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from negotiations.management.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` into an empty database that has been "
        "migrated to the same migrations. Refuses a database that already holds data."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file to restore.")

    def handle(self, *args, file, **options):
        try:
            header = restore(file)
        except (BackupError, OSError) as error:
            raise CommandError(f"Restore refused: {error}") from error
        rows = sum(header["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows} rows of {len(header['tables'])} tables from {file} "
                f"(backed up at {header['created_at']})."
            )
        )
