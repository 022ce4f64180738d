from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "discovery"
    verbose_name = "Publication discovery"

    def ready(self):
        from . import imports  # noqa: F401 - connects what an import brings
