"""The group's life beyond papers on the static copy: the awards and teaching pages, each
award and course, a course's uploaded materials, and what members' profiles and papers
say of them; an update after a new award brings the profile and the paper up to date."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from people.models import MemberPage
from publications.models import PublicationPage
from teaching.models import Season

from ..factories import add_award, add_awards_index, add_course, add_teaching_index
from .test_publish_static import publish

pytestmark = pytest.mark.django_db


def page_file(out, page):
    return out / page.url.strip("/") / "index.html"


def test_awards_courses_and_their_files_are_on_the_copy(small_site, tmp_path):
    ziming = MemberPage.objects.get(title="Ziming Liu")
    paper = PublicationPage.objects.get(title="KAN: Kolmogorov-Arnold Networks")
    slides = get_document_model().objects.create(
        title="Slides", file=ContentFile(b"%PDF-1.4 lecture one", name="lecture-1.pdf")
    )
    teaching = add_teaching_index(small_site, show_in_menus=True)
    course = add_course(
        teaching,
        "Deep learning for physicists",
        code="8.S50",
        terms=[(Season.FALL, date.today().year)],
        members=[ziming],
        materials=[("document", {"title": "Lecture 1 slides", "document": slides})],
    )
    awards = add_awards_index(small_site, show_in_menus=True)
    first = add_award(awards, "Best Poster Award", 2023, members=[ziming])

    out = tmp_path / "copy"
    publish(out)

    for page in (teaching, course, awards, first):
        assert page_file(out, page).is_file(), page.url
    course_html = page_file(out, course).read_text()
    # The material's link leads to a file the copy holds.
    link = course_html.split('">Lecture 1 slides</a>')[0].rsplit('href="', 1)[1]
    assert (out / link.lstrip("/")).read_bytes() == b"%PDF-1.4 lecture one"
    profile = page_file(out, ziming).read_text()
    assert "Best Poster Award" in profile and "8.S50 Deep learning for physicists" in profile
    sitemap = (out / "sitemap.xml").read_text()
    assert all(page.url in sitemap for page in (teaching, course, awards, first))

    # A new award for a paper: published again, the profile and the paper's page say so.
    second = add_award(awards, "Outstanding Paper Award", 2025, members=[ziming], paper=paper)
    publish(out)

    assert "Outstanding Paper Award" in page_file(out, ziming).read_text()
    assert "Outstanding Paper Award" in page_file(out, paper).read_text()
    assert page_file(out, second).is_file()
