from django.core.management.base import BaseCommand

from lab_site.backup import create_backup


class Command(BaseCommand):
    help = (
        "Save all the site's content (pages with their history, people, publications, "
        "settings, users, images and documents) to one .tar.gz file."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the backup, e.g. backups/site.tar.gz")

    def handle(self, *args, path, **options):
        manifest = create_backup(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Saved {manifest['objects']} records and {manifest['media_files']} files to {path}."
            )
        )
