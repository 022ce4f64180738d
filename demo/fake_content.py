"""Generated, realistic content for benchmarks and trials: members, papers, highlights, images.

``generate(publications=N, members=M, highlights=K, seed=S)`` adds to the site what a
research group of that size would have, the same for the same seed:

- members of every role (one PI when the site has none, postdocs, PhD and master's
  students, alumni with where they are now), with portraits, bios and profile links;
- papers with 2–9 authors of whom one to three are members (linked, as imports link
  them), topics, venues, arXiv ids, code links and abstracts with inline math;
- research highlights of recent papers, with figures, some featured on the home page;
- the pages they live under (people, publications, research) when missing, and the
  group's home page text when the home page is still empty.

Pages are added as an editor's would be (``add_child``, then a first revision, published),
so each has its history and search entry.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from lab_site.text import free_slug

FIRST = [
    "Ada",
    "Alan",
    "Ana",
    "Ben",
    "Chen",
    "Dana",
    "Eli",
    "Emma",
    "Farid",
    "Grace",
    "Hana",
    "Ivan",
    "Jia",
    "Jonas",
    "Kai",
    "Lena",
    "Leo",
    "Lin",
    "Maya",
    "Mei",
    "Nadia",
    "Noah",
    "Omar",
    "Priya",
    "Quinn",
    "Ravi",
    "Rosa",
    "Sam",
    "Sara",
    "Tariq",
    "Uma",
    "Vera",
    "Wei",
    "Yara",
    "Yusuf",
    "Zoe",
]
LAST = [
    "Abbott",
    "Baptiste",
    "Chandra",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Hoang",
    "Ibrahim",
    "Jensen",
    "Kato",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nakamura",
    "Novak",
    "Okafor",
    "Patel",
    "Quispe",
    "Rossi",
    "Sato",
    "Schmidt",
    "Silva",
    "Tanaka",
    "Umarov",
    "Varga",
    "Wagner",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Nguyen",
    "Park",
    "Kim",
    "Singh",
    "Haddad",
]
TOPICS = (
    "Sparse autoencoders",
    "Grokking",
    "Neural scaling laws",
    "Mechanistic interpretability",
    "Symbolic regression",
    "Representation geometry",
    "Conserved quantities",
    "Modularity",
    "Formal verification",
    "AI governance",
    "Physics-inspired learning",
    "Language model truthfulness",
    "Program synthesis",
    "Mechanism design",
)
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
ROLE_SHARES = (("postdoc", 0.15), ("phd", 0.45), ("masters", 0.15), ("alumni", 0.25))
PALETTE = ("#1d4e89", "#00798c", "#d1495b", "#edae49", "#66a182", "#2e4057", "#8d96a3")


@dataclass
class Summary:
    members: int = 0
    publications: int = 0
    highlights: int = 0
    topics: int = 0
    images: int = 0


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)  # noqa: S311 - made-up content, not secrets

    # --- text ---------------------------------------------------------------------------

    def words(self):
        subject, other = self.rng.sample(SUBJECTS, 2)
        return {
            "subject": subject,
            "Subject": subject[0].upper() + subject[1:],
            "other": other,
            "power": self.rng.randint(6, 12),
            "percent": self.rng.randint(80, 99),
            "baseline": self.rng.randint(40, 79),
            "alpha": round(self.rng.uniform(0.05, 0.5), 2),
            "factor": self.rng.randint(2, 20),
        }

    def title(self):
        return self.rng.choice(TITLE_PATTERNS).format(**self.words())

    def abstract(self):
        values = self.words()
        count = self.rng.randint(4, 7)
        return " ".join(sentence.format(**values) for sentence in self.rng.sample(SENTENCES, count))

    def co_author(self):
        """An author from outside the group; the same people write several papers."""
        initial = f" {self.rng.choice('ABCDEFGHJKLMNPRSTW')}." if self.rng.random() < 0.2 else ""
        return f"{self.rng.choice(FIRST)}{initial} {self.rng.choice(LAST)}"

    def name(self, taken):
        """A member's name, unlike the names in ``taken`` (which it joins)."""
        while True:
            name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
            if self.rng.random() < 0.2 or name in taken:
                name = (
                    f"{name.split()[0]} {self.rng.choice('ABCDEFGHJKLMNPRSTW')}. {name.split()[1]}"
                )
            if name not in taken:
                taken.add(name)
                return name

    # --- images -------------------------------------------------------------------------

    def image(self, title, size, kind):
        width, height = size
        picture = PillowImage.new("RGB", size, self.rng.choice(PALETTE))
        draw = ImageDraw.Draw(picture)
        if kind == "portrait":
            colour = self.rng.choice(PALETTE)
            draw.ellipse((width * 0.3, height * 0.18, width * 0.7, height * 0.58), fill=colour)
            draw.ellipse((width * 0.15, height * 0.62, width * 0.85, height * 1.3), fill=colour)
        else:
            for _ in range(12):
                x, y = self.rng.random() * width, self.rng.random() * height
                radius = self.rng.uniform(0.03, 0.12) * width
                draw.ellipse(
                    (x - radius, y - radius, x + radius, y + radius), fill=self.rng.choice(PALETTE)
                )
        data = BytesIO()
        picture.save(data, "JPEG", quality=85)
        file = ImageFile(data, name=f"{slugify(title)}.jpg")
        return get_image_model().objects.create(title=title, file=file)


def _child_index(home, model, title, slug):
    index = model.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=model(title=title, slug=slug, show_in_menus=True))
        index.save_revision().publish()
    return index


def add_pages(parent, pages):
    """Each page as the last child of ``parent``, with a first revision, published."""
    for page in pages:
        page.slug = free_slug(parent, page.title)
        # Wagtail records a page's references at every save of it and of each of its
        # authors; once, at the end, is enough (its documented way for bulk work).
        with disable_reference_index_auto_update():
            parent.add_child(instance=page)
            page.save_revision().publish()
        ReferenceIndex.create_or_update_for_object(page)


@transaction.atomic
def generate(publications=0, members=0, highlights=0, *, seed=1, topics=12, images=12):
    """Add the content described in the module docstring; returns a Summary of what was added."""
    from home.models import HomePage
    from people.models import MemberPage, PeopleIndexPage, Role
    from publications.models import (
        PublicationAuthor,
        PublicationIndexPage,
        PublicationPage,
        PublicationType,
        ResearchTopic,
    )
    from research.models import ResearchHighlightPage, ResearchIndexPage

    from .home import HomeLoader
    from .loader import State, default_site, state

    home = default_site().root_page.specific
    if not isinstance(home, HomePage):
        raise ValueError("The site's root page is not a home page; run `manage.py migrate` first.")
    gen = Generator(seed)
    summary = Summary()
    today = date.today()

    people_index = _child_index(home, PeopleIndexPage, "People", "people")
    paper_index = _child_index(home, PublicationIndexPage, "Publications", "publications")
    research_index = _child_index(home, ResearchIndexPage, "Research", "research")

    portraits = [
        gen.image(f"Generated portrait {n + 1}", (480, 480), "portrait")
        for n in range(images if members else 0)
    ]
    figures = [
        gen.image(f"Generated figure {n + 1}", (1200, 675), "figure")
        for n in range(images if highlights else 0)
    ]
    summary.images = len(portraits) + len(figures)

    topic_objects = []
    for name in TOPICS[:topics]:
        topic, created = ResearchTopic.objects.get_or_create(name=name)
        topic_objects.append(topic)
        summary.topics += created

    # Members -------------------------------------------------------------------------------
    names = set(MemberPage.objects.values_list("title", flat=True))
    has_pi = MemberPage.objects.filter(role=Role.PI).exists()
    new_members = []
    for number in range(members):
        name = gen.name(names)
        handle = slugify(name).replace("-", "")
        start = today - timedelta(days=gen.rng.randint(200, 4000))
        if number == 0 and not has_pi:
            role, end = Role.PI, None
        else:
            role_name = gen.rng.choices(*zip(*ROLE_SHARES, strict=True))[0]
            role = Role.PHD if role_name == "alumni" else Role(role_name)
            end = (
                today - timedelta(days=gen.rng.randint(30, 900)) if role_name == "alumni" else None
            )
            if end and end <= start:
                start = end - timedelta(days=gen.rng.randint(365, 1800))
        photo = (
            portraits[number % len(portraits)] if portraits and gen.rng.random() < 0.85 else None
        )
        interests = gen.rng.sample(SUBJECTS, 2)
        new_members.append(
            MemberPage(
                title=name,
                role=role,
                photo=photo,
                photo_alt_text=f"Portrait of {name}" if photo else "",
                bio=f"<p>{name.split()[0]} works on {interests[0]} and {interests[1]}.</p>",
                research_interests=", ".join(interests),
                website=f"https://{handle}.example.org/" if gen.rng.random() < 0.5 else "",
                github_url=f"https://github.com/{handle}" if gen.rng.random() < 0.6 else "",
                scholar_url=f"https://scholar.google.com/citations?user={handle[:12]}"
                if gen.rng.random() < 0.5
                else "",
                start_date=start,
                end_date=end,
                now_at="Research scientist at Example Labs" if end else "",
            )
        )
    add_pages(people_index, new_members)
    summary.members = len(new_members)

    # Publications --------------------------------------------------------------------------
    authors_pool = list(MemberPage.objects.child_of(people_index).only("id", "title"))
    arxiv_numbers = set()
    papers = []
    for number in range(publications):
        published = today - timedelta(days=gen.rng.randint(0, 16 * 365))
        title = gen.title()
        kind = gen.rng.choice(PublicationType.values[:4])
        venue, venue_note = "", ""
        if kind != PublicationType.PREPRINT:
            pattern, notes = gen.rng.choice(VENUES)
            venue, venue_note = pattern.format(year=published.year), gen.rng.choice(notes)
        while True:
            arxiv = f"{published:%y%m}.{gen.rng.randint(0, 99999):05d}"
            if arxiv not in arxiv_numbers:
                arxiv_numbers.add(arxiv)
                break
        has_code = gen.rng.random() < 0.4
        paper = PublicationPage(
            title=title,
            publication_date=published,
            publication_type=kind,
            venue=venue,
            venue_note=venue_note,
            abstract=gen.abstract(),
            arxiv_id=arxiv,
            arxiv_category=gen.rng.choice(("cs.LG", "cs.AI", "cs.CL", "physics.comp-ph")),
            code_url=f"https://github.com/example-lab/paper-{number}" if has_code else "",
            has_code=has_code,
            affiliations=", ".join(gen.rng.sample(AFFILIATIONS, gen.rng.randint(1, 3))),
            locale_id=paper_index.locale_id,
        )
        papers.append(paper)
        chosen = gen.rng.sample(authors_pool, min(len(authors_pool), gen.rng.randint(1, 3)))
        line = [(member.title, member) for member in chosen]
        line += [(gen.co_author(), None) for _ in range(gen.rng.randint(1, 6))]
        gen.rng.shuffle(line)
        paper.authors = [
            PublicationAuthor(name=name, member=member, sort_order=position)
            for position, (name, member) in enumerate(line)
        ]
        paper.topics = gen.rng.sample(topic_objects, min(len(topic_objects), gen.rng.randint(0, 3)))
    add_pages(paper_index, papers)
    summary.publications = len(papers)

    # Highlights ----------------------------------------------------------------------------
    recent = list(
        PublicationPage.objects.child_of(paper_index)
        .filter(highlights__isnull=True)
        .order_by("-publication_date", "-pk")[: highlights * 3]
    )
    featured = ResearchHighlightPage.objects.filter(feature_on_home=True).count()
    cards = []
    for number, paper in enumerate(gen.rng.sample(recent, min(highlights, len(recent)))):
        values = gen.words()
        figure = figures[number % len(figures)] if figures else None
        cards.append(
            ResearchHighlightPage(
                title=paper.title,
                publication=paper,
                summary=f"<p>In plain words: we found out how {values['subject']} work inside "
                f"{values['other']}, and what that means for making AI systems trustworthy.</p>",
                date=paper.publication_date,
                figure=figure,
                figure_alt_text=f"A diagram of {values['subject']}" if figure else "",
                demo_url="https://colab.research.google.com/drive/example"
                if gen.rng.random() < 0.3
                else "",
                feature_on_home=featured + number < 4,
                locale_id=research_index.locale_id,
            )
        )
        cards[-1].topics = gen.rng.sample(
            topic_objects, min(len(topic_objects), gen.rng.randint(1, 2))
        )
    # Newest first in the research page's order, as editors would arrange them.
    cards.sort(key=lambda card: card.date, reverse=True)
    add_pages(research_index, cards)
    summary.highlights = len(cards)

    # The home page: the group's own text and sections, when nobody has written any yet.
    home_loader = HomeLoader()
    if state(home_loader) is State.EMPTY:
        home_loader.load()
    return summary
