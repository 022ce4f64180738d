from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self):
        from lab_site.backup import register_upgrade

        from . import notifications, upgrades

        notifications.connect()
        # Backups made before "now at" became position and organisation.
        register_upgrade("people.memberpage", upgrades.split_now_at)
