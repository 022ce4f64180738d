"""Factories for made-up content that reads like a research group's: members, papers,
research highlights and the pictures they show. ``generate_fake_content`` builds sites of
any size from them, and the tests build what they need from the same factories.

They are wagtail-factories page factories: ``MemberPageFactory(parent=people_index)``
adds a live page under its parent, as ``add_child`` does. Pass ``revision=True`` to give
it a first revision, published, as an editor's Publish would.

Text comes from Faker (names, dates, sentences) and from the subject lists below (titles
and abstracts in the field's words). Both draw from factory_boy's shared random
generator, so ``factory.random.reseed_random(seed)`` makes a run repeatable.
"""

from datetime import time, timedelta
from io import BytesIO

import factory
import wagtail_factories
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from factory.random import randgen
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.models import Collection

from awards.models import AwardMember, AwardPage
from events.models import EventKind, EventPage, EventSpeaker
from funding.models import GrantMember, GrantPage, GrantPaper, GrantRole
from galleries.models import GalleryPage, GalleryPhoto
from home.models import ContentPage
from lab_site.text import free_slug, slug_from
from news.models import NewsPage, NewsPaper, NewsPerson
from openings.models import OpeningPage, PositionType
from people.models import MemberPage, Role
from projects.models import ProjectKind, ProjectMember, ProjectPage, ProjectPaper
from publications.models import PublicationAuthor, PublicationPage, PublicationType
from research.models import ResearchHighlightPage
from teaching.models import CoursePage, CourseTeacher, CourseTerm, Season, TeacherRole

SUBJECTS = (
    "sparse autoencoders",
    "grokking",
    "neural scaling laws",
    "transformer circuits",
    "linear representations",
    "modular arithmetic",
    "hidden symmetries",
    "conserved quantities",
    "language model truthfulness",
    "Kolmogorov-Arnold networks",
    "feature superposition",
    "automated interpretability",
    "formal verification of neural networks",
    "multi-agent alignment",
)
TITLE_PATTERNS = (
    "{Subject} in {other}",
    "Towards a theory of {subject}",
    "Discovering {subject} with {other}",
    "On the geometry of {subject}",
    "{Subject}: a mechanistic account",
    "When do {subject} emerge? Evidence from {other}",
    "Scaling {subject} to $10^{{{power}}}$ parameters",
    "Provably safe {subject} via {other}",
)
SENTENCES = (
    "We study {subject} in models trained on {other}.",
    "Our method recovers the ground truth in {percent}% of cases, against {baseline}% for "
    "the best baseline.",
    "The loss follows a power law $L \\propto N^{{-\\alpha}}$ with $\\alpha \\approx {alpha}$.",
    "We show that the learned representation lies on a $d$-dimensional manifold with $d \\ll n$.",
    "Surprisingly, {subject} appear only after the training loss has plateaued.",
    "We release code and trained models to make these results easy to reproduce.",
    "Circuits found this way are {factor}$\\times$ smaller than those found by activation "
    "patching.",
    "These findings suggest that {subject} and {other} share a common mechanism.",
)
VENUES = (
    ("ICLR {year}", ("", "", "Spotlight", "Oral")),
    ("NeurIPS {year}", ("", "", "Spotlight")),
    ("ICML {year}", ("", "Oral")),
    ("Physical Review E", ("",)),
    ("Entropy", ("",)),
    ("TMLR", ("",)),
    ("NeurIPS {year} Workshop on Mechanistic Interpretability", ("", "Best paper award")),
)
AFFILIATIONS = ("mit", "iaifi", "harvard", "deepmind", "anthropic", "stanford", "oxford")
ARXIV_CATEGORIES = ("cs.LG", "cs.AI", "cs.CL", "physics.comp-ph")
PALETTE = ("#1d4e89", "#00798c", "#d1495b", "#edae49", "#66a182", "#2e4057", "#8d96a3")


def chance(probability):
    return randgen.random() < probability


def words():
    """Values for one title or abstract: two subjects and some plausible figures."""
    subject, other = randgen.sample(SUBJECTS, 2)
    return {
        "subject": subject,
        "Subject": subject[0].upper() + subject[1:],
        "other": other,
        "power": randgen.randint(6, 12),
        "percent": randgen.randint(80, 99),
        "baseline": randgen.randint(40, 79),
        "alpha": round(randgen.uniform(0.05, 0.5), 2),
        "factor": randgen.randint(2, 20),
    }


def paper_title():
    return randgen.choice(TITLE_PATTERNS).format(**words())


def abstract():
    values = words()
    count = randgen.randint(4, 7)
    return " ".join(sentence.format(**values) for sentence in randgen.sample(SENTENCES, count))


class PersonName(factory.DictFactory):
    """A person's name as Faker's English locale makes them; a fifth have a middle initial."""

    first = factory.Faker("first_name")
    last = factory.Faker("last_name")
    initial = factory.Faker("random_uppercase_letter")
    with_initial = factory.LazyFunction(lambda: chance(0.2))

    @classmethod
    def text(cls):
        name = cls()
        middle = f" {name['initial']}." if name["with_initial"] else ""
        return f"{name['first']}{middle} {name['last']}"


def picture(size, kind):
    """A JPEG of the given size: a head-and-shoulders outline for a portrait, coloured
    discs for a figure. Colours come from the shared random generator."""
    width, height = size
    image = PillowImage.new("RGB", size, randgen.choice(PALETTE))
    draw = ImageDraw.Draw(image)
    if kind == "portrait":
        colour = randgen.choice(PALETTE)
        draw.ellipse((width * 0.3, height * 0.18, width * 0.7, height * 0.58), fill=colour)
        draw.ellipse((width * 0.15, height * 0.62, width * 0.85, height * 1.3), fill=colour)
    else:
        for _ in range(12):
            x, y = randgen.random() * width, randgen.random() * height
            radius = randgen.uniform(0.03, 0.12) * width
            draw.ellipse(
                (x - radius, y - radius, x + radius, y + radius), fill=randgen.choice(PALETTE)
            )
    data = BytesIO()
    image.save(data, "JPEG", quality=85)
    return data


class ImageFactory(wagtail_factories.ImageFactory):
    """A drawn figure (1200×675); ``PortraitFactory`` draws a portrait (480×480)."""

    title = factory.Sequence(lambda n: f"Generated figure {n + 1}")
    # In the collection the admin shows first, not in a new root of its own.
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.LazyAttribute(
        lambda image: ImageFile(
            picture((image.width, image.height), image.kind), name=f"{slugify(image.title)}.jpg"
        )
    )

    class Params:
        kind = "figure"
        width = 1200
        height = 675


class PortraitFactory(ImageFactory):
    title = factory.Sequence(lambda n: f"Generated portrait {n + 1}")

    class Params:
        kind = "portrait"
        width = 480
        height = 480


class PageFactory(wagtail_factories.PageFactory):
    """A page whose slug is free among its parent's children (as the admin makes it)."""

    slug = factory.LazyAttribute(
        lambda page: free_slug(page.parent, page.title) if page.parent else slug_from(page.title)
    )

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def revision(page, create, extracted, **kwargs):
        """``revision=True``: a first revision, published, as an editor's Publish makes."""
        if create and extracted:
            page.save_revision().publish()


class ContentPageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    intro = "An ordinary page."

    class Meta:
        model = ContentPage


def interests():
    return ", ".join(randgen.sample(SUBJECTS, 2))


def handle(member):
    return slugify(member.title).replace("-", "")


class MemberPageFactory(PageFactory):
    """A member of the group with a bio, interests and some profile links; alumni (use
    ``alumni=True``) have left and say where they are now."""

    title = factory.LazyFunction(PersonName.text)
    role = Role.PHD
    research_interests = factory.LazyFunction(interests)
    bio = factory.LazyAttribute(
        lambda member: (
            f"<p>{member.title.split()[0]} works on "
            f"{' and '.join(member.research_interests.split(', '))}.</p>"
        )
    )
    website = factory.LazyAttribute(
        lambda member: f"https://{handle(member)}.example.org/" if chance(0.5) else ""
    )
    github_url = factory.LazyAttribute(
        lambda member: f"https://github.com/{handle(member)}" if chance(0.6) else ""
    )
    scholar_url = factory.LazyAttribute(
        lambda member: (
            f"https://scholar.google.com/citations?user={handle(member)[:12]}"
            if chance(0.5)
            else ""
        )
    )
    start_date = factory.Faker("date_between", start_date="-11y", end_date="-200d")
    end_date = None
    now_position = ""
    now_organisation = ""
    photo = None
    photo_alt_text = factory.LazyAttribute(
        lambda member: f"Portrait of {member.title}" if member.photo else ""
    )

    class Meta:
        model = MemberPage

    class Params:
        alumni = factory.Trait(
            end_date=factory.LazyAttribute(
                lambda member: min(
                    member.start_date + timedelta(days=randgen.randint(365, 1800)),
                    timezone.localdate() - timedelta(days=30),
                )
            ),
            start_date=factory.Faker("date_between", start_date="-11y", end_date="-3y"),
            now_position="Research scientist",
            now_organisation="Example Labs",
        )


def venue(paper):
    """A venue and its note for a paper of the kind and year given; none for a preprint."""
    if paper.publication_type == PublicationType.PREPRINT:
        return "", ""
    pattern, notes = randgen.choice(VENUES)
    return pattern.format(year=paper.publication_date.year), randgen.choice(notes)


def author_line(members):
    """One to three of ``members`` (linked) among one to six authors from outside the group,
    in a random order, as ``PublicationAuthor`` rows."""
    chosen = randgen.sample(list(members), min(len(members), randgen.randint(1, 3)))
    line = [(member.title, member) for member in chosen]
    line += [(PersonName.text(), None) for _ in range(randgen.randint(1, 6))]
    randgen.shuffle(line)
    return [
        PublicationAuthor(name=name, member=member, sort_order=position)
        for position, (name, member) in enumerate(line)
    ]


def new_arxiv_id(paper):
    """An arXiv id of the paper's month that is not in ``arxiv_ids_taken`` (which it joins)."""
    while True:
        candidate = f"{paper.publication_date:%y%m}.{randgen.randint(0, 99999):05d}"
        if candidate not in paper.arxiv_ids_taken:
            paper.arxiv_ids_taken.add(candidate)
            return candidate


class PublicationPageFactory(PageFactory):
    """A paper: authors (``members`` to draw one to three member authors from, linked),
    venue, arXiv id (none of ``arxiv_ids_taken``), abstract with inline math, affiliations
    and, for two in five, code."""

    title = factory.LazyFunction(paper_title)
    publication_date = factory.Faker("date_between", start_date="-16y", end_date="today")
    publication_type = factory.LazyFunction(lambda: randgen.choice(PublicationType.values[:4]))
    venue = factory.LazyAttribute(lambda paper: paper.venue_and_note[0])
    venue_note = factory.LazyAttribute(lambda paper: paper.venue_and_note[1])
    abstract = factory.LazyFunction(abstract)
    arxiv_id = factory.LazyAttribute(new_arxiv_id)
    arxiv_category = factory.LazyFunction(lambda: randgen.choice(ARXIV_CATEGORIES))
    code_url = factory.LazyAttribute(
        lambda paper: (
            f"https://github.com/example-lab/{slugify(paper.title)[:40]}" if chance(0.4) else ""
        )
    )
    has_code = factory.LazyAttribute(lambda paper: bool(paper.code_url))
    affiliations = factory.LazyFunction(
        lambda: ", ".join(randgen.sample(AFFILIATIONS, randgen.randint(1, 3)))
    )
    authors = factory.LazyAttribute(lambda paper: author_line(paper.members))

    class Meta:
        model = PublicationPage

    class Params:
        members = ()
        arxiv_ids_taken = factory.LazyFunction(set)
        venue_and_note = factory.LazyAttribute(venue)


class ResearchHighlightPageFactory(PageFactory):
    """A plain-language highlight of ``publication``, titled and dated as the paper."""

    publication = None
    figure = None
    title = factory.LazyAttribute(
        lambda highlight: highlight.publication.title if highlight.publication else paper_title()
    )
    summary = factory.LazyAttribute(
        lambda highlight: (
            "<p>In plain words: we found out how {subject} work inside "
            "{other}, and what that means for making AI systems trustworthy.</p>".format(**words())
        )
    )
    date = factory.LazyAttribute(
        lambda highlight: highlight.publication.publication_date if highlight.publication else None
    )
    figure_alt_text = factory.LazyAttribute(
        lambda highlight: f"A diagram from {highlight.title}" if highlight.figure else ""
    )
    demo_url = factory.LazyFunction(
        lambda: "https://colab.research.google.com/drive/example" if chance(0.3) else ""
    )

    class Meta:
        model = ResearchHighlightPage


NEWS_PATTERNS = (
    "Our paper on {subject} accepted at a major conference",
    "New preprint: how {subject} shape {other}",
    "Talk on {subject} at a workshop on interpretability",
    "Award for work on {subject}",
    "Welcome to new group members working on {other}",
)


class NewsPageFactory(PageFactory):
    """A news item about ``named`` members (and ``papers``), dated within three years."""

    title = factory.LazyFunction(lambda: randgen.choice(NEWS_PATTERNS).format(**words()))
    date = factory.LazyFunction(
        lambda: timezone.localdate() - timedelta(days=randgen.randint(0, 1095))
    )
    summary = factory.LazyFunction(
        lambda: (
            "We are glad to share that our work on {subject} and {other} reached "
            "${percent}\\%$ of the baseline's accuracy with ${factor}\\times$ fewer parameters.".format(
                **words()
            )
        )
    )
    body = factory.LazyFunction(
        lambda: [
            ("text", "<p>{}</p>".format(" ".join(randgen.sample(SENTENCES, 3)).format(**words())))
        ]
    )
    image = None
    image_alt_text = factory.LazyAttribute(
        lambda item: f"A picture for “{item.title}”" if item.image else ""
    )
    people = factory.LazyAttribute(lambda item: [NewsPerson(member=m) for m in item.named])
    papers = factory.LazyAttribute(lambda item: [NewsPaper(paper=p) for p in item.about])

    class Meta:
        model = NewsPage

    class Params:
        named = ()
        about = ()


# Titles, each with the kind of event it names (a talk or seminar for the rest).
EVENT_PATTERNS = (
    ("How {subject} shape {other}", None),
    ("Reading group: {subject}", "reading-group"),
    ("Thesis defence: understanding {subject}", "defence"),
    ("Workshop on {subject} and {other}", "workshop"),
)


class EventPageFactory(PageFactory):
    """A talk by ``named`` members (and ``guests``: (name, affiliation) pairs) at 4 pm."""

    title = factory.LazyAttribute(lambda event: event.pattern[0].format(**words()))
    kind = factory.LazyAttribute(
        lambda event: event.pattern[1] or randgen.choice([EventKind.TALK, EventKind.SEMINAR])
    )
    date = factory.LazyFunction(
        lambda: timezone.localdate() + timedelta(days=randgen.randint(-720, 90))
    )
    start_time = factory.LazyFunction(lambda: time(16, 0))
    time_zone = "America/New_York"
    location = "MIT, Building 26, Room 100, Cambridge MA"
    abstract = factory.LazyFunction(abstract)
    speakers = factory.LazyAttribute(
        lambda event: (
            [EventSpeaker(member=m) for m in event.named]
            + [EventSpeaker(guest_name=n, affiliation=a) for n, a in event.guests]
        )
    )

    class Meta:
        model = EventPage

    class Params:
        named = ()
        guests = ()
        pattern = factory.LazyFunction(lambda: randgen.choice(EVENT_PATTERNS))


class OpeningPageFactory(PageFactory):
    """A position open for another month."""

    title = factory.LazyFunction(lambda: "PhD position: {subject}".format(**words()))
    position_type = PositionType.PHD
    summary = factory.LazyFunction(
        lambda: "Join us to study {subject} and {other}.".format(**words())
    )
    description = factory.LazyFunction(
        lambda: "<p>{}</p>".format(" ".join(randgen.sample(SENTENCES, 2)).format(**words()))
    )
    requirements = "<p>A degree in physics, mathematics or computer science.</p>"
    how_to_apply = "<p>Send a CV and a short statement of interest to the group.</p>"
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    location = "Cambridge, Massachusetts"  # made-up content: a place a real site sets itself
    country = "US"

    class Meta:
        model = OpeningPage


class ProjectPageFactory(PageFactory):
    """Software of ``named`` members, about ``about`` papers."""

    title = factory.LazyFunction(lambda: "{Subject} toolkit".format(**words()))
    kind = ProjectKind.SOFTWARE
    summary = factory.LazyFunction(
        lambda: "A library for studying {subject} in {other}.".format(**words())
    )
    body = factory.LazyFunction(list)
    repository_url = "https://github.com/example/toolkit"
    licence = "MIT"
    people = factory.LazyAttribute(lambda p: [ProjectMember(member=m) for m in p.named])
    papers = factory.LazyAttribute(lambda p: [ProjectPaper(paper=x) for x in p.about])

    class Meta:
        model = ProjectPage

    class Params:
        named = ()
        about = ()


AWARD_TITLES = (
    "Best Paper Award",
    "Outstanding Paper Award",
    "Best Poster Award",
    "Graduate Research Fellowship",
    "Teaching Award",
    "Early Career Award",
)
AWARD_GIVERS = ("ICML", "NeurIPS", "ICLR", "AAAI", "MIT School of Science", "the department")


class AwardPageFactory(PageFactory):
    """An award of ``named`` members, for the paper ``about`` when there is one."""

    title = factory.LazyFunction(lambda: randgen.choice(AWARD_TITLES))
    year = factory.LazyFunction(lambda: randgen.randint(2015, timezone.localdate().year))
    given_by = factory.LazyAttribute(
        lambda a: (
            f"{randgen.choice(AWARD_GIVERS[:4])} {a.year}"
            if a.about
            else randgen.choice(AWARD_GIVERS)
        )
    )
    announcement_url = "https://example.org/awards"
    description = factory.LazyFunction(
        lambda: "<p>For work on {subject} and {other}.</p>".format(**words())
    )
    paper = factory.LazyAttribute(lambda a: a.about)
    people = factory.LazyAttribute(lambda a: [AwardMember(member=m) for m in a.named])

    class Meta:
        model = AwardPage

    class Params:
        named = ()
        about = None


COURSE_TITLES = (
    "Introduction to {subject}",
    "Topics in {subject}",
    "Seminar: {subject} and {other}",
    "Mathematics of {subject}",
)


class CoursePageFactory(PageFactory):
    """A course taught by ``named`` members (the first the instructor, the others teaching
    assistants) in the ``terms`` given as (season, year)."""

    title = factory.LazyFunction(lambda: randgen.choice(COURSE_TITLES).format(**words()))
    code = factory.LazyFunction(lambda: f"8.S{randgen.randint(10, 99)}")
    summary = factory.LazyFunction(
        lambda: "An introduction to {subject}, with exercises on $f(x) = x^{power}$.".format(
            **words()
        )
    )
    description = factory.LazyFunction(list)
    materials = factory.LazyFunction(list)
    syllabus = factory.LazyFunction(
        lambda: "<p>Week 1: {Subject}. Week 2: {other}.</p>".format(**words())
    )
    teachers = factory.LazyAttribute(
        lambda c: [
            CourseTeacher(
                member=m, role=TeacherRole.INSTRUCTOR if n == 0 else TeacherRole.ASSISTANT
            )
            for n, m in enumerate(c.named)
        ]
    )
    terms = factory.LazyAttribute(
        lambda c: [CourseTerm(season=season, year=year) for season, year in c.taught]
    )

    class Meta:
        model = CoursePage

    class Params:
        named = ()
        taught = ()


def fake_terms():
    """One to four fall or spring terms of recent years, oldest first."""
    this_year = timezone.localdate().year
    start = randgen.randint(this_year - 6, this_year)
    season = randgen.choice((Season.SPRING, Season.FALL))
    return [
        (season, year) for year in range(start, min(this_year, start + randgen.randint(0, 3)) + 1)
    ]


GALLERY_TITLES = ("Group retreat {year}", "Summer barbecue {year}", "Workshop on {subject}")


class GalleryPageFactory(PageFactory):
    """A gallery of ``pictures`` (images), each described, some naming ``named`` members."""

    title = factory.LazyAttribute(
        lambda g: randgen.choice(GALLERY_TITLES).format(year=g.date.year, **words())
    )
    date = factory.LazyFunction(
        lambda: timezone.localdate() - timedelta(days=randgen.randint(10, 900))
    )
    intro = "<p>A day together away from the whiteboard.</p>"
    photos = factory.LazyAttribute(
        lambda g: [
            GalleryPhoto(
                image=image,
                alt_text=f"Members of the group at {g.title.lower()}, photo {n + 1}",
                caption=randgen.choice(("", "Talks in the morning", "Lunch outside")),
                taken_on=g.date,
                people=list(g.named) if n == 0 else [],
            )
            for n, image in enumerate(g.pictures)
        ]
    )

    class Meta:
        model = GalleryPage

    class Params:
        pictures = ()
        named = ()  # the members in its first photo


# Made-up funders for generated content only (the demo names none: the seeds give none).
FUNDERS = (
    ("National Science Foundation", "10.13039/100000001", "DMR-{n:07d}"),
    ("Open Philanthropy", "", "OP-{n:05d}"),
    ("European Research Council", "10.13039/501100000781", "{n:06d}"),
)


class GrantPageFactory(PageFactory):
    """A grant held by ``named`` members (the first the principal investigator) that
    supported the papers ``funded``."""

    title = factory.LazyFunction(lambda: "Foundations of {subject}".format(**words()))
    funder_name = factory.LazyFunction(lambda: randgen.choice(FUNDERS)[0])
    funder_id = factory.LazyAttribute(
        lambda a: next(f[1] for f in FUNDERS if f[0] == a.funder_name)
    )
    award_number = factory.LazyAttribute(
        lambda a: next(f[2] for f in FUNDERS if f[0] == a.funder_name).format(
            n=randgen.randint(1, 9_999_999)
        )
    )
    start_date = factory.LazyFunction(
        lambda: timezone.localdate().replace(month=1, day=1, year=randgen.randint(2016, 2024))
    )
    end_date = factory.LazyAttribute(
        lambda a: a.start_date.replace(year=a.start_date.year + randgen.randint(2, 5))
    )
    grant_url = ""
    summary = factory.LazyFunction(
        lambda: "<p>Research on {subject} and {other}.</p>".format(**words())
    )
    people = factory.LazyAttribute(
        lambda a: [
            GrantMember(member=m, role=GrantRole.PI if i == 0 else GrantRole.MEMBER)
            for i, m in enumerate(a.named)
        ]
    )
    papers = factory.LazyAttribute(lambda a: [GrantPaper(paper=p) for p in a.funded])

    class Meta:
        model = GrantPage

    class Params:
        named = ()
        funded = ()
