"""Wagtail hooks of the awards app: its kind in the site search, its section of a CV."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lab_site.search_kinds import HOOK, SearchKind
from people.cv import HOOK as CV_HOOK
from people.cv import CVEntry, CVSection

from .models import AwardPage


@hooks.register(HOOK, order=80)
def search_kind():
    """Its pages in the site search (``lab_site.search_kinds``)."""
    return SearchKind("awards", "Awards", "awards/includes/search_result.html", AwardPage)


@hooks.register(CV_HOOK, order=40)
def cv_section():
    """The member's awards on their CV (``people.cv``)."""
    return CVSection("awards", _("Awards and honours"), award_entries, award_resume)


def _awards_of(member):
    return AwardPage.objects.of_member(member).select_related("paper")


def award_entries(member, request):
    return [
        CVEntry(
            title=award.title,
            url=award.get_full_url(request),
            when=str(award.year),
            where=award.given_by,
            detail=format_html("For “{}”", award.paper.plain_title) if award.paper_id else "",
        )
        for award in _awards_of(member)
    ]


def award_resume(member, request):
    items = []
    for award in _awards_of(member):
        item = {"title": award.title, "date": str(award.year)}
        if award.given_by:
            item["awarder"] = award.given_by
        if award.description:
            item["summary"] = award.description_text()
        items.append(item)
    return {"awards": items}
