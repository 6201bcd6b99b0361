from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from articles import views as article_views
from articles.feeds import LatestArticlesFeed

from . import data_check_views, signin, two_factor, views
from .sitemaps import SITEMAPS

urlpatterns = [
    # Before the admin's own URLs, whose catch-all would answer 404 for these.
    # The one-time link from add_staff sets a first password (Django's password-reset views).
    path("admin/reset/<uidb64>/<token>/", signin.set_password, name="password_reset_confirm"),
    path("admin/reset/done/", signin.password_set, name="password_reset_complete"),
    path("admin/two-factor/", admin.site.admin_view(two_factor.enrol), name="two_factor"),
    # What may be out of date, from every app (guidesite/data_check.py).
    path(
        "admin/data-to-check/",
        admin.site.admin_view(data_check_views.data_to_check),
        name="data_to_check",
    ),
    path(
        "admin/data-to-check/check/",
        admin.site.admin_view(data_check_views.mark_checked),
        name="data_to_check_mark",
    ),
    path("admin/", admin.site.urls),
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        require_safe(sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("feeds/articles/", require_safe(LatestArticlesFeed()), name="feed"),
    # Outside the articles namespace: PreviewLink.url reverses "preview". Before site pages.
    path("preview/<str:token>/", article_views.preview_link, name="preview"),
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
