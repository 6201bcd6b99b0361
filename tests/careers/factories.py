import factory

from careers.models import Career, ProjectionEdition
from tests.programs.factories import field_named


class CareerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Career

    title = factory.Sequence(lambda n: f"Career {n}")
    slug = factory.Sequence(lambda n: f"career-{n}")
    summary = "Works with data."
    education = Career.Education.BACHELORS
    salary = 100000
    salary_statistic = Career.SalaryStatistic.MEDIAN
    salary_year = 2021
    is_published = True

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        # program_field="Machine Learning" reads like the editor's choice in the admin.
        if "program_field" in kwargs:
            kwargs["program_field"] = field_named(kwargs["program_field"])
        return kwargs


class ProjectionEditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectionEdition
        django_get_or_create = ("start_year",)

    start_year = 2023
    end_year = factory.LazyAttribute(lambda edition: edition.start_year + 10)
