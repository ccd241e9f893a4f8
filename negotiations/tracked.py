"""The tracked data: every table of the apps that hold what editors enter, in one definition.

The data version watches its models (`negotiations.dataversion`), a backup writes its tables
(`negotiations.management.backup`), and `synth` counts and empties them: all ask here.
"""

from graphlib import TopologicalSorter

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

TRACKED_APPS = ("parties", "negotiations")


def tracked_models(*, history=True, links=True, data_version=True):
    """Every model of the tracked apps, parents before children (so a restore can insert them in
    this order): with their history tables and many-to-many links unless told otherwise, and with
    the data version's row (which counts writes, and is not data) unless `data_version=False`."""
    models = [
        model
        for label in TRACKED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=links)
        if model._meta.managed
        and not model._meta.proxy
        and (history or not model._meta.model_name.startswith("historical"))
        and (data_version or model._meta.model_name != "dataversion")
    ]
    parents = {
        # A list, not a set, so the order (and so a backup file) is the same on every run.
        model: list(
            dict.fromkeys(
                field.related_model
                for field in model._meta.concrete_fields
                if field.related_model in models and field.related_model is not model
            )
        )
        for model in models
    }
    return list(TopologicalSorter(parents).static_order())


def content_type_columns(model):
    """The columns of `model` holding a content type's id: ids that differ between databases,
    so a copy of the rows (a backup, the tests' seed snapshot) keeps them by natural key."""
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is ContentType
    ]
