from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LawdocsConfig(AppConfig):
    name = "tuphap.lawdocs"
    verbose_name = _("Legal documents")

    def ready(self) -> None:
        from tuphap.lawdocs.services.drafting import appraisals_retime
        from tuphap.workdays.subscribers import subscribe

        subscribe("lawdocs.appraisals", appraisals_retime)
