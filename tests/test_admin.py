"""Every admin page opens for the roles that may use it, and is refused to the others."""

import pytest
from django.urls import reverse

from tests.articles.factories import (
    ArticleVersionFactory,
    PersonFactory,
    SitePageFactory,
    TopicFactory,
)
from tests.careers.factories import CareerFactory, ProjectionEditionFactory
from tests.programs.factories import (
    AdmissionRuleFactory,
    CourseFactory,
    FieldFactory,
    ProgramFactory,
    SchoolFactory,
)

# (app, model): a factory for one row, so change pages have something to open.
MODELS = {
    ("articles", "person"): PersonFactory,
    ("articles", "topic"): TopicFactory,
    ("articles", "article"): lambda: ArticleVersionFactory(live=True).article,
    ("articles", "articleversion"): lambda: ArticleVersionFactory(live=True),
    ("articles", "sitepage"): SitePageFactory,
    ("programs", "school"): SchoolFactory,
    ("programs", "program"): lambda: AdmissionRuleFactory().program,
    ("programs", "course"): CourseFactory,
    ("careers", "career"): CareerFactory,
    ("programs", "field"): lambda: FieldFactory(name="Quantum Computing"),
    ("careers", "projectionedition"): ProjectionEditionFactory,
}
READ_ONLY_FOR_WRITERS = {
    ("articles", "person"),
    ("articles", "topic"),
    ("articles", "sitepage"),
    ("programs", "school"),
    ("programs", "program"),
    ("programs", "course"),
    ("careers", "career"),
    ("programs", "field"),
    ("careers", "projectionedition"),
}


def _pages(app, model, obj):
    return {
        "changelist": reverse(f"admin:{app}_{model}_changelist"),
        "add": reverse(f"admin:{app}_{model}_add"),
        "change": reverse(f"admin:{app}_{model}_change", args=[obj.pk]),
    }


def expected_status(role, app, model, page):
    """The admin's answer for a role: 200 where the group's permissions allow, 403 elsewhere."""
    if role == "superuser":
        return 200
    if role == "staff":
        return 403
    if role == "editor":
        return 200
    if role == "writer":
        if page == "add" and (app, model) in READ_ONLY_FOR_WRITERS:
            return 403
        return 200
    if role == "reviewer":
        return 403 if page == "add" else 200
    raise AssertionError(role)


@pytest.mark.parametrize("role", ["superuser", "editor", "writer", "reviewer", "staff"])
@pytest.mark.parametrize(("app", "model"), list(MODELS))
def test_admin_pages_open_for_roles_that_may_use_them(client, request, role, app, model):
    user = request.getfixturevalue(role)
    obj = MODELS[(app, model)]()
    client.force_login(user)

    for page, url in _pages(app, model, obj).items():
        response = client.get(url)
        assert response.status_code == expected_status(role, app, model, page), (page, url)


def test_anonymous_is_sent_to_the_admin_login(client, db):
    response = client.get(reverse("admin:articles_article_changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_changelist_search_and_filters_work_for_editors(client, editor):
    SchoolFactory(name="Lakeshore Demo University", is_partner=True)
    SchoolFactory(name="Hillcrest Demo College")
    client.force_login(editor)

    response = client.get(
        reverse("admin:programs_school_changelist"), {"q": "Lakeshore", "is_partner__exact": "1"}
    )

    assert response.status_code == 200
    assert "Lakeshore Demo University" in response.text
    assert "Hillcrest Demo College" not in response.text


def test_program_form_rejects_an_out_of_range_gpa_with_a_message(client, editor):
    program = AdmissionRuleFactory().program
    client.force_login(editor)
    url = reverse("admin:programs_program_change", args=[program.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "school": program.school.pk,
            "admission-TOTAL_FORMS": "1",
            "admission-INITIAL_FORMS": "1",
            "admission-0-id": program.admission.pk,
            "admission-0-program": program.pk,
            "admission-0-min_gpa": "4.5",
            "admission-0-gre_policy": "unknown",
            "admission-0-bachelors": "unknown",
            "courses-TOTAL_FORMS": "0",
            "courses-INITIAL_FORMS": "0",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 4" in response.text
    program.admission.refresh_from_db()
    assert program.admission.min_gpa is None


def test_unpublishing_a_program_in_the_admin_removes_it_from_cached_guide_pages(client, editor):
    version = ArticleVersionFactory(live=True)
    program = ProgramFactory(name="Soon Hidden MS in Machine Learning")
    version.program_links.create(program=program, order=1)
    guide_url = version.article.get_absolute_url()
    assert program.name in client.get(guide_url).text  # now in the page cache
    client.force_login(editor)

    client.post(
        reverse("admin:programs_program_changelist"),
        {"action": "unpublish", "_selected_action": [program.pk]},
    )
    client.logout()

    assert program.name not in client.get(guide_url).text
