from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "site_search"  # "search" would read as Wagtail's search app in the admin
    verbose_name = "Site search"
