from django.urls import path

from . import views

app_name = "careers"
urlpatterns = [
    path("careers/", views.career_list, name="list"),
    path("careers/<slug:slug>/", views.career_detail, name="detail"),
]
