from django.core.management.base import BaseCommand, CommandError

from lab_site.backup import BackupError, read_backup, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the site's content with a backup made by `manage.py backup`. "
        "Everything now in the database is replaced; run `migrate` first on a new database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file (.tar.gz)")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Do not ask for confirmation before replacing the current content.",
        )

    def handle(self, *args, path, yes, **options):
        try:
            manifest, _data, _media = read_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{path}: {manifest['objects']} records and {manifest['media_files']} files, "
            f"made {manifest['created']}."
        )
        if not yes:
            answer = input(
                "This replaces everything in the current database. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was changed.")
        try:
            restore_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Restored. The search index was rebuilt."))
