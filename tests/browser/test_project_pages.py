"""Projects in a real browser, on the demo content with projects added: the projects page,
a project with its paper, and the paper's page linking back."""

from datetime import date

import wagtail_factories

from home.models import HomePage
from people.models import MemberPage
from projects.models import ProjectKind
from publications.models import PublicationIndexPage

from ..factories import add_project, add_projects_index, add_publication
from .conftest import check_pages


def test_project_pages_are_accessible_and_fit(visit, live_demo_site):
    home = HomePage.objects.get()
    index = add_projects_index(home, show_in_menus=True, intro="<p>What we build and share.</p>")
    ziming = MemberPage.objects.get(slug="ziming-liu")
    papers = home.add_child(instance=PublicationIndexPage(title="Papers", slug="papers"))
    paper = add_publication(
        papers,
        "KAN 2.0: Kolmogorov-Arnold Networks Meet Science",
        date(2024, 8, 19),
        authors=("Ziming Liu", "Pingchuan Ma"),
        members={"Ziming Liu": ziming},
    )
    project = add_project(
        index,
        "pykan",
        members=[ziming],
        papers=[paper],
        summary="Kolmogorov-Arnold networks in PyTorch.",
        documentation_url="https://example.org/docs",
        image=wagtail_factories.ImageFactory(file__width=1200, file__height=700),
        image_alt_text="A small network whose edges are learned curves",
        body=[
            (
                "formula",
                {
                    "latex": "f(x)=\\sum_{q} \\Phi_q\\left(\\sum_p \\phi_{q,p}(x_p)\\right)",
                    "caption": "The representation",
                },
            )
        ],
    )
    add_project(index, "A dataset of toy tasks", kind=ProjectKind.DATASET, members=[ziming])

    check_pages(
        visit,
        (
            ("projects", index.url),
            ("project", project.url),
            ("paper-with-project", paper.url),
        ),
    )
