from django.apps import AppConfig


class LabSiteConfig(AppConfig):
    name = "lab_site"
    verbose_name = "Site"

    def ready(self):
        # Connects the signals that clear the page cache when content changes,
        # whether the change comes from the admin, a command or an import.
        from . import checks, page_cache  # noqa: F401
