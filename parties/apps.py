from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PartiesConfig(AppConfig):
    name = "parties"
    verbose_name = "Parties and people"

    def ready(self):
        from parties.editors import ensure_editors_group

        # After every migrate, so the group always holds the permissions of every model.
        post_migrate.connect(ensure_editors_group, dispatch_uid="parties.ensure_editors_group")
