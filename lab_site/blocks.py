"""StreamField blocks shared by the site's pages.

Each block carries an icon, a description and a preview value so that editors
see what a block is for, and what it looks like, before they add it.
"""

import json

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.forms.utils import ErrorList
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .fragments import fragment_key

# Rich text kept deliberately small: structure and emphasis, no colours or embeds.
TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote"]
INLINE_FEATURES = ["bold", "italic", "link"]


class LinkBlock(blocks.StructBlock):
    """A labelled link to a page of this site, another website or an e-mail address.

    Exactly one target is allowed, so a button never points somewhere unexpected.
    """

    label = blocks.CharBlock(
        max_length=60, help_text=_("The text on the button, e.g. “Get in touch”.")
    )
    page = blocks.PageChooserBlock(required=False, help_text=_("A page of this site…"))
    url = blocks.URLBlock(required=False, label=_("Web address"), help_text=_("…or a web address…"))
    email = blocks.EmailBlock(
        required=False, label=_("E-mail address"), help_text=_("…or an e-mail address.")
    )

    class Meta:
        icon = "link"
        label = _("Link")
        template = "blocks/link.html"

    def clean(self, value):
        value = super().clean(value)
        targets = [name for name in ("page", "url", "email") if value.get(name)]
        if len(targets) != 1:
            message = (
                _("Choose where the link goes: a page, a web address or an e-mail address.")
                if not targets
                else _("Give only one of page, web address or e-mail address.")
            )
            raise StructBlockValidationError(
                block_errors={
                    name: ErrorList([ValidationError(message)]) for name in targets or ["page"]
                }
            )
        return value


class TextBlock(blocks.RichTextBlock):
    """Paragraphs of text with headings, lists, links and emphasis."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "blocks/text.html"
        description = _("Paragraphs of text, with headings, lists and links.")
        preview_value = (
            "<h2>Our research</h2><p>We study how trained neural networks work, "
            "so that we can <b>trust</b> what they do.</p>"
        )


class MotivationItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        max_length=120, help_text=_("A short phrase, e.g. “Diagnose trustworthiness”.")
    )
    text = blocks.TextBlock(
        required=False, help_text=_("Optional: one or two sentences explaining it.")
    )

    class Meta:
        icon = "list-ol"
        label = _("Item")


class MotivationsBlock(blocks.StructBlock):
    """An ordered list with an introduction and a closing paragraph, such as the group's motivations."""

    heading = blocks.CharBlock(
        required=False, max_length=120, help_text=_("Optional heading above the list.")
    )
    intro = blocks.RichTextBlock(
        required=False,
        features=INLINE_FEATURES,
        help_text=_("The sentence that introduces the list."),
    )
    items = blocks.ListBlock(MotivationItemBlock(), min_num=1, label=_("Items, in order"))
    closing = blocks.RichTextBlock(
        required=False, features=INLINE_FEATURES, help_text=_("Optional text shown after the list.")
    )

    class Meta:
        icon = "list-ol"
        label = _("Numbered list")
        template = "blocks/motivations.html"
        description = _("A numbered list with an introduction, e.g. the group's three motivations.")
        preview_value = {
            "intro": "<p>In order of increasing ambition level, here are our three motivations:</p>",
            "items": [
                {"title": "Diagnose trustworthiness", "text": ""},
                {"title": "Improve trustworthiness", "text": ""},
                {"title": "Guarantee trustworthiness", "text": ""},
            ],
        }


class CallToActionBlock(blocks.StructBlock):
    """A highlighted invitation, such as the call to join or collaborate with the group."""

    heading = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=INLINE_FEATURES)
    links = blocks.ListBlock(
        LinkBlock(),
        required=False,
        label=_("Buttons"),
        help_text=_(
            "Optional. The contact e-mail of Settings → Site settings, when there is one, is "
            "offered beside them as “Get in touch”; with neither, visitors have no way to act."
        ),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # The site's contact e-mail joins the buttons unless one of them is an e-mail.
        context["offers_email"] = not any(link.get("email") for link in value.get("links", []))
        return context

    class Meta:
        icon = "mail"
        label = _("Call to action")
        template = "blocks/call_to_action.html"
        description = _("A highlighted box inviting visitors to join or get in touch.")
        preview_value = {
            "heading": "Collaborate with us",
            "text": "<p>Are you excited about AI but concerned about humanity losing control of it?</p>",
            "links": [],
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"
        description = _("A quotation, with who said it.")
        preview_value = {"quote": "Understanding comes before trust.", "attribution": ""}


class ListingBlock(blocks.StructBlock):
    """A home page section that lists content kept elsewhere (highlights, members, papers).

    Editors choose its heading, introduction and length; the content itself comes
    from the pages, so the section is always up to date.
    """

    heading = blocks.CharBlock(max_length=120)
    intro = blocks.RichTextBlock(
        required=False,
        features=INLINE_FEATURES,
        label=_("Introduction"),
        help_text=_("Optional text under the heading."),
    )

    # A section whose items depend on the content and the day only (not the hour) sets
    # this: its HTML is then cached by the content generation that every change moves on
    # (``page_cache``), the day, the site and what the editor chose, for
    # FRAGMENT_CACHE_SECONDS. A home page listing 300 members renders them once a change.
    cached_for_the_day = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new section starts with the heading its preview shows ("Latest news"): the
        # heading is required, and a section added without one saved as a draft, then
        # failed on Publish with a "This field is required" the editor had not seen.
        heading = (getattr(self.meta, "preview_value", None) or {}).get("heading")
        if heading:
            self.meta.default = {"heading": heading, **(self.meta.default or {})}

    def render(self, value, context=None):
        key = self._cache_key(value, context) if self.cached_for_the_day else None
        if key is None:
            return super().render(value, context)
        html = cache.get(key)
        if html is None:
            html = str(super().render(value, context))
            cache.set(key, html, settings.FRAGMENT_CACHE_SECONDS)
        return mark_safe(html)  # noqa: S308 - the block's own rendered template

    def _cache_key(self, value, context):
        chosen = json.dumps(self.get_prep_value(value), sort_keys=True, cls=DjangoJSONEncoder)
        return fragment_key(
            (context or {}).get("request"),
            "listing-block",
            timezone.localdate().isoformat(),
            type(self).__module__ + "." + type(self).__qualname__,
            chosen,
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        context.update(self.listing(value, request))
        return context

    def listing(self, value, request):
        """The items to show, and the page that lists them all, as template context."""
        raise NotImplementedError


class ContactBlock(blocks.StructBlock):
    """How to reach the group, from the site settings (e-mail, address, map, office hours)."""

    heading = blocks.CharBlock(max_length=120, default="Contact")
    intro = blocks.RichTextBlock(
        required=False, features=INLINE_FEATURES, help_text=_("Optional text above the details.")
    )

    class Meta:
        icon = "mail"
        label = _("Contact")
        template = "blocks/contact.html"
        description = _(
            "The group's e-mail, address, map link and office hours, as set in Settings → "
            "Site settings; hidden while none is set."
        )
        preview_value = {"heading": "Contact", "intro": ""}

    def get_preview_context(self, value, parent_context=None):
        return {**super().get_preview_context(value, parent_context), "block_preview": True}
