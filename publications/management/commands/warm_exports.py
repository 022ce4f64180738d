from django.core.management.base import BaseCommand

from publications.models import PublicationPage
from publications.tasks import warm
from scholarly_text.derived import forget_other_code

CHUNK = 100


class Command(BaseCommand):
    help = (
        "Make the citation entries list exports read (formatted references in every style, "
        "BibTeX) for every live paper that lacks them, and forget those older code made. "
        "Publishing a paper makes its own; run this after an upgrade, so that no visitor's "
        "export has to wait for them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many papers there are; make nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        ids = list(PublicationPage.objects.live().order_by("pk").values_list("pk", flat=True))
        if dry_run:
            self.stdout.write(f"{len(ids)} live papers would be brought up to date.")
            return
        forgotten = forget_other_code()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            warm(PublicationPage.objects.filter(pk__in=chunk).for_listing())
            self.stdout.write(f"{min(start + CHUNK, len(ids))} of {len(ids)} papers done")
        self.stdout.write(
            self.style.SUCCESS(
                f"The citation entries of {len(ids)} papers are ready "
                f"({forgotten} made by older code removed)."
            )
        )
