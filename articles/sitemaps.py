from django.contrib.sitemaps import Sitemap

from .models import Article, Person, SitePage, Topic


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "content_updated_at").order_by("pk")

    def lastmod(self, article):
        # The same substantive-change date the page shows as "Updated on".
        return article.content_updated_at


class TopicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Topic.objects.with_live_guides().order_by("pk")

    def lastmod(self, topic):
        return topic.updated


class PersonSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Person.objects.with_live_work().only("slug", "updated_at").order_by("pk")

    def lastmod(self, person):
        return person.updated_at


class SitePageSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.3

    def items(self):
        return SitePage.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, page):
        return page.updated_at
