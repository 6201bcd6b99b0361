from django.db import models


class CareerQuerySet(models.QuerySet):
    def published(self):
        """Careers the public may see."""
        return self.filter(is_published=True)

    def withdrawn(self):
        """Careers that were public and are unpublished now: their pages answer 410 Gone."""
        return self.filter(is_published=False, first_published_at__isnull=False)
