"""Each site's record named after its group (Site settings), as saving the settings now
keeps it: Wagtail's admin shows that name."""

from django.db import migrations


def name_sites(apps, schema_editor):
    SiteSettings = apps.get_model("lab_site", "SiteSettings")
    Site = apps.get_model("wagtailcore", "Site")
    for settings in SiteSettings.objects.exclude(group_name=""):
        Site.objects.filter(pk=settings.site_id).update(site_name=settings.group_name.strip()[:255])


class Migration(migrations.Migration):
    dependencies = [
        ("lab_site", "0011_time_zone_field"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(name_sites, migrations.RunPython.noop)]
