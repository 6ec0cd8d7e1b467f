from django.urls import path

from tandem.people import views

app_name = "people"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/erase/", views.erase, name="erase"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("profile/photo/", views.photo_edit, name="photo_edit"),
    path("<int:pk>/photo.jpg", views.photo, name="photo"),
    path("import/", views.import_upload, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_status, name="import_status"),
]
