from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "tuphap.dossiers"
    label = "dossiers"
    verbose_name = _("One-stop dossiers")
