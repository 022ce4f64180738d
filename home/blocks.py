"""The home page's sections and the standard page's content: the generic blocks of
``lab_site.blocks`` with the listing sections each feature app provides.

Adding a content type's home page section is one line in ``HomePageBlocks``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from awards.blocks import RecentAwardsBlock
from events.blocks import UpcomingEventsBlock
from galleries.blocks import RecentPhotosBlock
from lab_site.blocks import (
    CallToActionBlock,
    ContactBlock,
    MotivationsBlock,
    QuoteBlock,
    TextBlock,
)
from news.blocks import LatestNewsBlock
from openings.blocks import OpeningsBlock
from people.blocks import MembersBlock
from projects.blocks import ProjectsBlock
from publications.blocks import LatestPublicationsBlock, SelectedPublicationsBlock
from research.blocks import FeaturedHighlightsBlock


class HomePageBlocks(blocks.StreamBlock):
    text = TextBlock()
    motivations = MotivationsBlock()
    members = MembersBlock()
    highlights = FeaturedHighlightsBlock()
    publications = LatestPublicationsBlock()
    selected_publications = SelectedPublicationsBlock()
    news = LatestNewsBlock()
    events = UpcomingEventsBlock()
    openings = OpeningsBlock()
    projects = ProjectsBlock()
    awards = RecentAwardsBlock()
    photos = RecentPhotosBlock()
    call_to_action = CallToActionBlock()
    contact = ContactBlock()


class ContentPageBlocks(blocks.StreamBlock):
    text = TextBlock()
    image = ImageBlock(
        template="blocks/figure.html",
        description=_("An image, with a description for people who cannot see it."),
    )
    quote = QuoteBlock()
    numbered_list = MotivationsBlock()
    call_to_action = CallToActionBlock()
    contact = ContactBlock()
