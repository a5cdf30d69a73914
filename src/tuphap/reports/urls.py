from tuphap.core.routes import routes
from tuphap.reports import index_views, views

app_name = "reports"

urlpatterns = routes(
    views,
    """
    /                                   dashboard
    /tai/<str:quarter>.<str:fmt>        download
    /cong-khai/                         transparency
    """,
) + routes(
    index_views,
    """
    /chi-so-phuc-vu/                    service_index_page      service_index
    /chi-so-phuc-vu/ho-so/              service_index_dossiers
    """,
)
