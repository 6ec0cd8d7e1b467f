from django.urls import path

app_name = "mentorships"

urlpatterns: list = []
