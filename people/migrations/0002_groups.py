"""The three groups the site's permissions are built on (see ``lab_site.groups``): Editors
edit every page and the site's settings; Members sign in and upload their photos to the
"Member photos" collection; Moderators keep Wagtail's defaults."""

from django.db import migrations

from lab_site.groups import EDITORS, MEMBERS, MODERATORS, grant

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
MEMBER_PHOTOS = "Member photos"


def tree_permissions(apps, schema_editor):
    """Editors' permissions on the whole page tree; Members' on the "Member photos"
    collection (made here when missing)."""
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    editors = Group.objects.get(name=EDITORS)
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page=root_page,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )

    members = Group.objects.get(name=MEMBERS)
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
            group=members,
            collection=photos,
            permission=Permission.objects.get(content_type__app_label="wagtailimages", codename=codename),
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name=MEMBERS).delete()


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
    operations = [
        grant(
            EDITORS,
            [
                "wagtailadmin.access_admin",
                "lab_site.change_sitesettings",
                "people.change_profilesettings",
                "people.manage_member_details",
                "wagtailredirects.add_redirect",
                "wagtailredirects.change_redirect",
                "wagtailredirects.delete_redirect",
            ],
        ),
        grant(MODERATORS, []),
        grant(MEMBERS, ["wagtailadmin.access_admin"]),
        migrations.RunPython(tree_permissions, remove_groups),
    ]
