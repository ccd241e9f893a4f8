"""The Editors group: exactly the permissions an editor needs, and no user management."""

from django.contrib.auth.models import Group, Permission

EDITORS_GROUP = "Editors"

# Editors add, change and delete the tracked data and view its history; they never manage users,
# groups or permissions (those stay with superusers).
EDITED_MODELS = {
    "parties": ["party", "person", "personname", "role"],
    "negotiations": [
        "peaceprocess",
        "participation",
        "source",
        "topic",
        "region",
        "regionname",
        "proposal",
        "proposalversion",
        "proposalpoint",
        "condition",
        "statement",
        "attestation",
        "citation",
        "event",
        "fact",
    ],
}
ACTIONS = ["view", "add", "change", "delete"]


def editor_permission_codenames():
    return {
        (app_label, f"{action}_{model}")
        for app_label, models in EDITED_MODELS.items()
        for model in models
        for action in ACTIONS
    }


def ensure_editors_group(**kwargs):
    """Create or update the Editors group; safe to run after every migrate."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    wanted = editor_permission_codenames()
    permissions = [
        permission
        for permission in Permission.objects.select_related("content_type").filter(
            content_type__app_label__in=EDITED_MODELS
        )
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    group.permissions.set(permissions)
    return group


def add_to_editors(user):
    """Make `user` an editor: staff (to reach the admin) and a member of the Editors group."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(ensure_editors_group())
    return user
