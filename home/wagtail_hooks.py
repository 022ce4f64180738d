"""What the admin tells editors and members about the site as a whole: the dashboard's
"How this site works" (a few lines for editors, a few for members, each linking to where the
task is done, so that nobody types an admin address), and whether a featured highlight
shows on the home page. It lives here because only the home app knows every section."""

from typing import NamedTuple

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Site

from awards.models import AwardIndexPage
from collaboration.models import CollaborationPage
from events.models import EventIndexPage
from funding.models import FundingIndexPage
from galleries.models import GalleryIndexPage
from lab_site.models import SiteSettings
from news.models import NewsIndexPage
from openings.models import OpeningIndexPage
from people.contributions import own_profile, writable_index
from people.models import PeopleIndexPage, ProfileSettings
from people.permissions import is_member_only
from projects.models import ProjectIndexPage
from publications.models import PublicationIndexPage, PublicationPage
from research.blocks import FeaturedHighlightsBlock
from research.models import ResearchHighlightPage, ResearchIndexPage
from teaching.models import TeachingIndexPage

from .models import HomePage


class Step(NamedTuple):
    """One line of the guide: what to do, and the links (text, address) to do it."""

    text: str
    links: tuple = ()


def _editable(model, user):
    """The first page of ``model`` that ``user`` may edit, or None."""
    page = model.objects.first()
    return page if page is not None and page.permissions_for_user(user).can_edit() else None


def _explore(model, user):
    page = model.objects.first()
    if page is None or not page.permissions_for_user(user).can_add_subpage():
        return None
    return reverse("wagtailadmin_explore", args=[page.pk])


def posting_links(user, event_label):
    """Links to write news, add an event and propose a course, where ``user`` may."""
    links = []
    if writable_index(NewsIndexPage, user):
        links.append((_("Write news"), reverse("news_write")))
    if writable_index(EventIndexPage, user):
        links.append((event_label, reverse("events_add")))
    if writable_index(TeachingIndexPage, user):
        links.append((_("Add a course"), reverse("teaching_add")))
    return tuple(links)


# The sections a site may have, in the order the guide offers to add them, each with the
# words of its link. Its description is the page type's own (also shown by "Create a page").
SECTIONS = (
    (PeopleIndexPage, _("Add a People section")),
    (PublicationIndexPage, _("Add a Publications section")),
    (ResearchIndexPage, _("Add a Research section")),
    (NewsIndexPage, _("Add a News section")),
    (EventIndexPage, _("Add an Events section")),
    (OpeningIndexPage, _("Add a Join us section")),
    (ProjectIndexPage, _("Add a Projects section")),
    (AwardIndexPage, _("Add an Awards section")),
    (TeachingIndexPage, _("Add a Teaching section")),
    (GalleryIndexPage, _("Add a Photos section")),
    (FundingIndexPage, _("Add a Funding section")),
    (CollaborationPage, _("Add a Collaborations page")),
)


def missing_section_steps(user):
    """A line for each section the site does not have yet and ``user`` may add under the
    home page: what it is, and the link that opens its form."""
    home = HomePage.objects.first()
    if home is None or not home.permissions_for_user(user).can_add_subpage():
        return []
    steps = []
    for model, label in SECTIONS:
        if model.objects.exists() or not model.can_create_at(home):
            continue
        meta = model._meta
        add = reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, home.pk])
        steps.append(Step(model.get_page_description(), ((label, add),)))
    return steps


def unnamed_group_steps(user):
    """While the group has no name (a new site), a line to give it one."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or not user.has_perm("lab_site.change_sitesettings"):
        return []
    if SiteSettings.for_site(site).group_name:
        return []
    url = reverse("wagtailsettings:edit", args=["lab_site", "sitesettings", site.pk])
    return [
        Step(
            _("Give the group its name, logo and contact e-mail: every page shows them."),
            ((_("Site settings"), url),),
        )
    ]


def editor_steps(user):
    """The guide for an editor, leaving out what they may not do."""
    steps = []
    if home := _editable(HomePage, user):
        steps.append(
            Step(
                _("Change the mission and choose the home page's sections and their order."),
                ((_("Edit the home page"), reverse("wagtailadmin_pages:edit", args=[home.pk])),),
            )
        )
    steps.extend(unnamed_group_steps(user))
    steps.extend(missing_section_steps(user))
    if papers := writable_index(PublicationIndexPage, user):
        meta = PublicationPage._meta
        add = reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, papers.pk])
        steps.append(
            Step(
                _("Add a paper by hand, or many at once from BibTeX, arXiv ids or DOIs."),
                ((_("Add a paper"), add), (_("Import papers"), reverse("publications_import"))),
            )
        )
    if url := _explore(ResearchIndexPage, user):
        steps.append(
            Step(
                _("Tell a result in plain language, and feature it on the home page."),
                ((_("Research highlights"), url),),
            )
        )
    if url := _explore(PeopleIndexPage, user):
        steps.append(
            Step(
                _(
                    "Add a member, or invite one to edit their own profile: open their page; "
                    "its Membership panel has the invitation link. When someone leaves, set "
                    "“Left the group”: they join the alumni, with where they are now."
                ),
                ((_("People"), url),),
            )
        )
    if posts := posting_links(user, _("Add an event")):
        steps.append(Step(_("Post news, a talk or an event, or add a course."), posts))
    if url := _explore(OpeningIndexPage, user):
        steps.append(Step(_("Advertise a position, or close one."), ((_("Openings"), url),)))
    if url := _explore(ProjectIndexPage, user):
        steps.append(
            Step(
                _("Describe a project: its software, data, papers and members."),
                ((_("Projects"), url),),
            )
        )
    if url := _explore(TeachingIndexPage, user):
        steps.append(
            Step(
                _(
                    "Add a course with the terms it was taught, its teachers, materials and "
                    "syllabus; members may propose the courses they teach."
                ),
                ((_("Teaching"), url),),
            )
        )
    if url := _explore(AwardIndexPage, user):
        steps.append(
            Step(
                _(
                    "Record an award or honour: it shows on the members' profiles, on the "
                    "paper it was for, and on the home page's Awards section."
                ),
                ((_("Awards"), url),),
            )
        )
    if url := _explore(GalleryIndexPage, user):
        steps.append(
            Step(
                _(
                    "Share photos: upload them to a collection (Images → Add an image takes "
                    "many at once), make a gallery from it, and describe each photo."
                ),
                ((_("Photos"), url),),
            )
        )
    if url := _explore(FundingIndexPage, user):
        steps.append(
            Step(
                _(
                    "Add a grant with its funder's id and award number: papers whose funding "
                    "data names it are offered for linking in Suggested publications, and the "
                    "grant's page gives a report of its outputs (CSV and BibTeX)."
                ),
                ((_("Funding"), url),),
            )
        )
    steps.append(
        Step(
            _("Members' changes wait for a moderator's approval before they go live."),
            ((_("What is waiting for approval"), reverse("wagtailadmin_reports:workflow")),),
        )
    )
    if own_profile(user):
        steps.append(
            Step(_("Your own profile."), ((_("My profile"), reverse("people_my_profile")),))
        )
    return steps


def member_steps(user):
    """The guide for a member who edits their own profile."""
    profile = own_profile(user)
    workflow = profile.get_workflow() if profile else None
    if workflow is not None and ProfileSettings.load().approval_required:
        finish = _(
            "When it is ready, open the arrow beside “Save draft” and choose “Submit to "
            "%(workflow)s”. A moderator is e-mailed, and you are e-mailed once it is live or "
            "if they ask for changes."
        ) % {"workflow": workflow.name}
    else:
        finish = _("When it is ready, open the arrow beside “Save draft” and choose “Publish”.")
    steps = [
        Step(
            _(
                "Edit your profile: photo, bio, research interests and links. “Save draft” "
                "keeps your work without showing it; “Preview” shows it as visitors will."
            ),
            ((_("Edit my profile"), reverse("people_my_profile")),),
        ),
        Step(finish),
    ]
    if profile is not None and profile.live:
        steps.append(
            Step(
                _(
                    "Your CV is made from your profile and the site: your papers, awards, "
                    "talks and teaching. Its sections, their order and sections of your own "
                    "are under “CV” in your profile; it downloads as a PDF and as JSON Resume."
                ),
                ((_("My CV"), profile.url + "cv/"),),
            )
        )
    if posts := posting_links(user, _("Add a talk or event")):
        steps.append(
            Step(
                _(
                    "Tell visitors about your work, a talk you give or a course you teach; an "
                    "editor approves it before it is on the site."
                ),
                posts,
            )
        )
    return steps


class HowThisSiteWorksPanel(Component):
    name = "how_this_site_works"
    order = 20
    template_name = "home/admin/how_this_site_works_panel.html"

    def __init__(self, heading, steps):
        self.heading, self.steps = heading, steps

    def get_context_data(self, parent_context=None):
        return {"heading": self.heading, "steps": self.steps}


@hooks.register("construct_homepage_panels")
def add_how_this_site_works_panel(request, panels):
    user = request.user
    if is_member_only(user):
        if own_profile(user) is not None:
            panels.append(HowThisSiteWorksPanel(_("How this site works"), member_steps(user)))
        return
    steps = editor_steps(user)
    if len(steps) > 2:
        panels.append(HowThisSiteWorksPanel(_("How this site works"), steps))


def featured_places(home):
    """How many featured highlights each Research highlights section of the live home page
    shows (0: all of them); empty when the home page has no such section."""
    return [
        block.value.get("count") or 0
        for block in home.body
        if isinstance(block.block, FeaturedHighlightsBlock)
    ]


def featured_on_home_message(highlight):
    """What the editor who just saved ``highlight`` (featured) should know of the home
    page: whether it shows there, and which featured highlights do not fit."""
    home = HomePage.objects.live().first()
    places = featured_places(home) if home else []
    if not places:
        return _(
            "“Feature on the home page” is ticked, but the home page has no Research "
            "highlights section, so it does not show there. Add one in the home page's Sections."
        )
    shown = max(places) if all(places) else 0
    featured = list(
        # As the home page's section lists them (FeaturedHighlightsBlock.listing).
        ResearchHighlightPage.objects.live().public().filter(feature_on_home=True).order_by("path")
    )
    position = next((n for n, page in enumerate(featured, 1) if page.pk == highlight.pk), None)
    if position is None:  # saved as a draft: it shows once published
        return None
    hidden = featured[shown:] if shown else []
    if not hidden:
        return _("The home page shows this highlight among its %(count)d featured ones.") % {
            "count": len(featured)
        }
    others = ", ".join(f"“{page.plain_title}”" for page in hidden if page.pk != highlight.pk)
    if position > shown:
        message = _(
            "This highlight does not show on the home page: it shows the first %(shown)d "
            "featured highlights in the Research page's order, and this one is number "
            "%(position)d."
        ) % {"shown": shown, "position": position}
    else:
        message = _(
            "The home page shows this highlight (number %(position)d of the %(shown)d it has "
            "room for)."
        ) % {"shown": shown, "position": position}
    if others:
        message += " " + _("Featured but not shown there: %(others)s.") % {"others": others}
    return (
        message
        + " "
        + _(
            "To change which ones show, drag them in the Research page's list, or change “How "
            "many” in the home page's Research highlights section."
        )
    )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def tell_where_a_featured_highlight_shows(request, page):
    page = page.specific
    featured = isinstance(page, ResearchHighlightPage) and page.feature_on_home
    if featured and (message := featured_on_home_message(page)):
        messages.info(request, message)
