"""How lower apps show news without importing this app: a member's profile loads
``{% member_news page %}``."""

from django import template

from ..models import NewsPage

register = template.Library()


@register.inclusion_tag("news/includes/member_news.html", takes_context=True)
def member_news(context, member, count=5):
    """The newest news items that name ``member``, and how many there are in all."""
    items = NewsPage.objects.live().public().filter(people__member=member).distinct()
    return {
        "news_items": list(items.for_cards().newest_first()[:count]),
        "request": context.get("request"),
    }
