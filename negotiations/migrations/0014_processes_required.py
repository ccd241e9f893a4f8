"""Every topic, proposal, event and background fact belongs to a peace process (0013 gave the
existing ones theirs; a migration of its own, as PostgreSQL alters no table with the data
migration's deferred checks still pending in the same transaction)."""

import django.db.models.deletion
from django.db import migrations, models


def _required(model):
    return migrations.AlterField(
        model_name=model,
        name="process",
        field=models.ForeignKey(
            help_text="The peace process it belongs to.",
            on_delete=django.db.models.deletion.PROTECT,
            related_name=f"{model}s",
            to="negotiations.peaceprocess",
        ),
    )


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0013_first_process")]

    operations = [_required("topic"), _required("proposal"), _required("event"), _required("fact")]
