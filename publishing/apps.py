from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Static publishing"

    def ready(self):
        from . import signals

        signals.connect()
