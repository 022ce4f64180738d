"""Photo galleries: the group's retreats, talks and celebrations. A gallery is a page of
photos, each with a description for people who cannot see it (required to publish), a
caption, the day it was taken and the members in it. The photos usually come from a
Wagtail collection the editor uploaded them to ("Add the collection's photos"). Each photo
has an address of its own, so the viewer works with links alone, without JavaScript; a
member's profile shows the photos they are in once the gallery is published (an editor's,
or a moderator's, approval)."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from lab_site.blocks import TEXT_FEATURES
from lab_site.models import BasePage
from lab_site.query import SitePageManager, prefetch_renditions
from lab_site.structured_data import organization, person


class GalleryIndexPage(BasePage):
    """The galleries page: every gallery, newest first, each with its first photo."""

    page_description = _(
        "The Photos section: galleries of the group's retreats, talks and celebrations, "
        "newest first."
    )

    show_in_menus_default = True  # a new section joins the menu (once it lists something)

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Optional text shown above the galleries."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["galleries.GalleryPage"]
    max_count = 1
    template = "galleries/gallery_index_page.html"

    class Meta:
        verbose_name = _("photos page")

    def galleries(self):
        return GalleryPage.objects.child_of(self).live().public().order_by("-date", "-pk")

    @classmethod
    def navigation_entries(cls):
        """The menu links to the photos only once there is a gallery."""
        return GalleryPage.objects.live().public()

    def get_fallback_description(self):
        return "Photos of the group's life: retreats, talks and celebrations."

    def view_cache_vary(self, request):
        return ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        galleries = list(self.galleries())
        covers = {
            photo.page_id: photo
            for photo in GalleryPhoto.objects.filter(page__in=galleries)
            .select_related("image")
            .prefetch_related(prefetch_renditions("image"))
            .order_by("page_id", "-sort_order")
        }
        counts = dict(
            GalleryPhoto.objects.filter(page__in=galleries)
            .values_list("page_id")
            .annotate(models.Count("pk"))
        )
        context["galleries"] = [
            (gallery, covers.get(gallery.pk), counts.get(gallery.pk, 0)) for gallery in galleries
        ]
        return context


class GalleryPage(RoutablePageMixin, BasePage):
    """One gallery: when, a few words, and its photos in the editor's order."""

    page_description = _(
        "A gallery of photos (a retreat, a talk, a celebration): each photo with its "
        "description, caption, date and the members in it."
    )

    objects = SitePageManager()

    date = models.DateField(
        _("date"), default=date.today, help_text=_("When it happened; galleries are newest first.")
    )
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Optional: a few words on the occasion."),
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("collection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional: the collection you uploaded the photos to (Images → Add an image, "
            "choose several files at once). Save, then “Add the collection's photos”."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("collection"),
        HelpPanel(template="galleries/admin/add_collection_panel.html"),
        InlinePanel(
            "photos",
            heading=_("Photos"),
            label=_("Photo"),
            help_text=_(
                "Each photo needs a description for people who cannot see it before the "
                "gallery can be published. Members named in a photo see it on their profile "
                "once the gallery is published."
            ),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.FilterField("date"),
    ]

    parent_page_types = ["galleries.GalleryIndexPage"]
    subpage_types = []
    template = "galleries/gallery_page.html"

    class Meta:
        verbose_name = _("gallery")
        verbose_name_plural = _("galleries")

    def view_cache_vary(self, request):
        return ""

    def shown_photos(self):
        """Its photos with their pictures, in the editor's order."""
        return [photo for photo in self.photos.all() if photo.image_id]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.pk and not getattr(request, "is_preview", False):
            models.prefetch_related_objects(
                [self], "photos__image", prefetch_renditions("photos__image"), "photos__people"
            )
        context["photos"] = self.shown_photos()
        return context

    @path("photo/<int:number>/", name="photo")
    def photo(self, request, number):
        """One photo, large, with its caption and the way to the previous and the next."""
        context = self.get_context(request)
        photos = context["photos"]
        if not 1 <= number <= len(photos):
            raise Http404("No such photo.")
        context.update(
            photo=photos[number - 1],
            number=number,
            previous=number - 1 if number > 1 else None,
            next=number + 1 if number < len(photos) else None,
            canonical=self.get_full_url(request) + self.reverse_subpage("photo", args=[number]),
        )
        return self.render(request, context_overrides=context, template="galleries/photo_page.html")

    def photo_url(self, number):
        return self.url + self.reverse_subpage("photo", args=[number])

    def description_text(self):
        from lab_site.text import html_to_text

        return html_to_text(self.intro) if self.intro else f"Photos: {self.title}"

    def get_fallback_description(self):
        return self.description_text()

    def json_ld(self, request=None):
        """schema.org ImageGallery of ImageObjects."""
        images = []
        for number, photo in enumerate(self.shown_photos(), start=1):
            rendition = photo.image.get_rendition("format-jpeg|width-1280")
            item = {
                "@type": "ImageObject",
                "contentUrl": rendition.full_url,
                "url": self.get_full_url(request) + self.reverse_subpage("photo", args=[number]),
                "description": photo.alt_text,
            }
            if photo.caption:
                item["caption"] = photo.caption
            if photo.taken_on:
                item["dateCreated"] = photo.taken_on.isoformat()
            people = [person(m.title, m, request) for m in photo.people.all() if m.live]
            if people:
                item["about"] = people
            images.append(item)
        data = {
            "@context": "https://schema.org",
            "@type": "ImageGallery",
            "name": self.title,
            "url": self.get_full_url(request),
            "description": self.description_text(),
            "datePublished": self.date.isoformat(),
        }
        if request is not None:
            data["publisher"] = organization(request)
        if images:
            data["image"] = images
        return data


class GalleryPhoto(Orderable, ClusterableModel):
    """One photo of a gallery."""

    page = ParentalKey(GalleryPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    alt_text = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the photo shows, for people who cannot see it, e.g. “Five members laughing "
            "around a whiteboard of equations”. Required to publish."
        ),
    )
    caption = models.CharField(
        _("caption"),
        max_length=300,
        blank=True,
        help_text=_("Optional: shown under the photo, e.g. “The 2025 retreat in Woods Hole”."),
    )
    taken_on = models.DateField(_("taken on"), null=True, blank=True)
    people = ParentalManyToManyField(
        "people.MemberPage",
        verbose_name=_("members in it"),
        blank=True,
        related_name="tagged_photos",
        help_text=_("They see the photo on their profile once the gallery is published."),
    )

    panels = [
        FieldPanel("image"),
        FieldPanel("alt_text"),
        FieldRowPanel([FieldPanel("caption"), FieldPanel("taken_on")]),
        FieldPanel("people", widget=forms.CheckboxSelectMultiple),
    ]

    completeness_deferred = False  # while a draft is saved (lab_site.models.BasePage)

    def clean(self):
        if self.completeness_deferred:
            return
        if not self.image_id:
            raise ValidationError({"image": _("Choose the photo, or remove this row.")})
        if not self.alt_text.strip():
            raise ValidationError(
                {"alt_text": _("Describe the photo for people who cannot see it (one sentence).")}
            )
