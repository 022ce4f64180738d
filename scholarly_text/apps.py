from django.apps import AppConfig


class ScholarlyTextConfig(AppConfig):
    name = "scholarly_text"
    verbose_name = "Scholarly text"
