"""The site's groups, named once, and the one way a migration grants them permissions.

- Editors: all content (pages, images, documents, settings, research topics, members'
  roles and accounts, locked-out sign-ins).
- Moderators: Wagtail's defaults (edit and publish pages); they approve workflow tasks,
  members' profile changes included, through Wagtail's "Moderators approval" workflow.
- Members: may sign in to the admin and upload their own photos; which page they may edit
  is decided per page (``MemberPage.permissions_for_user``), not by group.

An app that adds models editors manage grants their permissions in a migration of its own:
``operations = [grant(EDITORS, ["news.add_topic", …])]``.
"""

from functools import partial

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
MODERATORS = "Moderators"
MEMBERS = "Members"


def _grant(apps, schema_editor, *, group, permissions):
    # Django creates permissions after all migrations; a grant needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    found = []
    for name in permissions:
        app_label, codename = name.split(".")
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is None:
            raise LookupError(f"No permission {name!r} to grant to {group}: is the app installed?")
        found.append(permission)
    Group.objects.get_or_create(name=group)[0].permissions.add(*found)


def grant(group, permissions):
    """A ``RunPython`` operation giving ``group`` (made when missing) the model permissions
    ``permissions``, each ``"app_label.codename"``. Unapplying it takes nothing away: an
    administrator may have come to rely on a permission since."""
    return migrations.RunPython(
        partial(_grant, group=group, permissions=tuple(permissions)), migrations.RunPython.noop
    )
