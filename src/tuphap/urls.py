from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.i18n import set_language

from tuphap.api import api
from tuphap.core import views as core_views
from tuphap.core import views_meta
from tuphap.core.apps_registry import app_urlpatterns

admin.site.site_header = "Tư pháp số — Quản trị"
admin.site.site_title = "Tư pháp số"

urlpatterns = [
    path("van-phong/", core_views.backoffice, name="backoffice"),
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", views_meta.robots_txt, name="robots_txt"),
    path("favicon.ico", views_meta.favicon, name="favicon"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("ngon-ngu/", set_language, name="set_language"),
    path("nhat-ky/", core_views.audit_log, name="audit_log"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    *app_urlpatterns(),
]

handler400 = "tuphap.core.views.error_400"
handler403 = "tuphap.core.views.error_403"
handler404 = "tuphap.core.views.error_404"
handler500 = "tuphap.core.views.error_500"
