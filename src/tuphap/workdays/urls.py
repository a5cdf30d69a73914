from tuphap.core.routes import routes
from tuphap.workdays import views

app_name = "workdays"

urlpatterns = routes(
    views,
    """
    /                       calendar_year           calendar
    /<int:year>/            calendar_year
    /ngay/<int:pk>/xoa/     calendar_day_delete
    /tinh-han/              due_calculator          due
    """,
)
