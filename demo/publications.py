"""Demo content for publications: the publication list and the seed's 50 papers."""

from pathlib import Path

from publications.authors import MemberIndex
from publications.identifiers import full_arxiv_category
from publications.models import (
    PublicationAuthor,
    PublicationIndexPage,
    PublicationPage,
    PublicationType,
)

from .loader import (
    default_site,
    publish,
    read_toml,
)

DATA = Path(__file__).resolve().parent / "data" / "publications.toml"
HIGHLIGHTS = Path(__file__).resolve().parent / "data" / "highlights.toml"


def _summary(publication):
    return (
        publication["title"],
        str(publication["date"]),
        full_arxiv_category(publication["category"]),
        publication["has_code"],
        tuple(publication["authors"]),
        publication["authors_cut"],
        ", ".join(publication["affiliations"]),
        publication["abstract"],
        publication.get("publication_type", PublicationType.PREPRINT),
        publication.get("venue", ""),
        publication.get("venue_note", ""),
    )


class PublicationsLoader:
    """The publication list under the home page, with one page per paper."""

    label = "publication list and papers"

    def __init__(self, data=None):
        self.data = data if data is not None else read_toml(DATA)

    def index(self):
        return PublicationIndexPage.objects.child_of(default_site().root_page).first()

    def current(self):
        index = self.index()
        if index is None:
            return None
        papers = (
            PublicationPage.objects.child_of(index).order_by("path").prefetch_related("authors")
        )
        return [
            (
                paper.title,
                paper.publication_date.isoformat(),
                paper.arxiv_category,
                paper.has_code,
                tuple(author.name for author in paper.authors.all()),
                paper.authors_cut,
                paper.affiliations,
                paper.abstract,
                paper.publication_type,
                paper.venue,
                paper.venue_note,
            )
            for paper in papers
        ]

    def desired(self):
        return [_summary(publication) for publication in self.data["publications"]]

    def load(self):
        index = self.index()
        if index is None:
            index = default_site().root_page.add_child(
                instance=PublicationIndexPage(
                    title="Publications", slug="publications", show_in_menus=True
                )
            )
            publish(index)
        members = MemberIndex.of_all_members()
        # A paper loaded before is found by its title (earlier versions made other addresses).
        existing = {paper.title: paper for paper in PublicationPage.objects.child_of(index)}
        papers = []
        for entry in self.data["publications"]:
            paper = existing.get(entry["title"]) or PublicationPage(
                slug=PublicationPage.slug_for_title(entry["title"])
            )
            paper.title = entry["title"]
            paper.publication_date = entry["date"]
            paper.arxiv_category = full_arxiv_category(entry["category"])
            paper.has_code = entry["has_code"]
            paper.authors_cut = entry["authors_cut"]
            paper.affiliations = ", ".join(entry["affiliations"])
            paper.abstract = entry["abstract"]
            paper.publication_type = entry.get("publication_type", PublicationType.PREPRINT)
            paper.venue = entry.get("venue", "")
            paper.venue_note = entry.get("venue_note", "")
            paper.authors = [
                PublicationAuthor(name=name, member=members.match(name).member)
                for name in entry["authors"]
            ]
            papers.append(paper)
        # The seed lists papers newest first: keyed by date, the original KAN keeps
        # "liu2024kan" and KAN 2.0 gets "liu2024kan2".
        PublicationPage.key_new_papers_by_date([paper for paper in papers if paper.pk is None])
        for paper in papers:
            if paper.pk is None:
                index.add_child(instance=paper)
            publish(paper)
