"""Wagtail hooks of the funding app: its kind in the site search, a member's grants on
their CV, and the funding that discovery and imports find, offered as links to grants."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from discovery.enrichments import HOOK as ENRICHMENT_HOOK
from lab_site.search_kinds import HOOK, SearchKind
from people.cv import HOOK as CV_HOOK
from people.cv import CVEntry, CVSection, year_span

from .linking import FundingEnrichment
from .models import GrantPage


@hooks.register(HOOK, order=110)
def search_kind():
    """Its pages in the site search (``lab_site.search_kinds``)."""
    return SearchKind("grants", "Grants", "funding/includes/search_result.html", GrantPage)


@hooks.register(ENRICHMENT_HOOK)
def funding_enrichment():
    """Discovery offers a paper's funding as links to the site's grants."""
    return FundingEnrichment()


@hooks.register(CV_HOOK, order=45)
def cv_section():
    """The member's grants on their CV (``people.cv``)."""
    return CVSection("grants", _("Grants"), grant_entries, grant_resume)


def grant_entries(member, request):
    entries = []
    for grant in GrantPage.objects.of_member(member):
        role = next(
            (link.get_role_display() for link in grant.people.all() if link.member_id == member.pk),
            "",
        )
        entries.append(
            CVEntry(
                title=grant.title,
                url=grant.get_full_url(request),
                when=year_span(
                    grant.start_date.year if grant.start_date else None,
                    grant.end_date.year if grant.end_date else None,
                ),
                where=grant.label(),
                detail=str(role),
            )
        )
    return entries


def grant_resume(member, request):
    # JSON Resume has no section for grants: they are listed as awards.
    items = []
    for grant in GrantPage.objects.of_member(member):
        item = {"title": grant.title, "awarder": grant.funder_name}
        if grant.start_date:
            item["date"] = grant.start_date.isoformat()
        if grant.summary:
            item["summary"] = grant.description_text()
        items.append(item)
    return {"awards": items} if items else {}
