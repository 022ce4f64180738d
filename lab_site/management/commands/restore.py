from django.core.management.base import BaseCommand, CommandError

from lab_site.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the site's content with a backup made by `manage.py backup`. "
        "The whole file is checked first; everything now in the database is then replaced, "
        "or, if anything fails, nothing is. Run `migrate` first on a new database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file (.tar.gz)")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Do not ask for confirmation before replacing the current content.",
        )

    def handle(self, *args, path, yes, **options):
        def confirm(manifest):
            self.stdout.write(
                f"{path}: {manifest.get('objects')} records and {manifest.get('media_files')} "
                f"files, made {manifest.get('created')}. The whole file was checked."
            )
            if yes:
                return True
            answer = input(
                "This replaces everything in the current database. Type 'yes' to go on: "
            )
            return answer.strip().lower() == "yes"

        self.stdout.write("Checking the backup…")
        try:
            restore_backup(path, confirm=confirm)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Restored. The search index was rebuilt."))
