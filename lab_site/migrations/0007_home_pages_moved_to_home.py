from django.db import migrations


class Migration(migrations.Migration):
    """The home page and the standard page now belong to the ``home`` app (its 0001 takes
    over their tables and content types); here they only leave this app's state."""

    dependencies = [
        ("lab_site", "0006_search_title_body_index"),
        ("home", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ContentPage"),
                migrations.DeleteModel(name="HomePage"),
            ],
            database_operations=[],
        ),
    ]
