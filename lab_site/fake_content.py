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

Pages are written in bulk (``lab_site.bulk``), so 10,000 papers take seconds, not hours.
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

from .bulk import add_children, index_pages

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


def _slug(text, taken):
    base = slugify(text)[:70].strip("-") or "page"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


@transaction.atomic
def generate(publications=0, members=0, highlights=0, *, seed=1, topics=12, images=12):
    """Add the content described in the module docstring; returns a Summary of what was added."""
    from lab_site.demo import HomeStep, default_site
    from lab_site.models import HomePage
    from people.models import MemberPage, PeopleIndexPage, Role
    from publications.models import (
        PublicationAuthor,
        PublicationIndexPage,
        PublicationPage,
        PublicationType,
        ResearchTopic,
    )
    from publications.research import ResearchHighlightPage, ResearchIndexPage

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
    slugs = set(MemberPage.objects.child_of(people_index).values_list("slug", flat=True))
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
                slug=_slug(name, slugs),
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
    add_children(people_index, new_members)
    summary.members = len(new_members)

    # Publications --------------------------------------------------------------------------
    authors_pool = list(MemberPage.objects.child_of(people_index).only("id", "title"))
    slugs = set(PublicationPage.objects.child_of(paper_index).values_list("slug", flat=True))
    arxiv_numbers = set()
    papers, authors, paper_topics = [], [], []
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
            slug=_slug(title, slugs),
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
        authors += [
            PublicationAuthor(page=paper, name=name, member=member, sort_order=position)
            for position, (name, member) in enumerate(line)
        ]
        paper_topics.append(
            gen.rng.sample(topic_objects, min(len(topic_objects), gen.rng.randint(0, 3)))
        )
    add_children(paper_index, papers, authors, index=False)
    Through = PublicationPage.topics.through
    Through.objects.bulk_create(
        [
            Through(publicationpage_id=paper.pk, researchtopic_id=topic.pk)
            for paper, chosen in zip(papers, paper_topics, strict=True)
            for topic in chosen
        ],
        batch_size=1000,
    )
    if papers:
        index_pages(PublicationPage, [paper.pk for paper in papers])
    summary.publications = len(papers)

    # Highlights ----------------------------------------------------------------------------
    recent = list(
        PublicationPage.objects.child_of(paper_index)
        .filter(highlights__isnull=True)
        .order_by("-publication_date", "-pk")[: highlights * 3]
    )
    slugs = set(
        ResearchHighlightPage.objects.child_of(research_index).values_list("slug", flat=True)
    )
    featured = ResearchHighlightPage.objects.filter(feature_on_home=True).count()
    cards, card_topics = [], []
    for number, paper in enumerate(gen.rng.sample(recent, min(highlights, len(recent)))):
        values = gen.words()
        figure = figures[number % len(figures)] if figures else None
        cards.append(
            ResearchHighlightPage(
                title=paper.title,
                slug=_slug(paper.title, slugs),
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
        card_topics.append(
            gen.rng.sample(topic_objects, min(len(topic_objects), gen.rng.randint(1, 2)))
        )
    # Newest first in the research page's order, as editors would arrange them.
    order = sorted(range(len(cards)), key=lambda position: cards[position].date, reverse=True)
    cards = [cards[position] for position in order]
    card_topics = [card_topics[position] for position in order]
    add_children(research_index, cards, index=False)
    Through = ResearchHighlightPage.topics.through
    Through.objects.bulk_create(
        [
            Through(researchhighlightpage_id=card.pk, researchtopic_id=topic.pk)
            for card, chosen in zip(cards, card_topics, strict=True)
            for topic in chosen
        ]
    )
    if cards:
        index_pages(ResearchHighlightPage, [card.pk for card in cards])
    summary.highlights = len(cards)

    # The home page: the group's own text and sections, when nobody has written any yet.
    step = HomeStep()
    if step.is_blank(step.current()):
        step.load()
    return summary
