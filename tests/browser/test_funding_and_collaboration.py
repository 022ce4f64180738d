"""Funding and collaboration in Chromium, through the admin as an editor uses it: Edith adds
the Funding section from the guide and a grant with its funder's id, a member and a paper;
the paper's page says "Supported by" it, and she downloads the grant's report for a period
from the grant's page. The funding, grant, paper and collaboration pages pass axe at phone
and desktop widths in both themes, and the picture needs no script."""

import csv
import io

import pytest

from funding.models import FundingIndexPage, GrantPage
from people.models import MemberPage
from publications.models import PublicationPage

from . import test_journeys
from .conftest import DESKTOP, PHONE, check_pages
from .test_journeys import choose_page

person = test_journeys.person
site = test_journeys.site

KAN = "KAN: Kolmogorov-Arnold Networks"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_editor_adds_a_grant_and_the_paper_acknowledges_it(site, person, visit, viewport):
    edith = person(f"grant{'-phone' if viewport is PHONE else ''}", viewport)
    edith.sign_in("edith")
    guide = edith.page.locator("#how-this-site-works-section")
    guide.get_by_role("link", name="Add a Funding section").click()
    edith.page.fill("#id_title", "Funding")
    edith.action("action-publish")
    edith.see("'Funding' created and published")

    edith.page.goto(edith.base_url + "/admin/")
    guide.get_by_role("link", name="Funding", exact=True).click()
    edith.page.get_by_role("link", name="Add child page").first.click()
    edith.page.wait_for_url("**/add/funding/grantpage/**")
    edith.page.fill("#id_title", "Interpretable machine learning")
    edith.page.fill("#id_funder_name", "National Science Foundation")
    # Typed as an editor copies it from the registry's page: a typo first.
    edith.page.fill("#id_funder_id", "NSF")
    edith.page.fill("#id_award_number", "DMR-2243523")
    edith.page.get_by_role("button", name="Add Member").click()
    choose_page(edith, "member", "Ziming", "Ziming Liu")
    edith.page.get_by_role("button", name="Add Paper").click()
    choose_page(edith, "paper", "Kolmogorov", KAN)
    # The date last: its calendar opens over the form until the field is left.
    edith.page.fill("#id_start_date", "2023-09-01")
    edith.page.keyboard.press("Tab")
    edith.action("action-publish")
    edith.see("is not a funder id")
    edith.shot("grant-funder-id-refused")
    edith.page.fill("#id_funder_id", "https://doi.org/10.13039/100000001")
    edith.action("action-publish")
    edith.see("published")
    edith.shot("grant-published")

    grant = GrantPage.objects.get()
    assert grant.live and grant.funder_url == "https://doi.org/10.13039/100000001"
    paper = PublicationPage.objects.get(title=KAN)
    edith.visitor.goto(paper.url)
    acknowledged = edith.page.locator(".paper__funding").inner_text()
    assert acknowledged == "Supported by National Science Foundation (DMR-2243523)."

    # The report for a period, typed and downloaded at once.
    edith.visitor.goto(grant.url)
    edith.page.fill("#report-from", "2024")
    edith.page.fill("#report-to", "2025")
    with edith.page.expect_download() as download:
        edith.page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert rows[0][:2] == ["Output", "Title"]
    assert [row[1] for row in rows[1:]] == [KAN]  # published 2024
    assert download.value.suggested_filename.endswith("-2024-01-01-2025-12-31.csv")

    if viewport is DESKTOP:
        ziming = MemberPage.objects.get(title="Ziming Liu")
        check_pages(
            visit,
            (
                ("funding", FundingIndexPage.objects.get().url),
                ("grant", grant.url),
                ("paper-with-funding", paper.url),
                ("profile-with-grant", ziming.url),
            ),
        )


def test_the_collaboration_pictures_pass_axe_and_need_no_script(site, visit):
    tegmark = MemberPage.objects.get(title="Max Tegmark")
    check_pages(
        visit,
        (
            ("collaborations", "/collaborations/"),
            ("collaborations-member", f"/collaborations/{tegmark.slug}/"),
        ),
    )
    visitor = visit(java_script_enabled=False)
    visitor.goto("/collaborations/")
    picture = visitor.page.locator("svg.network")
    assert picture.is_visible() and picture.locator("circle").count() >= 8
    assert picture.get_attribute("role") == "img"  # one image, named by its title
    # Each member's own picture is a link of the table, reached by keyboard.
    visitor.page.get_by_role("link", name="Max Tegmark", exact=True).first.focus()
    visitor.page.keyboard.press("Enter")
    visitor.page.wait_for_url(f"**/collaborations/{tegmark.slug}/")
    visitor.close()
