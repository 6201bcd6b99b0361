import factory

from careers.models import Career


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
