from django.urls import path

from tuphap.reports import index_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tai/<str:quarter>.<str:fmt>", views.download, name="download"),
    path("cong-khai/", views.transparency, name="transparency"),
    path("chi-so-phuc-vu/", index_views.service_index_page, name="service_index"),
    path("chi-so-phuc-vu/ho-so/", index_views.service_index_dossiers, name="service_index_dossiers"),
]
