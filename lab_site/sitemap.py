"""sitemap.xml without loading every page: one query of addresses and dates.

Wagtail's own sitemap loads each page as its specific type and asks it for its URL,
which takes over a second at 10,000 papers. No page type here adds URLs of its own
(``get_sitemap_urls``), so the addresses are built from ``url_path`` directly.
"""

from wagtail.contrib.sitemaps import Sitemap


class PageSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        return (
            site.root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .values_list("url_path", "last_published_at", "latest_revision_created_at")
        )

    def _urls(self, page, protocol, domain):
        site = self.get_wagtail_site()
        root_url = site.root_url
        root_path = site.root_page.url_path
        urls, latest = [], None
        for url_path, published, revised in self.paginator.page(page).object_list:
            lastmod = published or revised
            urls.append(
                {
                    "item": None,
                    "location": f"{root_url}/{url_path[len(root_path) :]}",
                    "lastmod": lastmod,
                }
            )
            if lastmod and (latest is None or lastmod > latest):
                latest = lastmod
        self.latest_lastmod = latest
        return urls
