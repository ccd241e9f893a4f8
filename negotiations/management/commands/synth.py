"""`manage.py synth --statements N --seed S`: fill the database with a large synthetic negotiation."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from negotiations.management.synth import (
    SCALING_RULE,
    DatabaseNotEmpty,
    generate,
    tracked_row_counts,
)


def positive(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Generate a large, realistically shaped negotiation (parties, people, topics, regions, "
        "proposals, statements with attestations in sources' stored text, conditions, events, "
        "facts) for benchmarks. The same --seed gives the same data. "
        f"{SCALING_RULE} "
        "Rows are bulk-inserted in one transaction, so NO simple-history rows are written. "
        "Refuses to run on a database that already holds tracked data unless --clear is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--statements", type=positive, default=1000, help="How many statements (N)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--processes",
            type=positive,
            default=1,
            help=(
                "How many peace processes share the N statements, each about half the size of "
                "the one before it (4:2:1 for three); default 1, the reference set."
            ),
        )
        for name in ("parties", "topics", "people", "conditions", "sources"):
            parser.add_argument(
                f"--{name}", type=positive, default=None, help=f"How many {name} (default: scaled)."
            )
        parser.add_argument(
            "--attestations-per-statement",
            type=float,
            default=1.5,
            help="Mean number of sources reporting each statement (at least 1; default 1.5).",
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help=(
                "First delete ALL tracked data (parties, people, topics, sources, statements, "
                "conditions, proposals, events, facts and their history) and restart ids at 1."
            ),
        )

    def handle(
        self, *args, statements, seed, clear, attestations_per_statement, processes, **options
    ):
        if attestations_per_statement < 1:
            raise CommandError("--attestations-per-statement must be at least 1.")
        overrides = {
            name: options[name]
            for name in ("parties", "topics", "people", "conditions", "sources")
            if options[name] is not None
        }
        database = connection.settings_dict["NAME"]
        if clear:
            existing = tracked_row_counts()
            if existing:
                self.stderr.write(
                    self.style.WARNING(
                        f"--clear: deleting ALL tracked data in {database} "
                        f"({sum(existing.values()):,} rows in {len(existing)} tables, history "
                        "included) before generating. It is one transaction: if generation "
                        "fails, nothing is deleted."
                    )
                )
        shared = f" in {processes} peace processes" if processes > 1 else ""
        self.stdout.write(
            f"Generating {statements:,} statements{shared} with seed {seed} into {database} "
            f"({connection.vendor})."
        )
        try:
            result = generate(
                statements=statements,
                seed=seed,
                clear=clear,
                attestations_per_statement=attestations_per_statement,
                processes=processes,
                progress=self.progress if options["verbosity"] > 0 else None,
                **overrides,
            )
        except DatabaseNotEmpty as error:
            existing = error.args[0]
            raise CommandError(
                f"The database {database} already holds tracked data "
                f"({sum(existing.values()):,} rows in {len(existing)} tables), so nothing was "
                "generated. Run again with --clear to delete all of it first."
            ) from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses at a few rows where there are millions.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write("Rows created, per table:")
        width = max(len(label) for label in result.counts)
        for label, count in result.counts.items():
            self.stdout.write(f"  {label:<{width}}  {count:>11,}")
        self.stdout.write(
            "No history rows were written: bulk inserts bypass django-simple-history."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {sum(result.counts.values()):,} rows in {result.seconds:.1f} s."
            )
        )

    def progress(self, message):
        self.stdout.write(message)
        self.stdout.flush()
