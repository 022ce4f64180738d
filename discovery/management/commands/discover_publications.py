"""manage.py discover_publications: find members' new papers and fill in existing ones."""

from django.core.management.base import BaseCommand, CommandError

from discovery.discover import SOURCES, discover
from discovery.tasks import SchedulingUnavailable, schedule_discovery
from publications.importers import ImportProblem


class Command(BaseCommand):
    help = (
        "Ask ORCID, OpenAlex, arXiv and Crossref about the members' ids, and put what they "
        "find in the admin's “Suggested publications” for editors to review. Nothing is "
        "added to the site until an editor accepts it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--member", metavar="SLUG", help="Only this member (their page's slug)."
        )
        parser.add_argument(
            "--source",
            action="append",
            choices=sorted(SOURCES),
            help="Only this source (repeat for several); all four by default.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Ask the sources and show what would be suggested; write nothing.",
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue a run now and then every DISCOVERY_INTERVAL_HOURS (default a week) for "
            "the background worker (`manage.py db_worker`), instead of running here.",
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            try:
                when = schedule_discovery()
            except SchedulingUnavailable as problem:
                raise CommandError(str(problem)) from problem
            self.stdout.write(
                f"Discovery is scheduled: the next run starts at {when:%Y-%m-%d %H:%M %Z} when "
                "the worker (`manage.py db_worker`) is running, then repeats."
            )
            return
        if options["member"]:
            from people.models import MemberPage

            member = MemberPage.objects.filter(slug=options["member"]).first()
            if member is None:
                raise CommandError(f"No member has the page address “{options['member']}”.")
            if not (member.orcid_id or member.openalex_id or member.arxiv_author_id):
                raise CommandError(
                    f"{member.title} has no ORCID iD, OpenAlex or arXiv author id: add one on "
                    "their profile (Finding your papers) first."
                )
        try:
            run = discover(
                member_slug=options["member"],
                sources=options["source"],
                dry_run=options["dry_run"],
                log=self.stdout.write,
            )
        except ImportProblem as problem:
            raise CommandError(str(problem)) from problem
        for name, report in run.sources.items():
            line = f"{name}: asked about {report['asked']} member(s), {report['found']} works"
            if report["skipped"]:
                skipped = len(report["skipped"])
                line += f", {skipped} unreadable {'entry' if skipped == 1 else 'entries'} skipped"
            if report["errors"]:
                self.stdout.write(self.style.WARNING(f"{line}; FAILED:"))
                for error in report["errors"]:
                    self.stdout.write(self.style.WARNING(f"    {error}"))
            else:
                self.stdout.write(line)
        counts = run.counts
        summary = (
            f"{counts.get('new', 0)} new papers suggested, {counts.get('enrich', 0)} papers to "
            f"fill in, {counts.get('updated', 0)} earlier suggestions updated, "
            f"{counts.get('known', 0)} already on the site, {counts.get('dismissed', 0)} "
            "dismissed before."
        )
        if options["dry_run"]:
            self.stdout.write(
                f"Dry run: {counts.get('new', 0)} new, {counts.get('enrich', 0)} to fill in, "
                f"{counts.get('known', 0)} already on the site (before earlier decisions); "
                "nothing was written."
            )
        elif run.status == run.Status.PARTIAL:
            self.stdout.write(self.style.WARNING(f"Done, but a source failed: {summary}"))
        else:
            self.stdout.write(self.style.SUCCESS(f"Done: {summary}"))
        if not options["dry_run"]:
            self.stdout.write("Review them in the admin: Suggested publications.")
