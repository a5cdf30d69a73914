from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tuphap.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # the API's routers, once every app is loaded: whatever imports an app's api.py first
        from tuphap.api import mount_routers

        mount_routers()
