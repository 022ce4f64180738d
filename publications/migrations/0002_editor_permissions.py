"""Editors manage research topics (snippets); their page permissions already cover papers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_researchtopic", "change_researchtopic", "delete_researchtopic", "view_researchtopic"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="publications", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial"), ("people", "0002_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
