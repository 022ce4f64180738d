from django.apps import AppConfig


class GalleriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "galleries"
    verbose_name = "Photo galleries"
