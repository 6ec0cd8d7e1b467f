from django.urls import path

from tandem.chat import views

app_name = "chat"

urlpatterns = [
    path("programme/<slug:slug>/", views.webhook_list, name="webhooks"),
    path("programme/<slug:slug>/new/", views.webhook_add, name="webhook_add"),
    path("programme/<slug:slug>/<int:pk>/", views.webhook_edit, name="webhook_edit"),
    path("programme/<slug:slug>/<int:pk>/test/", views.webhook_test, name="webhook_test"),
    path("programme/<slug:slug>/<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
]
