from django.urls import path

from tuphap.workplans import views

app_name = "workplans"

urlpatterns = [
    path("", views.board, name="board"),
    path("<int:pk>/", views.task, name="task"),
    path("ket-luan/moi/", views.conclusion_new, name="conclusion_new"),
    path("tong-hop/", views.summary, name="summary"),
    path("ke-hoach/", views.plans, name="plans"),
    path("xu-ly-vi-pham/", views.violations, name="violations"),
    path("xu-ly-vi-pham/mau.xlsx", views.violations_template, name="violations_template"),
]
