"""People's other names become rows, as regions' are: one name each, with a note, in history.

The newline-separated text is split into rows (blank lines and repeats dropped) before the column
goes; on PostgreSQL the search index over name and other names is rebuilt over the name alone,
and the other names get one of their own.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def lines_to_rows(apps, schema_editor):
    Person = apps.get_model("parties", "Person")
    PersonName = apps.get_model("parties", "PersonName")
    rows = []
    for person in Person.objects.exclude(other_names_text=""):
        names = dict.fromkeys(
            " ".join(line.split()) for line in person.other_names_text.splitlines() if line.strip()
        )
        rows += [PersonName(person=person, name=name[:200]) for name in names]
    PersonName.objects.bulk_create(rows)


def rows_to_lines(apps, schema_editor):
    Person = apps.get_model("parties", "Person")
    for person in Person.objects.prefetch_related("other_names"):
        person.other_names_text = "\n".join(other.name for other in person.other_names.all())
        person.save(update_fields=["other_names_text"])


# The expressions of negotiations.search: SearchVector(field, config="english") compiles to these.
NAME_INDEXES = [
    ("parties_person", "search_person", "COALESCE(name, '')"),
    ("parties_personname", "search_personname", "COALESCE(name, '')"),
]


def _gin(schema_editor, table, name, expression):
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
        f"USING gin (to_tsvector('english'::regconfig, {expression}))"
    )


def drop_person_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_person")


def create_person_index_with_text(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _gin(
            schema_editor,
            "parties_person",
            "search_person",
            "COALESCE(name, '') || ' ' || COALESCE(other_names, '')",
        )


def create_name_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, name, expression in NAME_INDEXES:
            _gin(schema_editor, table, name, expression)


def drop_name_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for _table, name, _expression in NAME_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0002_long_text_limits"),
        # It rebuilds the search index that migration made over the column it drops.
        ("negotiations", "0002_search_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_person_index, create_person_index_with_text, elidable=False),
        migrations.RenameField(
            model_name="person", old_name="other_names", new_name="other_names_text"
        ),
        migrations.RemoveField(
            model_name="historicalperson",
            name="other_names",
        ),
        migrations.CreateModel(
            name="HistoricalPersonName",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="e.g. 'Reuters spelling', 'description'.",
                        max_length=200,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.person",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical person name",
                "verbose_name_plural": "historical person names",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PersonName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="e.g. 'Reuters spelling', 'description'.",
                        max_length=200,
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="other_names",
                        to="parties.person",
                    ),
                ),
            ],
            options={
                "ordering": ["person", "name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("person", "name"), name="person_other_name_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(lines_to_rows, rows_to_lines, elidable=False),
        migrations.RemoveField(model_name="person", name="other_names_text"),
        migrations.RunPython(create_name_indexes, drop_name_indexes, elidable=False),
    ]
