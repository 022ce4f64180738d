"""Moving a model from one app to another without touching its rows.

Migrations of the receiving app declare the model in their state with its old table,
then call ``move_content_types`` so that pages, revisions, permissions and log entries
(which all point at the content type by id) follow, then rename the table.
"""

from functools import partial

from django.db import migrations


def _relabel(apps, schema_editor, *, source, target, models):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        if ContentType.objects.filter(app_label=target, model=model).exists():
            continue  # moved already (the migration was faked back and run again)
        ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types(source, target, models):
    """A ``RunPython`` operation giving the content types of ``models`` (lower-case model
    names) of app ``source`` to app ``target``; reversible."""
    return migrations.RunPython(
        partial(_relabel, source=source, target=target, models=models),
        partial(_relabel, source=target, target=source, models=models),
    )
