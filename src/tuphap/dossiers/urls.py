"""Pages of the one-stop desk under /ho-so/: staff pages and the citizen pages."""

from django.urls import path

from tuphap.dossiers import views, views_feedback, views_public

app_name = "dossiers"

urlpatterns = [
    # citizens (public, cacheable)
    path("thu-tuc/", views_public.procedures, name="procedures"),
    path("thu-tuc/<str:code>/", views_public.procedure, name="procedure"),
    path("tra-cuu/", views_public.lookup, name="lookup"),
    path("tra-cuu/<str:token>/", views_public.status, name="status"),
    path("tra-cuu/<str:token>/danh-gia/", views_public.rate, name="rate"),
    path("phan-anh/", views_feedback.feedback_public, name="feedback"),
    # staff
    path("", views.inbox, name="inbox"),
    path("tiep-nhan/", views.desk, name="desk"),
    path("tiep-nhan/thu-tuc/", views.desk_procedures, name="desk_procedures"),
    path("tiep-nhan/hen-tra/", views.desk_preview, name="desk_preview"),
    path("tiep-nhan/kiem-tra/<str:field>/", views.desk_check, name="desk_check"),
    path("so-theo-doi/", views.register, name="register"),
    path("phan-anh-kien-nghi/", views_feedback.feedback_register, name="feedback_register"),
    path("phan-anh-kien-nghi/<int:pk>/", views_feedback.feedback_detail, name="feedback_detail"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/thong-tin-ca-nhan/", views.reveal, name="reveal"),
    path("<str:code>/thao-tac/<str:action>/", views.act, name="act"),
    path("<str:code>/thoi-han/", views.time_variant, name="time_variant"),
    path("<str:code>/giay-to/<str:key>.<str:fmt>", views.document, name="document"),
    path("<str:code>/giay-to/cap-lai-giay-tiep-nhan/", views.reissue_receipt, name="reissue_receipt"),
    path("<str:code>/tep/", views.attach, name="attach"),
    path("<str:code>/tep/<int:pk>/", views.attachment, name="attachment"),
]
