from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from core.validators import without_control_characters

from .models import Article


class LatestArticlesFeed(Feed):
    """The most recently updated live guides, as an Atom feed.

    Text goes through without_control_characters: one pasted vertical tab in any guide's title
    would otherwise make the whole feed fail (XML 1.0 forbids it).
    """

    feed_type = Atom1Feed
    description_template = None

    def title(self):
        return f"{settings.SITE_NAME}: latest guides"

    def link(self):
        return reverse("articles:list")

    def subtitle(self):
        return "New and substantially updated guides."

    def items(self):
        return Article.objects.published().for_list().order_by("-content_updated_at", "pk")[:20]

    def item_title(self, article):
        return without_control_characters(article.live_version.title)

    def item_description(self, article):
        return without_control_characters(article.live_version.dek)

    def item_author_name(self, article):
        return without_control_characters(article.live_version.author.name)

    def item_author_link(self, article):
        return settings.SITE_URL + article.live_version.author.get_absolute_url()

    def item_pubdate(self, article):
        return article.first_published_at

    def item_updateddate(self, article):
        return article.content_updated_at

    def item_categories(self, article):
        return [without_control_characters(article.topic.name)]
