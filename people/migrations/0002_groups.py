"""The three groups the site's permissions are built on.

- Editors: all content (pages, images, documents, settings, members' roles and accounts).
- Moderators: Wagtail's defaults (edit and publish pages) and they approve workflow tasks,
  including members' profile changes, through Wagtail's "Moderators approval" workflow.
- Members: may sign in to the admin and upload their own photos; which page they may
  edit is decided per page (MemberPage.permissions_for_user), not by group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
EDITOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("lab_site", "change_sitesettings"),
    ("people", "change_profilesettings"),
    ("people", "manage_member_details"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
]
MEMBER_PHOTOS = "Member photos"


def permission(apps, app_label, codename):
    Permission = apps.get_model("auth.Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; these need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    editors, _ = Group.objects.get_or_create(name="Editors")
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root_page, permission=permission(apps, "wagtailcore", codename)
        )
    for app_label, codename in EDITOR_MODEL_PERMISSIONS:
        editors.permissions.add(permission(apps, app_label, codename))

    Group.objects.get_or_create(name="Moderators")

    members, _ = Group.objects.get_or_create(name="Members")
    members.permissions.add(permission(apps, "wagtailadmin", "access_admin"))
    photos = Collection.objects.filter(name=MEMBER_PHOTOS, depth=2).first()
    if photos is None:
        photos = Collection(
            name=MEMBER_PHOTOS,
            depth=2,
            path=root_collection.path + "%04d" % (root_collection.numchild + 1),
            numchild=0,
        )
        photos.save()
        root_collection.numchild += 1
        root_collection.save(update_fields=["numchild"])
    for codename in ["add_image", "choose_image"]:
        GroupCollectionPermission.objects.get_or_create(
            group=members, collection=photos, permission=permission(apps, "wagtailimages", codename)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name="Members").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("lab_site", "0003_field_labels"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        # Runs after this one, which gives every group with admin access a document permission.
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
