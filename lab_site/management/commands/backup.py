from django.core.management.base import BaseCommand, CommandError

from lab_site.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Save all the site's content (pages with their history, people, publications, "
        "settings, users, images and documents) to one .tar.gz file. The file appears "
        "only once it is whole."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the backup, e.g. backups/site.tar.gz")

    def handle(self, *args, path, **options):
        try:
            manifest = create_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Cannot write the backup to {path}: {error.strerror}.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Saved {manifest['objects']} records and {manifest['media_files']} files to {path}."
            )
        )
