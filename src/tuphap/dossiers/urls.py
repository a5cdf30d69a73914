"""Pages of the one-stop desk under /ho-so/: staff pages and the citizen pages."""

from django.urls import path

from tuphap.dossiers import views, views_feedback, views_public
from tuphap.dossiers.online import views as online
from tuphap.dossiers.payments import views as payments
from tuphap.dossiers.results import views as results

app_name = "dossiers"

urlpatterns = [
    # citizens (public, cacheable)
    path("thu-tuc/", views_public.procedures, name="procedures"),
    path("thu-tuc/<str:code>/", views_public.procedure, name="procedure"),
    path("tra-cuu/", views_public.lookup, name="lookup"),
    path("tra-cuu/<str:token>/", views_public.status, name="status"),
    path("tra-cuu/<str:token>/danh-gia/", views_public.rate, name="rate"),
    path("phan-anh/", views_feedback.feedback_public, name="feedback"),
    # citizens signed in (issue 18: dossiers.online), before the staff's <code>/
    path("nop-truc-tuyen/<str:code>/", online.apply, name="apply"),
    path("nop-truc-tuyen/<str:code>/tep/<int:pk>/", online.draft_file, name="draft_file"),
    path("cua-toi/", online.mine, name="mine"),
    path("cua-toi/<str:code>/", online.mine_detail, name="mine_detail"),
    path("cua-toi/<str:code>/rut/", online.withdraw, name="withdraw"),
    path("cua-toi/<str:code>/bo-sung/", online.supplement, name="mine_supplement"),
    path("cua-toi/<str:code>/danh-gia/", online.rate, name="mine_rate"),
    path("cua-toi/<str:code>/tep/<int:pk>/", online.file, name="mine_file"),
    path("tra-cuu/<str:token>/nop-phi/", payments.pay, name="payment_pay"),
    path("tra-cuu/<str:token>/nop-phi/<str:reference>/", payments.back, name="payment_back"),
    path("tra-cuu/<str:token>/bien-lai/<str:reference>/", payments.receipt, name="payment_receipt"),
    path("thanh-toan/thong-bao/", payments.notify, name="payment_notify"),
    path("tra-cuu/<str:token>/ket-qua.pdf", results.download, name="result_pdf"),
    path("tra-cuu/<str:token>/ket-qua.p7s", results.signature, name="result_signature"),
    path("xac-thuc/<str:token>/", results.verify, name="result_verify"),
    # staff
    path("truc-tuyen/cho-tiep-nhan/", online.desk_online, name="desk_online"),
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
