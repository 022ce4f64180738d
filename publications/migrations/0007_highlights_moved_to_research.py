from django.db import migrations


class Migration(migrations.Migration):
    """Research highlights and the research page now belong to the ``research`` app (its
    0001 takes over their tables and content types); here they only leave this app's state."""

    dependencies = [
        ("publications", "0006_abstract_length"),
        ("research", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ResearchHighlightPage"),
                migrations.DeleteModel(name="ResearchIndexPage"),
            ],
            database_operations=[],
        ),
    ]
