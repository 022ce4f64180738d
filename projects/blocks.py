"""The home page's "Projects" section."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from lab_site.blocks import ListingBlock
from lab_site.query import prefetch_renditions
from lab_site.sections import section_page


class ProjectsBlock(ListingBlock):
    """Active and maintained projects, in the projects page's order; hidden while none."""

    cached_for_the_day = True  # what it lists changes with the content and the day only

    count = blocks.IntegerBlock(
        min_value=1,
        max_value=12,
        default=3,
        label=_("How many"),
        help_text=_("In the order of the projects page in the admin."),
    )

    class Meta:
        icon = "code"
        label = _("Projects")
        template = "projects/blocks/projects.html"
        description = _("The group's active software, datasets and projects; hidden while none.")
        preview_value = {"heading": "Software and data", "intro": "", "count": 3}

    def get_preview_context(self, value, parent_context=None):
        # The block chooser's preview says why the section may show nothing.
        return {**super().get_preview_context(value, parent_context), "block_preview": True}

    def listing(self, value, request):
        from .models import ProjectIndexPage, ProjectPage, ProjectStatus

        projects = (
            ProjectPage.objects.live()
            .public()
            .filter(status__in=[ProjectStatus.ACTIVE, ProjectStatus.MAINTAINED])
            .select_related("image")
            .prefetch_related(prefetch_renditions("image"))
            .order_by("path")
        )
        return {
            "projects": list(projects[: value.get("count") or 3]),
            "index": section_page(request, ProjectIndexPage),
        }
