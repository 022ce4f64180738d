"""Editors may see and unlock sign-ins that django-axes locked out."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_accessattempt", "delete_accessattempt"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="axes", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("lab_site", "0004_home_page_listing_sections"),
        ("axes", "0010_accessattemptexpiration"),
        ("people", "0002_groups"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
