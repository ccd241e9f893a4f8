"""GIN indexes for site search on PostgreSQL, over the expressions negotiations.search queries."""

from django.db import migrations

# Each expression is exactly what SearchVector(*fields, config="english") compiles to, so that
# PostgreSQL matches the query's expression to the index; change both together.
INDEXES = [
    ("negotiations_attestation", "search_attestation_wording", "COALESCE(wording, '')"),
    ("negotiations_statement", "search_statement_summary", "COALESCE(summary, '')"),
    (
        "negotiations_condition",
        "search_condition",
        "COALESCE(summary, '') || ' ' || COALESCE(details, '')",
    ),
    (
        "negotiations_proposal",
        "search_proposal",
        "COALESCE(title, '') || ' ' || COALESCE(description, '')",
    ),
    (
        "negotiations_proposalversion",
        "search_proposalversion",
        "COALESCE(label, '') || ' ' || COALESCE(summary, '') || ' ' || COALESCE(changes, '')",
    ),
    ("negotiations_proposalpoint", "search_proposalpoint_text", "COALESCE(text, '')"),
    (
        "negotiations_source",
        "search_source",
        "COALESCE(title, '') || ' ' || COALESCE(publisher, '')",
    ),
    ("parties_person", "search_person", "COALESCE(name, '') || ' ' || COALESCE(other_names, '')"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, expression in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (to_tsvector('english'::regconfig, {expression}))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0001_initial"),
        ("parties", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
