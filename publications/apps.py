from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = "Publications"

    def ready(self):
        from wagtail.signals import page_published

        from .tasks import warm_on_publish

        # A published paper's citation entries are made then, not in a visitor's request.
        page_published.connect(warm_on_publish, dispatch_uid="publications.warm-exports")
