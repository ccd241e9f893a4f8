"""`manage.py backup FILE`: write every tracked row, its history and its users to one file."""

import sys

from django.core.management.base import BaseCommand, CommandError

from negotiations.management.backup import BackupError, backup, write_backup


class Command(BaseCommand):
    help = (
        "Back up the parties and negotiations data, its history, and the users and groups it "
        "refers to, to FILE (gzip-compressed JSON Lines). FILE is replaced only when the backup "
        "is complete. '-' writes to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the backup, e.g. backup.jsonl.gz.")

    def handle(self, *args, file, **options):
        try:
            if file == "-":
                write_backup(sys.stdout.buffer)
                return
            header = backup(file)
        except (BackupError, OSError) as error:
            raise CommandError(f"Backup not written: {error}") from error
        rows = sum(header["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {rows} rows of {len(header['tables'])} tables to {file}."
            )
        )
