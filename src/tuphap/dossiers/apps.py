from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "tuphap.dossiers"
    label = "dossiers"
    verbose_name = _("One-stop dossiers")

    def ready(self) -> None:
        from tuphap.dossiers.services import retime_open_dossiers
        from tuphap.workdays.subscribers import subscribe

        subscribe("dossiers", retime_open_dossiers)
