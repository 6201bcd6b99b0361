from django.urls import path

from .views import finder, pages

app_name = "programs"
# compare/ and match/ come before <slug>/ so they are never read as program slugs.
urlpatterns = [
    path("programs/", finder.directory, name="directory"),
    path("programs/compare/", finder.compare, name="compare"),
    path("programs/match/", finder.match, name="match"),
    path("programs/<slug:slug>/", pages.program_detail, name="detail"),
    path("schools/<slug:slug>/", pages.school_detail, name="school"),
]
