"""Research topics and derived texts moved to scholarly_text with their tables (its
migration 0001): only Django's record of the models changes here."""

import modelcluster.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0018_run_workers"),
        ("scholarly_text", "0001_initial"),
        # Every field that pointed at publications' topics points at scholarly_text's first.
        ("news", "0002_topics_from_scholarly_text"),
        ("research", "0002_topics_from_scholarly_text"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="publicationpage",
                    name="topics",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        help_text=(
                            "For the topic filter. Topics are managed under “Research topics” "
                            "in the menu."
                        ),
                        related_name="publications",
                        to="scholarly_text.researchtopic",
                    ),
                ),
                migrations.DeleteModel(name="ResearchTopic"),
                migrations.DeleteModel(name="DerivedText"),
            ],
        ),
    ]
