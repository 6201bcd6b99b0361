from django.db import models


class SchoolQuerySet(models.QuerySet):
    def partners(self):
        """Schools that pay to be featured."""
        return self.filter(is_partner=True)

    def public(self):
        """Schools with at least one published program: the only ones the public may see."""
        return self.filter(models.Exists(self._programs().published()))

    def withdrawn(self):
        """Schools that were public and have no published program now: their pages answer 410."""
        once_public = self._programs().filter(first_published_at__isnull=False)
        return self.filter(models.Exists(once_public)).exclude(
            models.Exists(self._programs().published())
        )

    def _programs(self):
        """The programs of the school in the outer query."""
        # models.py imports this module: the program model is reached through the relation.
        programs = self.model._meta.get_field("programs").related_model
        return programs.objects.filter(school=models.OuterRef("pk"))


class ProgramQuerySet(models.QuerySet):
    def published(self):
        """Programs the public may see."""
        return self.filter(is_published=True)

    def withdrawn(self):
        """Programs that were public and are unpublished now: their pages answer 410 Gone."""
        return self.filter(is_published=False, first_published_at__isnull=False)

    def partners(self):
        """Programs of schools that pay to be featured."""
        return self.filter(school__is_partner=True)

    def for_card(self):
        """What a program card reads (school, admission rules), in the same query."""
        return self.select_related("school", "admission")
