"""The home page's members section."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from lab_site.blocks import ListingBlock
from lab_site.sections import section_page

from .models import MemberPage, PeopleIndexPage, Role


class MembersBlock(ListingBlock):
    """The group's current members with their photos, PI first, each linking to their profile."""

    cached_for_the_day = True  # what it lists changes with the content and the day only

    count = blocks.IntegerBlock(
        min_value=0,
        max_value=200,
        default=0,
        label=_("How many"),
        help_text=_("Show at most this many members; 0 shows every current member."),
    )
    show_links = blocks.BooleanBlock(
        required=False,
        default=True,
        label=_("Show links"),
        help_text=_("Show each member's website and social links under their name."),
    )

    class Meta:
        icon = "group"
        label = _("Members")
        template = "people/blocks/members.html"
        description = _("The current members with photos, linking to their profiles.")
        preview_value = {"heading": "Members", "intro": "", "count": 0, "show_links": True}

    def listing(self, value, request):
        everyone = list(MemberPage.objects.live().public().with_photos().order_by("path"))
        members = sorted(
            (member for member in everyone if not member.is_alumnus()),
            key=lambda member: Role.values.index(member.role) if member.role in Role.values else 99,
        )
        if value.get("count"):
            members = members[: value["count"]]
        index = section_page(request, PeopleIndexPage)
        return {
            "members": members,
            "index": index,
            # The link says "alumni included" only when the people page lists some.
            "lists_alumni": index is not None
            and any(member.is_alumnus() for member in everyone)
            and PeopleIndexPage.objects.filter(pk=index.pk, show_alumni=True).exists(),
        }
