from decimal import Decimal

import factory

from programs.models import AdmissionRule, Course, Program, School


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Example University {n}")
    slug = factory.Sequence(lambda n: f"example-university-{n}")
    city = "Springfield"
    state = "IL"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Master of Science in Machine Learning {n}")
    slug = factory.Sequence(lambda n: f"ms-machine-learning-{n}")
    degree = Program.Degree.MS
    field = "Machine Learning"
    format = Program.Format.ONLINE
    pacing = Program.Pacing.ASYNCHRONOUS
    credit_hours = 30
    tuition_amount = Decimal("30000")
    is_published = True

    class Params:
        partner = factory.Trait(school=factory.SubFactory(SchoolFactory, is_partner=True))
        unpublished = factory.Trait(is_published=False)


class AdmissionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdmissionRule

    program = factory.SubFactory(ProgramFactory)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Course {n}")
