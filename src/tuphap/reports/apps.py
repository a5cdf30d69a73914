from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "tuphap.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from tuphap.dossiers.feedback import feedback_changed
        from tuphap.reports.index_rollup import mark_stale

        # dossiers may not import reports: its feedback services send, the index's roll-up listens
        feedback_changed.connect(mark_stale, dispatch_uid="reports.index_stale")
