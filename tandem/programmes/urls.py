from django.urls import path

from tandem.programmes.views import enrolments, invitations, programmes, questions

app_name = "programmes"

urlpatterns = [
    path("", programmes.programme_list, name="list"),
    path("new/", programmes.programme_create, name="create"),
    path("invitations/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("<slug:slug>/", programmes.programme_detail, name="detail"),
    path("<slug:slug>/edit/", programmes.programme_edit, name="edit"),
    path("<slug:slug>/apply/", enrolments.apply, name="apply"),
    path("<slug:slug>/withdraw/", enrolments.withdraw, name="withdraw"),
    path("<slug:slug>/questions/", questions.question_list, name="questions"),
    path("<slug:slug>/questions/<int:pk>/", questions.question_edit, name="question_edit"),
    path(
        "<slug:slug>/questions/<int:pk>/delete/",
        questions.question_delete,
        name="question_delete",
    ),
    path(
        "<slug:slug>/questions/<int:pk>/move/<str:direction>/",
        questions.question_move,
        name="question_move",
    ),
    path("<slug:slug>/enrolments/", enrolments.enrolment_list, name="enrolments"),
    path("<slug:slug>/enrolments/bulk/", enrolments.enrolments_bulk, name="enrolments_bulk"),
    path("<slug:slug>/enrolments/<int:pk>/", enrolments.enrolment_detail, name="enrolment"),
    path(
        "<slug:slug>/enrolments/<int:pk>/<str:action>/",
        enrolments.enrolment_decide,
        name="enrolment_decide",
    ),
    path("<slug:slug>/invitations/", invitations.invite, name="invite"),
    path("<slug:slug>/invitations/bulk/", invitations.invite_bulk, name="invite_bulk"),
    path(
        "<slug:slug>/invitations/bulk/<int:pk>/",
        invitations.invitation_batch,
        name="invitation_batch",
    ),
]
