"""Release photos: what the admin refuses, what is stored and served, and the pages' markup."""

import io
import re
import struct
import zlib

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, transaction
from django.forms import MultiWidget
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pytest_django.asserts import assertContains

from releases import images
from releases.admin import ReleaseAdmin
from releases.models import Release

from .factories import make_release, make_section

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:releases_release_add")
ORIENTATION, GPS_INFO = 0x0112, 0x8825


def image_bytes(size=(60, 40), format_name="JPEG", color=(200, 30, 30), **options):
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, format_name, **options)
    return output.getvalue()


def camera_photo(size=(60, 40)):
    """A JPEG as a phone saves it held upright: stored landscape, EXIF says rotate 90°, with a GPS position."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS_INFO).update({1: "N", 2: (51.0, 7.0, 0.0), 3: "E", 4: (71.0, 25.0, 0.0)})
    return image_bytes(size, exif=exif)


def png_claiming(width, height):
    """A tiny PNG whose header claims the given dimensions: a decompression bomb if they are huge."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")


def stored(name):
    return settings.MEDIA_ROOT / name


def media_files():
    root = settings.MEDIA_ROOT
    return sorted(path.relative_to(root) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def with_photo(data=None, name="session.jpg", **fields):
    alts = {f"photo_alt_{language}": f"The hall {language}" for language in ("kk", "ru", "en")}
    return make_release(photo=ContentFile(data or image_bytes((1600, 1000)), name=name), **{**alts, **fields})


def admin_add_form_data(admin_client, **fields):
    """What the admin's add form posts as it comes (its empty participant and quote rows too), with the given fields filled in."""
    response = admin_client.get(ADD_URL)
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value, widget = field.value(), field.field.widget
            if isinstance(widget, MultiWidget):
                data.update({f"{field.html_name}_{number}": part for number, part in enumerate(widget.decompress(value))})
            elif value is not None:
                data[field.html_name] = value
    data.update(fields)
    return data


def photo_errors(admin_client, upload):
    data = admin_add_form_data(admin_client, section=make_section().pk, title_kk="Сессия", photo=upload)
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    return response.context["adminform"].form.errors.as_data().get("photo", [])


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("notes.jpg", b"Minutes of the session, not a photo.", "not_an_image"),
        ("session.jpg", image_bytes((400, 300), quality=95)[:600], "damaged_image"),
        ("session.gif", image_bytes(format_name="GIF"), "unsupported_format"),
        ("session.tiff", image_bytes(format_name="TIFF"), "unsupported_format"),
        ("bomb.png", png_claiming(20_000, 20_000), "too_many_pixels"),
        ("large.png", png_claiming(8_000, 7_000), "too_many_pixels"),
    ],
)
def test_the_admin_refuses_bad_uploads_with_their_own_message_and_writes_nothing(
    admin_client, name, content, code
):
    errors = photo_errors(admin_client, SimpleUploadedFile(name, content))
    assert [error.code for error in errors] == [code]
    assert not Release.objects.exists()
    assert media_files() == []


def test_the_admin_refuses_a_file_over_25_megabytes(admin_client, monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 1000)
    errors = photo_errors(admin_client, SimpleUploadedFile("session.jpg", image_bytes((400, 300))))
    assert [error.code for error in errors] == ["file_too_big"]


def test_the_refusal_names_the_format(admin_client):
    response = admin_client.post(ADD_URL, admin_add_form_data(
        admin_client, section=make_section().pk, photo=SimpleUploadedFile("a.gif", image_bytes(format_name="GIF"))
    ))
    assert "Photos must be JPEG, PNG or WebP; this file is GIF." in response.content.decode()


@pytest.mark.parametrize("format_name, name", [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp")])
def test_jpeg_png_and_webp_are_accepted(format_name, name):
    images.validate_photo(SimpleUploadedFile(name, image_bytes(format_name=format_name)))


def test_each_language_with_a_title_needs_a_photo_description(admin_client):
    data = admin_add_form_data(
        admin_client, section=make_section().pk, title_kk="Сессия", title_en="Session", photo_alt_kk="Зал",
        photo=SimpleUploadedFile("session.jpg", image_bytes()),
    )
    form = admin_client.post(ADD_URL, data).context["adminform"].form
    assert set(form.errors) == {"photo_alt_en"}
    assert form.errors.as_data()["photo_alt_en"][0].code == "photo_alt_required"
    with translation.override("en"):
        assert form.errors["photo_alt_en"] == ["Describe the photo in English too: the release has a title in it."]
    assert media_files() == []


def test_a_photo_saved_through_the_admin_is_stored_with_its_renditions(admin_client):
    data = admin_add_form_data(
        admin_client, section=make_section().pk, title_kk="Сессия", photo_alt_kk="Зал",
        photo=SimpleUploadedFile("session.jpg", image_bytes((1000, 600))),
    )
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    release = Release.objects.get()
    assert release.photo_renditions["sizes"] == [[480, 288], [800, 480], [1000, 600]]


def test_the_stored_original_and_renditions_are_upright_and_carry_no_exif_or_gps():
    release = with_photo(camera_photo((1600, 1000)), name="IMG_0001.JPG")
    served = [release.photo.name] + [
        images.rendition_name(release.photo.name, width, extension)
        for width, _height in release.photo_renditions["sizes"] for extension in ("webp", "jpg")
    ]
    assert len(served) == 7
    for name in served:
        with Image.open(stored(name)) as image:
            assert image.height > image.width, name  # turned upright: 1000 wide, 1600 high
            assert not image.getexif(), name
            assert "exif" not in image.info and "icc_profile" not in image.info, name
    assert release.photo_renditions["sizes"] == [[480, 768], [800, 1280], [1000, 1600]]


def test_renditions_are_webp_and_jpeg_next_to_the_original_capped_at_its_width():
    release = with_photo(image_bytes((700, 350), format_name="PNG"), name="chart.png")
    assert release.photo.name.endswith("chart.png")
    assert release.photo_renditions == {"source": release.photo.name, "sizes": [[480, 240], [700, 350]]}
    folder = stored(release.photo.name).parent / "renditions"
    assert sorted(path.name for path in folder.iterdir()) == [
        "chart.png.480w.jpg", "chart.png.480w.webp", "chart.png.700w.jpg", "chart.png.700w.webp",
    ]
    with Image.open(folder / "chart.png.700w.webp") as webp, Image.open(folder / "chart.png.480w.jpg") as jpeg:
        assert (webp.format, webp.size, jpeg.format, jpeg.size) == ("WEBP", (700, 350), "JPEG", (480, 240))


def test_replacing_or_removing_the_photo_deletes_the_old_files(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        release = with_photo(name="first.jpg")
    first = media_files()
    assert len(first) == 7
    with django_capture_on_commit_callbacks(execute=True):
        release.photo = ContentFile(image_bytes((900, 600)), name="second.jpg")
        release.save()
    assert all("second.jpg" in str(path) for path in media_files())
    with django_capture_on_commit_callbacks(execute=True):
        release.photo = None
        release.save()
    assert media_files() == [] and release.photo_renditions == {}


def test_deleting_a_release_deletes_its_photo_but_not_one_another_release_shares(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        release = with_photo()
        sharing = make_release(title="Other", photo=release.photo.name, photo_renditions=release.photo_renditions)
        release.delete()
    assert len(media_files()) == 7
    with django_capture_on_commit_callbacks(execute=True):
        sharing.delete()
    assert media_files() == []


def test_saving_without_changing_the_photo_does_not_remake_it():
    release = with_photo()
    before = {path: stored(path).stat().st_mtime_ns for path in media_files()}
    release.title_en = "Changed"
    release.save()
    assert {path: stored(path).stat().st_mtime_ns for path in media_files()} == before


def test_rebuilding_renditions_follows_new_widths_and_is_idempotent(monkeypatch):
    release = with_photo()
    monkeypatch.setattr(images, "RENDITION_WIDTHS", (320, 960))
    call_command("rebuild_photo_renditions")
    call_command("rebuild_photo_renditions")
    release.refresh_from_db()
    assert release.photo_renditions["sizes"] == [[320, 200], [960, 600]]
    assert len(media_files()) == 5  # the original and two widths in two formats; the old widths are gone


def test_the_release_page_serves_a_picture_with_webp_and_jpeg_renditions(client):
    release = with_photo(photo_credit_en="N. Baybulin")
    source = release.photo.name
    with translation.override("en"):
        response = client.get(release.get_absolute_url())
    media = f"{settings.MEDIA_URL}{source.rsplit('/', 1)[0]}/renditions/session.jpg"
    sizes = "(min-width: 48rem) 44rem, calc(100vw - 2rem)"
    srcset = ", ".join(f"{media}.{width}w.{{}} {width}w" for width in (480, 800, 1200))
    picture = f"""
        <picture>
          <source type="image/webp" srcset="{srcset.format('webp', 'webp', 'webp')}" sizes="{sizes}">
          <img src="{media}.1200w.jpg" srcset="{srcset.format('jpg', 'jpg', 'jpg')}" sizes="{sizes}"
               width="1200" height="750" alt="The hall en" fetchpriority="high">
        </picture>
    """
    assertContains(response, picture, html=True)
    assert "Photo: N. Baybulin" in response.content.decode()


def test_list_thumbnails_are_the_smallest_rendition_the_first_fetched_first_and_lazy_after_the_first_two(client):
    for days_ago in range(1, 5):
        with_photo(days_ago=days_ago, title=f"Session {days_ago}")
    with translation.override("en"):
        page = client.get(reverse("releases:index")).content.decode()
    thumbnails = re.findall(r"<img src=\"[^\"]+\" srcset[^>]+>", page)
    assert len(thumbnails) == 4
    assert all('.480w.jpg" srcset=' in img and 'width="480" height="300" alt=""' in img for img in thumbnails)
    assert ['loading="lazy"' in img for img in thumbnails] == [False, False, True, True]
    assert ['fetchpriority="high"' in img for img in thumbnails] == [True, False, False, False]
    assert 'sizes="(min-width: 40em) 12rem, calc(100vw - 2rem)"' in thumbnails[0]


def test_sample_content_and_generated_releases_have_renditions():
    call_command("load_sample_content")
    call_command("generate_releases", 30)
    assert Release.objects.count() > 30
    illustrated = Release.objects.exclude(photo="")
    assert not illustrated.filter(photo_renditions={}).exists()
    # Some sample releases have no photo, as some on the old site had none.
    assert illustrated.count() < Release.objects.count()
    generated = Release.objects.filter(photo__contains="/synthetic-")
    assert generated.count() == 30
    assert generated.order_by().values("photo").distinct().count() <= 6


def test_a_panorama_one_pixel_high_is_stored_with_its_renditions():
    release = with_photo(image_bytes((20_000, 1), format_name="PNG"), name="strip.png")
    assert release.photo_renditions["sizes"] == [[480, 1], [800, 1], [1200, 1]]
    assert len(media_files()) == 7


def test_a_release_that_fails_to_save_leaves_no_photo_file():
    make_release(title="First", slug_en="session")
    with pytest.raises(IntegrityError), transaction.atomic():
        with_photo(title="Second", slug_en="session")
    assert media_files() == []


def test_an_admin_save_rolled_back_after_the_photo_was_stored_leaves_no_file(admin_client, monkeypatch):
    def history_unavailable(*args, **kwargs):
        raise DatabaseError("could not write the history")

    monkeypatch.setattr(ReleaseAdmin, "log_addition", history_unavailable)
    data = admin_add_form_data(
        admin_client, section=make_section().pk, title_kk="Сессия", photo_alt_kk="Зал",
        photo=SimpleUploadedFile("session.jpg", image_bytes((1000, 600))),
    )
    with pytest.raises(DatabaseError):
        admin_client.post(ADD_URL, data)
    assert not Release.objects.exists()
    assert media_files() == []


def test_a_chosen_photo_survives_a_validation_error_without_leaving_a_file(admin_client):
    data = admin_add_form_data(
        admin_client, section=make_section().pk, title_kk="Сессия", title_en="Session", photo_alt_kk="Зал",
        photo=SimpleUploadedFile("session.jpg", image_bytes((1000, 600))),
    )
    refused = admin_client.post(ADD_URL, data)
    form = refused.context["adminform"].form
    assert set(form.errors) == {"photo_alt_en"}
    assert "session.jpg is kept: save again to store it, or choose another file." in refused.content.decode()
    assert media_files() == []

    # The editor adds the missing description and saves again, without choosing the photo again.
    again = {**data, "photo": "", "photo_alt_en": "The hall", "kept_photo": form["kept_photo"].value()}
    response = admin_client.post(ADD_URL, again)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Release.objects.get().photo_renditions["sizes"] == [[480, 288], [800, 480], [1000, 600]]


def test_a_forged_kept_photo_is_ignored(admin_client):
    data = admin_add_form_data(
        admin_client, section=make_section().pk, title_kk="Сессия", kept_photo="kept-photo:forged",
    )
    assert admin_client.post(ADD_URL, data).status_code == 302
    assert not Release.objects.get().photo
