from decimal import Decimal

import factory
from django.utils.text import slugify

from programs.models import AdmissionRule, Course, Field, Program, School


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("name",)

    name = "Machine Learning"
    slug = factory.LazyAttribute(lambda field: slugify(field.name))


def field_named(value):
    """A Field for a factory argument: a Field as is; a text, the field it names (as an editor
    or an import would resolve it), else a new field of that name; None stays None."""
    if value is None or isinstance(value, Field):
        return value
    return Field.objects.resolve(value) or FieldFactory(name=value)


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
    field = factory.SubFactory(FieldFactory)
    format = Program.Format.ONLINE
    pacing = Program.Pacing.ASYNCHRONOUS
    credit_hours = 30
    tuition_amount = Decimal("30000")
    is_published = True

    class Params:
        partner = factory.Trait(school=factory.SubFactory(SchoolFactory, is_partner=True))
        unpublished = factory.Trait(is_published=False)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        # field="Data Science" reads like the editor's choice in the admin.
        if "field" in kwargs:
            kwargs["field"] = field_named(kwargs["field"])
        return kwargs


class AdmissionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdmissionRule

    program = factory.SubFactory(ProgramFactory)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Course {n}")
