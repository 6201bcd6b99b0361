from django.db import models


class SchoolQuerySet(models.QuerySet):
    def partners(self):
        """Schools that pay to be featured."""
        return self.filter(is_partner=True)

    def public(self):
        """Schools with at least one published program: the only ones the public may see."""
        # models.py imports this module: the program model is reached through the relation.
        programs = self.model._meta.get_field("programs").related_model
        published = programs.objects.published().filter(school=models.OuterRef("pk"))
        return self.filter(models.Exists(published))


class ProgramQuerySet(models.QuerySet):
    def published(self):
        """Programs the public may see."""
        return self.filter(is_published=True)

    def partners(self):
        """Programs of schools that pay to be featured."""
        return self.filter(school__is_partner=True)

    def for_card(self):
        """What a program card reads (school, admission rules), in the same query."""
        return self.select_related("school", "admission")
