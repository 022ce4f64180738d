"""Editors manage research topics (snippets); their page permissions already cover papers."""

from django.db import migrations

from lab_site.groups import EDITORS, grant


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial"), ("people", "0002_groups")]
    operations = [
        grant(
            EDITORS,
            [
                "publications.add_researchtopic",
                "publications.change_researchtopic",
                "publications.delete_researchtopic",
                "publications.view_researchtopic",
            ],
        )
    ]
