"""Discovery's models moved to the discovery app with their tables (its migration 0001):
only Django's record of them changes here."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('publications', '0019_topics_and_derived_texts_to_scholarly_text'),
        ('discovery', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='citationcount',
                    name='page',
                ),
                migrations.DeleteModel(
                    name='DiscoveryRun',
                ),
                migrations.RemoveField(
                    model_name='suggestion',
                    name='created_page',
                ),
                migrations.RemoveField(
                    model_name='suggestion',
                    name='decided_by',
                ),
                migrations.RemoveField(
                    model_name='suggestion',
                    name='page',
                ),
                migrations.RemoveField(
                    model_name='suggestionmember',
                    name='suggestion',
                ),
                migrations.RemoveField(
                    model_name='suggestionmember',
                    name='member',
                ),
                migrations.DeleteModel(
                    name='CitationCount',
                ),
                migrations.DeleteModel(
                    name='Suggestion',
                ),
                migrations.DeleteModel(
                    name='SuggestionMember',
                ),
            ],
        ),
    ]
