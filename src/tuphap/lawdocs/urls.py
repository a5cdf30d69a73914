from django.urls import path

from tuphap.lawdocs import views

app_name = "lawdocs"

urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.document, name="document"),
    path("moi/", views.document_new, name="document_new"),
    path("<int:pk>/sua/", views.document_edit, name="document_edit"),
    path("<int:pk>/cong-cu/", views.document_tools, name="document_tools"),
    path("<int:pk>/tep/<int:file_pk>/", views.document_file, name="document_file"),
    path("du-thao/", views.drafts, name="drafts"),
    path("du-thao/<int:pk>/", views.draft, name="draft"),
    path("tham-dinh/", views.board, name="board"),
    path("ra-soat/", views.reviews, name="reviews"),
    path("ra-soat/<int:pk>/", views.review, name="review"),
    path("ra-soat/viec/<int:pk>/xong/", views.follow_up_done, name="follow_up_done"),
    path("danh-muc-het-hieu-luc/", views.yearly_latest, name="yearly_latest"),
    path("danh-muc-het-hieu-luc/<int:year>/", views.yearly_list, name="yearly"),
    path("danh-muc-het-hieu-luc/<int:year>.<str:fmt>", views.yearly_list, name="yearly_file"),
]
