"""Editors may see and unlock sign-ins that django-axes locked out."""

from django.db import migrations

from lab_site.groups import EDITORS, grant


class Migration(migrations.Migration):
    dependencies = [
        ("lab_site", "0004_home_page_listing_sections"),
        ("axes", "0010_accessattemptexpiration"),
        ("people", "0002_groups"),
    ]
    operations = [grant(EDITORS, ["axes.view_accessattempt", "axes.delete_accessattempt"])]
