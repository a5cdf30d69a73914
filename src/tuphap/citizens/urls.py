"""Citizens' accounts under /cong-dan/."""

from django.urls import path

from tuphap.citizens import views
from tuphap.citizens.oidc import SignInCallback, SignInStart
from tuphap.orgs.permissions import public

app_name = "citizens"

urlpatterns = [
    path("dang-nhap/", views.signin, name="signin"),
    path("dang-nhap/dinh-danh/", public(SignInStart.as_view()), name="oidc_start"),
    path("oidc/callback/", public(SignInCallback.as_view()), name="oidc_callback"),
    path("dang-ky/", views.signup, name="signup"),
    path("xac-minh/", views.verify, name="verify"),
    path("dang-xuat/", views.signout, name="signout"),
    path("tai-khoan/", views.account, name="account"),
]
