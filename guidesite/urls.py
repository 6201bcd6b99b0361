from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.feeds import LatestArticlesFeed

from . import views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("feeds/articles/", LatestArticlesFeed(), name="feed"),
    path("", include("articles.urls")),
    path("", include("programs.urls")),
    path("", include("careers.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Site pages (editorial process, advertising disclosure, ...) live at the root, so they go last.
urlpatterns.append(path("<slug:slug>/", views.site_page, name="site_page"))

handler404 = "guidesite.views.page_not_found"
handler500 = "guidesite.views.server_error"
