from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "collaboration"
    verbose_name = "Collaborations"
