"""Demo content for collaborations: the page that draws who the group writes papers with.
It holds no facts of its own: the picture is made from the demo's papers."""

from collaboration.models import CollaborationPage

from .loader import default_site, publish

TITLE, SLUG = "Collaborations", "collaborations"


class CollaborationLoader:
    label = "collaborations page"

    def page(self):
        return CollaborationPage.objects.child_of(default_site().root_page).first()

    def current(self):
        page = self.page()
        return None if page is None else {"title": page.title, "slug": page.slug}

    def desired(self):
        return {"title": TITLE, "slug": SLUG}

    def load(self):
        page = self.page()
        if page is None:
            page = default_site().root_page.add_child(
                instance=CollaborationPage(title=TITLE, slug=SLUG, show_in_menus=True)
            )
        else:
            page.title, page.slug = TITLE, SLUG
        publish(page)
