from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplansConfig(AppConfig):
    name = "tuphap.workplans"
    verbose_name = _("Tasks and plans")

    def ready(self) -> None:
        from tuphap.workdays.subscribers import subscribe
        from tuphap.workplans.services import tasks_retime

        subscribe("workplans.tasks", tasks_retime)
