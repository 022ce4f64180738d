from django.apps import AppConfig


class OpeningsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "openings"
    verbose_name = "Openings"
