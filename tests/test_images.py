"""Images: uploads cleaned before they are stored and removed with their record; renditions at
exact sizes, cached on disk, and no error for a missing or broken file."""

import io
import os
import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import ExifTags, Image, PngImagePlugin

from core.images import rendition
from tests.articles.factories import PersonFactory
from tests.articles.public_data import person_with_portrait, png
from tests.programs.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def open_rendition(result):
    path = os.path.join(settings.MEDIA_ROOT, result.url.split("/media/", 1)[1])
    return Image.open(path)


def test_portrait_is_cropped_to_the_exact_square():
    person = person_with_portrait()
    result = rendition(person.portrait, 168, 168)
    assert (result.width, result.height) == (168, 168)
    with open_rendition(result) as image:
        assert image.size == (168, 168)
        assert image.format == "WEBP"


def test_logo_is_padded_to_fit_the_box():
    school = SchoolFactory()
    school.logo.save("logo.png", png(size=(600, 100)), save=True)
    result = rendition(school.logo, 120, 60, "fit")
    with open_rendition(result) as image:
        assert image.size == (120, 60)


def test_a_rendition_is_made_once_and_reused():
    person = person_with_portrait()
    first = rendition(person.portrait, 64, 64)
    path = os.path.join(settings.MEDIA_ROOT, first.url.split("/media/", 1)[1])
    made_at = os.stat(path).st_mtime_ns
    assert rendition(person.portrait, 64, 64) == first
    assert os.stat(path).st_mtime_ns == made_at


def test_no_image_or_a_broken_one_gives_no_rendition():
    person = person_with_portrait()
    assert rendition(PersonFactory().portrait, 64, 64) is None
    person.portrait.save("broken.png", ContentFile(b"not an image"), save=True)
    assert rendition(person.portrait, 64, 64) is None
    os.remove(person.portrait.path)
    assert rendition(person.portrait, 64, 64) is None


# Uploads: what is stored is the picture and nothing else, under a name of our own.

GPS_SECRET = "N 40 44 55.3"


def jpeg_with_gps(size=(300, 200), orientation=None):
    """A JPEG as a phone writes it: EXIF with a GPS position, a comment and XMP."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (40.0, 44.0, 55.3)
    gps[ExifTags.GPS.GPSAreaInformation] = GPS_SECRET
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 60, 60)).save(
        buffer,
        "JPEG",
        exif=exif,
        comment=b"taken at home",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">home address</x:xmpmeta>',
    )
    return buffer.getvalue()


def png_with_html_appended():
    buffer = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "a text chunk")
    Image.new("RGBA", (120, 80), (10, 120, 200, 255)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue() + b"<html><script>alert(document.cookie)</script></html>"


def upload_portrait(client, person, name, data, **changes):
    return client.post(
        reverse("admin:articles_person_change", args=[person.pk]),
        {
            "name": person.name,
            "slug": person.slug,
            "job_title": "",
            "short_bio": "Bio.",
            "full_bio": "",
            "website_url": "",
            "linkedin_url": "",
            **(
                {"portrait": SimpleUploadedFile(name, data, content_type="image/jpeg")}
                if name
                else {}
            ),
            **changes,
        },
    )


def stored_bytes(field_file):
    with open(field_file.path, "rb") as stored:
        return stored.read()


def test_a_jpeg_with_gps_exif_is_stored_without_any_metadata(client, editor):
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as image:  # the test file does carry all of it
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert image.info["comment"] == b"taken at home"
    person = PersonFactory()
    client.force_login(editor)

    response = upload_portrait(client, person, "IMG_0001.jpg", original)

    assert response.status_code == 302
    person.refresh_from_db()
    data = stored_bytes(person.portrait)
    for secret in (b"Exif", b"PhoneMaker", GPS_SECRET.encode(), b"taken at home", b"xmpmeta"):
        assert secret not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (300, 200)
        assert not image.getexif()
        assert "comment" not in image.info
        assert "xmp" not in image.info


def test_a_png_with_html_appended_is_stored_without_it(client, editor):
    person = PersonFactory()
    client.force_login(editor)

    response = upload_portrait(client, person, "logo.png", png_with_html_appended())

    assert response.status_code == 302
    person.refresh_from_db()
    data = stored_bytes(person.portrait)
    assert b"<script" not in data
    assert b"<html" not in data
    assert b"a text chunk" not in data
    assert data.endswith(b"IEND\xaeB`\x82")  # the file ends where the image does
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size, image.mode) == ("PNG", (120, 80), "RGBA")
        assert image.getpixel((5, 5)) == (10, 120, 200, 255)


def test_a_jpeg_named_png_is_stored_as_jpg_under_a_random_name(client, editor):
    person = PersonFactory()
    client.force_login(editor)

    response = upload_portrait(client, person, "jane-doe-passport.png", jpeg_with_gps())

    assert response.status_code == 302
    person.refresh_from_db()
    assert re.fullmatch(r"people/[0-9a-f]{32}\.jpg", person.portrait.name), person.portrait.name
    with Image.open(person.portrait.path) as image:
        assert image.format == "JPEG"


def test_the_photo_is_stored_upright_once_its_orientation_tag_is_gone(client, editor):
    person = PersonFactory()
    client.force_login(editor)

    # Orientation 6: the camera held sideways; viewers rotate 300 x 200 to 200 x 300.
    response = upload_portrait(client, person, "photo.jpg", jpeg_with_gps(orientation=6))

    assert response.status_code == 302
    person.refresh_from_db()
    with Image.open(person.portrait.path) as image:
        assert image.size == (200, 300)
        assert not image.getexif()


def test_an_image_assigned_in_code_is_cleaned_too():
    person = PersonFactory()
    person.portrait = ContentFile(png_with_html_appended(), name="from-a-script.png")
    person.save()

    assert re.fullmatch(r"people/[0-9a-f]{32}\.png", person.portrait.name)
    assert b"<script" not in stored_bytes(person.portrait)


@pytest.mark.parametrize(
    ("name", "data"),
    [("notes.txt", b"plain text"), ("logo.png", b"plain text"), ("logo.bmp", b"BM..")],
)
def test_a_refused_upload_names_only_the_formats_the_site_takes(client, editor, name, data):
    person = PersonFactory()
    client.force_login(editor)

    response = upload_portrait(client, person, name, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["portrait"]
    assert "This file is not a valid JPEG, PNG or WebP image." in errors
    text = " ".join(errors)
    for format_not_taken in ("bmp", "gif", "tiff", "avif", "pdf"):
        assert format_not_taken not in text.lower().replace(name.lower(), "")
    person.refresh_from_db()
    assert not person.portrait


def rendition_paths(field_file):
    made = [rendition(field_file, 64, 64), rendition(field_file, 120, 60, "fit")]
    paths = [os.path.join(settings.MEDIA_ROOT, r.url.split("/media/", 1)[1]) for r in made]
    assert all(os.path.exists(path) for path in paths)
    return paths


def test_a_replaced_portrait_goes_with_its_renditions(
    client, editor, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        upload_portrait(client, person, "first.jpg", jpeg_with_gps())
    person.refresh_from_db()
    old_file = person.portrait.path
    old_renditions = rendition_paths(person.portrait)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload_portrait(client, person, "second.png", png_with_html_appended())

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.portrait.path != old_file
    assert os.path.exists(person.portrait.path)
    assert not os.path.exists(old_file)
    assert not any(os.path.exists(path) for path in old_renditions)


def test_a_cleared_portrait_goes_with_its_renditions(
    client, editor, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        upload_portrait(client, person, "first.jpg", jpeg_with_gps())
    person.refresh_from_db()
    old_file, old_renditions = person.portrait.path, rendition_paths(person.portrait)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload_portrait(client, person, None, None, **{"portrait-clear": "on"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.portrait
    assert not os.path.exists(old_file)
    assert not any(os.path.exists(path) for path in old_renditions)


def test_a_deleted_school_takes_its_logo_and_renditions(
    client, editor, django_capture_on_commit_callbacks
):
    school = SchoolFactory()
    school.logo = ContentFile(png_with_html_appended(), name="logo.png")
    with django_capture_on_commit_callbacks(execute=True):
        school.save()
    logo, renditions = school.logo.path, rendition_paths(school.logo)
    other = SchoolFactory()
    other.logo = ContentFile(png_with_html_appended(), name="logo.png")
    other.save()
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:programs_school_delete", args=[school.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not os.path.exists(logo)
    assert not any(os.path.exists(path) for path in renditions)
    assert os.path.exists(other.logo.path), "another school's logo stays"


def test_a_change_that_is_rolled_back_keeps_the_old_file(django_capture_on_commit_callbacks):
    person = PersonFactory()
    person.portrait = ContentFile(jpeg_with_gps(), name="a.jpg")
    person.save()
    old_file = person.portrait.path

    def change_that_fails():
        with transaction.atomic():
            person.portrait = ContentFile(jpeg_with_gps(), name="b.jpg")
            person.save()
            raise RuntimeError("the rest of the change failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change_that_fails()

    assert os.path.exists(old_file)
    person.refresh_from_db()
    assert person.portrait.path == old_file
