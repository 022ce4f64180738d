from django.apps import AppConfig


class LabSiteConfig(AppConfig):
    name = "lab_site"
    verbose_name = "Site"
