from django.core.management.base import BaseCommand, CommandError

from demo.fake_content import generate


class Command(BaseCommand):
    help = (
        "Add generated, realistic content for benchmarks and trials: members with portraits, "
        "papers with member authors, topics and math in their abstracts, and research "
        "highlights with figures, news, events, projects, openings, awards, courses, photo galleries and grants. The same --seed gives the same content. It adds to the "
        "site's content, so use a scratch database, not the group's real one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--publications", type=int, default=50, metavar="N")
        parser.add_argument("--members", type=int, default=8, metavar="M")
        parser.add_argument("--highlights", type=int, default=6, metavar="K")
        parser.add_argument("--news", type=int, default=10, metavar="W")
        parser.add_argument("--events", type=int, default=8, metavar="E")
        parser.add_argument("--projects", type=int, default=4, metavar="P")
        parser.add_argument("--openings", type=int, default=2, metavar="O")
        parser.add_argument("--awards", type=int, default=3, metavar="A")
        parser.add_argument("--courses", type=int, default=3, metavar="C")
        parser.add_argument("--galleries", type=int, default=2, metavar="G")
        parser.add_argument("--grants", type=int, default=2, metavar="N")
        parser.add_argument("--topics", type=int, default=12, metavar="T", help="At most 14.")
        parser.add_argument(
            "--images", type=int, default=12, help="Distinct portraits and figures to share out."
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(
        self,
        *args,
        publications,
        members,
        highlights,
        news,
        events,
        projects,
        openings,
        awards,
        courses,
        galleries,
        grants,
        topics,
        images,
        seed,
        **options,
    ):
        for name, value in (
            ("--publications", publications),
            ("--members", members),
            ("--highlights", highlights),
            ("--news", news),
            ("--events", events),
            ("--projects", projects),
            ("--openings", openings),
            ("--awards", awards),
            ("--courses", courses),
            ("--galleries", galleries),
            ("--grants", grants),
            ("--topics", topics),
        ):
            if value < 0:
                raise CommandError(f"{name} must be 0 or more (got {value}).")
        if images < 1:
            raise CommandError(f"--images must be 1 or more (got {images}).")
        try:
            summary = generate(
                publications,
                members,
                highlights,
                news,
                events,
                projects,
                openings,
                awards=awards,
                courses=courses,
                galleries=galleries,
                grants=grants,
                seed=seed,
                topics=topics,
                images=images,
            )
        except (ValueError, LookupError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {summary.members} members, {summary.publications} publications, "
                f"{summary.highlights} highlights, {summary.news} news items, "
                f"{summary.events} events, {summary.projects} projects, "
                f"{summary.openings} open positions, {summary.awards} awards, "
                f"{summary.courses} courses, {summary.galleries} galleries, "
                f"{summary.grants} grants, "
                f"{summary.topics} new topics and "
                f"{summary.images} images."
            )
        )
