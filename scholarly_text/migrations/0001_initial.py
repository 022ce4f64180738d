"""Research topics and derived texts move here from publications (which made them, with
their tables): only Django's record of the models changes. Their content types are
renamed, so the permissions the groups hold and the admin's history follow them."""

from django.db import migrations, models

MOVED = ("researchtopic", "derivedtext")


def rename_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="publications", model__in=MOVED
    ).update(app_label="scholarly_text")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="scholarly_text", model__in=MOVED
    ).update(app_label="publications")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("publications", "0018_run_workers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ResearchTopic",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=80, unique=True, verbose_name="name")),
                        ("slug", models.SlugField(blank=True, help_text="Part of the topic filter's web address. Leave empty to make one from the name.", max_length=80, unique=True, verbose_name="slug")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                    ],
                    options={
                        "verbose_name": "research topic",
                        "db_table": "publications_researchtopic",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="DerivedText",
                    fields=[
                        ("key", models.CharField(max_length=120, primary_key=True, serialize=False)),
                        ("text", models.TextField()),
                        ("made_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "verbose_name": "derived text",
                        "db_table": "publications_derivedtext",
                    },
                ),
            ],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
