"""Every paper gets its BibTeX key stored, so that it stays the same from now on and no
two papers share one (before, keys were made at each export and could collide)."""

from django.db import migrations

from publications import keys
from scholarly_text import latex


def store_keys(apps, schema_editor):
    PublicationPage = apps.get_model("publications", "PublicationPage")
    PublicationAuthor = apps.get_model("publications", "PublicationAuthor")
    taken = set(PublicationPage.objects.exclude(bibtex_key="").values_list("bibtex_key", flat=True))
    for page in PublicationPage.objects.filter(bibtex_key="").order_by("publication_date", "pk"):
        first = PublicationAuthor.objects.filter(page=page).order_by("sort_order", "pk").first()
        base = keys.base_key(
            first.name if first else "", page.publication_date.year, latex.slug_words(page.title)
        )
        page.bibtex_key = keys.free_key(base, taken)
        taken.add(page.bibtex_key)
        page.save(update_fields=["bibtex_key"])


class Migration(migrations.Migration):
    dependencies = [("publications", "0009_import_runs")]
    operations = [migrations.RunPython(store_keys, migrations.RunPython.noop)]
