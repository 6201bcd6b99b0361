from django.db import models


class CareerQuerySet(models.QuerySet):
    def published(self):
        """Careers the public may see."""
        return self.filter(is_published=True)
