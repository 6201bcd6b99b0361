"""Every sitemap section, as /sitemap.xml serves them."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.sitemaps import ArticleSitemap, PersonSitemap, SitePageSitemap, TopicSitemap
from careers.sitemaps import CareerSitemap
from programs.models import Program, School


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return ["home", "articles:list", "articles:people", "careers:list"]

    def location(self, name):
        return reverse(name)


class ProgramDirectorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return ["/programs/"]

    def location(self, path):
        return path


class ProgramSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        # Published programs, synthetic ones only when asked (settings.SHOW_SYNTHETIC).
        return Program.objects.listed().only("slug", "updated_at").order_by("pk")

    def lastmod(self, program):
        return program.updated_at


class SchoolSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return School.objects.listed().only("slug", "updated_at").order_by("pk")

    def lastmod(self, school):
        return school.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "directory": ProgramDirectorySitemap,
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "people": PersonSitemap,
    "programs": ProgramSitemap,
    "schools": SchoolSitemap,
    "careers": CareerSitemap,
    "site": SitePageSitemap,
}
