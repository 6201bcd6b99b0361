from django.contrib.sitemaps import Sitemap

from .models import Career


class CareerSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Career.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, career):
        return career.updated_at
