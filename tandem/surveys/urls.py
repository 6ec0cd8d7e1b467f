from django.urls import path

from tandem.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.my_surveys, name="mine"),
    path("programme/<slug:slug>/", views.survey_list, name="list"),
    path("programme/<slug:slug>/new/", views.survey_create, name="create"),
    path("programme/<slug:slug>/<int:pk>/", views.survey_detail, name="detail"),
    path("programme/<slug:slug>/<int:pk>/edit/", views.survey_edit, name="edit"),
    path("programme/<slug:slug>/<int:pk>/send/", views.survey_send, name="send"),
    path("programme/<slug:slug>/<int:pk>/close/", views.survey_close, name="close"),
    path("programme/<slug:slug>/<int:pk>/results/", views.survey_results, name="results"),
    path(
        "programme/<slug:slug>/<int:pk>/results.csv",
        views.survey_results_csv,
        name="results_csv",
    ),
    path("programme/<slug:slug>/<int:pk>/questions/new/", views.question_add, name="question_add"),
    path(
        "programme/<slug:slug>/<int:pk>/questions/<int:question_pk>/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "programme/<slug:slug>/<int:pk>/questions/<int:question_pk>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("<str:token>/", views.respond, name="respond"),
]
