"""Research topics moved to scholarly_text with their table: only Django's record changes."""

import modelcluster.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("research", "0001_initial"),
        ("scholarly_text", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="researchhighlightpage",
                    name="topics",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        help_text=(
                            "Visitors can filter the research page by topic. Topics are "
                            "managed under “Research topics” in the menu."
                        ),
                        related_name="highlights",
                        to="scholarly_text.researchtopic",
                    ),
                ),
            ],
        ),
    ]
