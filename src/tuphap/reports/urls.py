from django.urls import path

from tuphap.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tai/<str:quarter>.<str:fmt>", views.download, name="download"),
    path("cong-khai/", views.transparency, name="transparency"),
]
