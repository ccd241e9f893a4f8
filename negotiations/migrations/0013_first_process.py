"""Every topic, proposal, event and background fact gets a peace process (0014 then requires one).

Data entered before processes existed is the negotiation the tracker was seeded with, the
Russia–Ukraine talks: it becomes that process (the name and slug the seed gives it), and every
party becomes one of its parties. A database with no such data gets no process.
"""

from django.db import migrations

FIRST = {"slug": "russia-ukraine", "name": "Russia–Ukraine peace talks"}
OWNED = ("Topic", "Proposal", "Event", "Fact")


def first_process(apps, schema_editor):
    models_ = {name: apps.get_model("negotiations", name) for name in OWNED}
    Party = apps.get_model("parties", "Party")
    if not any(model.objects.exists() for model in models_.values()):
        return
    PeaceProcess = apps.get_model("negotiations", "PeaceProcess")
    Participation = apps.get_model("negotiations", "Participation")
    process, _ = PeaceProcess.objects.get_or_create(
        slug=FIRST["slug"], defaults={"name": FIRST["name"], "conflict": "Russia–Ukraine war"}
    )
    for model in models_.values():
        model.objects.filter(process=None).update(process=process)
    for party in Party.objects.all():
        Participation.objects.get_or_create(process=process, party=party)


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0012_peace_processes"),
        ("parties", "0004_orderings_end_in_id"),
    ]

    operations = [migrations.RunPython(first_process, migrations.RunPython.noop)]
