from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "tuphap.portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from tuphap.portal import signals

        signals.connect()  # every change of the content retires the cached public pages
