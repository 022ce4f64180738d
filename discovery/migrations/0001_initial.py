"""Discovery becomes an app of its own: its four models move here from publications with
their tables (only Django's record of them changes); their content types are renamed, so
permissions and the admin's history follow them, and discovery runs the task worker is
waiting to start are found under their new name."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("suggestion", "suggestionmember", "discoveryrun", "citationcount")
TASKS = ("publications.tasks.run_discovery", "discovery.tasks.run_discovery")


def move(apps, schema_editor, old_label, new_label, old_task, new_task):
    alias = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(alias).filter(app_label=old_label, model__in=MOVED).update(
        app_label=new_label
    )
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.using(alias).filter(task_path=old_task).update(task_path=new_task)


def forwards(apps, schema_editor):
    move(apps, schema_editor, "publications", "discovery", *TASKS)


def backwards(apps, schema_editor):
    move(apps, schema_editor, "discovery", "publications", *reversed(TASKS))



class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('people', '0003_member_ids_for_discovery'),
        ('publications', '0019_topics_and_derived_texts_to_scholarly_text'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_tasks_database', '0021_conditional_partial_index_ordering'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DiscoveryRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('started_at', models.DateTimeField(auto_now_add=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('status', models.CharField(choices=[('running', 'Running'), ('done', 'Done'), ('partial', 'Done, but a source failed'), ('failed', 'Failed')], default='running', max_length=10)),
                        ('trigger', models.CharField(blank=True, max_length=40)),
                        ('dry_run', models.BooleanField(default=False)),
                        ('members', models.JSONField(default=list)),
                        ('sources', models.JSONField(default=dict)),
                        ('counts', models.JSONField(default=dict)),
                        ('log', models.TextField(blank=True)),
                        ('worker', models.CharField(blank=True, editable=False, max_length=200)),
                    ],
                    options={
                        'verbose_name': 'publication discovery run',
                        'db_table': 'publications_discoveryrun',
                        'ordering': ['-started_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='CitationCount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('count', models.PositiveIntegerField()),
                        ('read_on', models.DateField()),
                        ('source', models.CharField(default='OpenAlex', max_length=40)),
                        ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='citation_count', to='publications.publicationpage')),
                    ],
                    options={
                        'verbose_name': 'cited-by count',
                        'db_table': 'publications_citationcount',
                    },
                ),
                migrations.CreateModel(
                    name='Suggestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('new', 'New paper'), ('enrich', 'Fill in an existing paper')], default='new', max_length=10)),
                        ('status', models.CharField(choices=[('pending', 'Waiting for review'), ('accepted', 'Accepted'), ('dismissed', 'Dismissed')], default='pending', max_length=10)),
                        ('title', models.CharField(max_length=500)),
                        ('doi', models.CharField(blank=True, db_index=True, max_length=200)),
                        ('arxiv_id', models.CharField(blank=True, db_index=True, max_length=40)),
                        ('title_key', models.CharField(blank=True, db_index=True, max_length=500)),
                        ('record', models.JSONField(default=dict)),
                        ('fills', models.JSONField(blank=True, default=dict)),
                        ('sources', models.JSONField(blank=True, default=list)),
                        ('found_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('created_page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='publications.publicationpage')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('page', models.ForeignKey(blank=True, help_text='The paper an enrichment fills in.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='suggestions', to='publications.publicationpage')),
                    ],
                    options={
                        'verbose_name': 'suggested publication',
                        'db_table': 'publications_suggestion',
                        'ordering': ['-found_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='SuggestionMember',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reasons', models.JSONField(default=list)),
                        ('claim', models.CharField(blank=True, choices=[('', 'Not said'), ('mine', 'Mine'), ('not_mine', 'Not mine')], default='', max_length=10)),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='publication_suggestions', to='people.memberpage')),
                        ('suggestion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='discovery.suggestion')),
                    ],
                    options={
                        'db_table': 'publications_suggestionmember',
                        'ordering': ['member__title'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='suggestion',
                    constraint=models.UniqueConstraint(condition=models.Q(('kind', 'enrich'), ('status', 'pending')), fields=('page',), name='one_pending_enrichment_per_paper'),
                ),
                migrations.AddConstraint(
                    model_name='suggestionmember',
                    constraint=models.UniqueConstraint(fields=('suggestion', 'member'), name='one_row_per_member'),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
