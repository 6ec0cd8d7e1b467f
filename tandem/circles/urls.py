from django.urls import path

from tandem.circles.views import charter, circle, coordinator, goals, meetings, reflection

app_name = "circles"

urlpatterns = [
    path("mine/", circle.mine, name="mine"),
    path("<int:pk>/", circle.overview, name="overview"),
    path("<int:pk>/leave/", circle.leave, name="leave"),
    path("<int:pk>/close/", circle.close, name="close"),
    path("<int:pk>/charter/", charter.charter, name="charter"),
    path("<int:pk>/charter/v<int:number>/", charter.charter_version, name="charter_version"),
    path("<int:pk>/charter/edit/", charter.charter_edit, name="charter_edit"),
    path("<int:pk>/charter/sign/", charter.charter_sign, name="charter_sign"),
    path("<int:pk>/goals/", goals.goals, name="goals"),
    path("<int:pk>/goals/<int:goal_pk>/", goals.goal_detail, name="goal_detail"),
    path("<int:pk>/goals/<int:goal_pk>/progress/", goals.goal_progress, name="goal_progress"),
    path("<int:pk>/meetings/", meetings.meetings, name="meetings"),
    path("<int:pk>/meetings/<int:meeting_pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("<int:pk>/meetings/<int:meeting_pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/cancel/",
        meetings.meeting_cancel,
        name="meeting_cancel",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/attendance/",
        meetings.meeting_record,
        name="meeting_record",
    ),
    path("<int:pk>/meetings/<int:meeting_pk>/agenda/", meetings.agenda_add, name="agenda_add"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/agenda/<int:item_pk>/remove/",
        meetings.agenda_remove,
        name="agenda_remove",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/notes/<str:kind>/",
        meetings.note_save,
        name="note_save",
    ),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/meeting.ics", meetings.meeting_ics, name="meeting_ics"
    ),
    path("<int:pk>/journal/", reflection.journal, name="journal"),
    path("<int:pk>/journal/<int:entry_pk>/", reflection.journal_entry, name="journal_entry"),
    path("<int:pk>/journal/<int:entry_pk>/share/", reflection.journal_share, name="journal_share"),
    path("<int:pk>/check-ins/", reflection.check_ins, name="check_ins"),
    path("<int:pk>/concerns/", reflection.concerns, name="concerns"),
    path(
        "programme/<slug:slug>/<int:pk>/",
        coordinator.coordinator_detail,
        name="coordinator_detail",
    ),
    path(
        "programme/<slug:slug>/<int:pk>/close/",
        coordinator.coordinator_close,
        name="coordinator_close",
    ),
    path(
        "programme/<slug:slug>/<int:pk>/concerns/<int:concern_pk>/read/",
        coordinator.concern_acknowledge,
        name="concern_acknowledge",
    ),
]
