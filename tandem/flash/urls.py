from django.urls import path

from tandem.flash import views

app_name = "flash"

urlpatterns = [
    path("", views.index, name="index"),
    path("slots/", views.my_slots, name="my_slots"),
    path("slots/limit/", views.weekly_cap, name="weekly_cap"),
    path("slots/<int:pk>/withdraw/", views.slot_withdraw, name="slot_withdraw"),
    path("slots/<int:pk>/place/", views.change_place, name="change_place"),
    path("slots/<int:pk>/book/", views.book, name="book"),
    path("programme/<slug:slug>/", views.programme_slots, name="programme_slots"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/reflect/", views.reflect, name="reflect"),
    path("<int:pk>/ask/", views.ask, name="ask"),
]
