"""The day a source was accessed or a figure retrieved cannot be in the future: a reader would be
told a page was checked on a day that has not come (9999-12-31)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.input_checks import latest_today
from tests.articles.admin_support import change_url, form_data, signed_in
from tests.careers.factories import CareerFactory

pytestmark = pytest.mark.django_db

FAR_FUTURE = date(9999, 12, 31)


@pytest.mark.parametrize("day", [FAR_FUTURE, date.today() + timedelta(days=3)])
def test_a_source_accessed_in_the_future_is_refused_on_the_version_form(
    client, draft_with_new_link, writer, day
):
    source = draft_with_new_link.sources.get()
    data = form_data(draft_with_new_link, **{"sources-0-accessed_on": day.isoformat()})

    response = signed_in(client, writer).post(change_url(draft_with_new_link), data)

    assert response.status_code == 200
    assert "This date is in the future" in response.text
    source.refresh_from_db()
    assert source.accessed_on is None


def test_a_source_accessed_today_is_saved(client, draft_with_new_link, writer):
    today = timezone.localdate()
    data = form_data(draft_with_new_link, **{"sources-0-accessed_on": today.isoformat()})

    response = signed_in(client, writer).post(change_url(draft_with_new_link), data)

    assert response.status_code == 302
    assert draft_with_new_link.sources.get().accessed_on == today


def test_a_career_figure_retrieved_in_the_future_is_refused():
    career = CareerFactory.build(source_retrieved_on=FAR_FUTURE)

    with pytest.raises(ValidationError) as refused:
        career.full_clean()

    assert "This date is in the future" in str(refused.value.message_dict["source_retrieved_on"])


def test_the_latest_date_allowed_is_today_somewhere_on_earth():
    career = CareerFactory.build(source_retrieved_on=latest_today())
    career.full_clean()  # an editor in Kiribati, already on tomorrow's date

    career.source_retrieved_on = latest_today() + timedelta(days=1)
    with pytest.raises(ValidationError):
        career.full_clean()
