import pytest
from django.db import IntegrityError
from django.utils import translation

from releases.html import clean_html, split_blocks
from releases.models import Quote, Release

from .factories import add_quote, make_person, make_release


def test_body_cleaning_keeps_structure_and_drops_scripts_handlers_and_styles():
    dirty = (
        '<p style="color:red" onclick="x()">Hello <b>there</b></p><script>alert(1)</script>'
        '<o:p>Word junk</o:p><a href="javascript:alert(1)">bad</a><a href="https://senate.kz">ok</a>'
    )
    clean = clean_html(dirty)
    assert "<script" not in clean and "onclick" not in clean and "style=" not in clean
    assert "javascript:" not in clean and "<o:p>" not in clean
    assert '<p>Hello <b>there</b></p>' in clean and 'href="https://senate.kz"' in clean


def test_split_blocks_cuts_only_at_top_level():
    assert split_blocks("<p>a</p>\n<ul><li><p>b</p></li></ul><p>c</p>") == [
        "<p>a</p>", "<ul><li><p>b</p></li></ul>", "<p>c</p>"
    ]


@pytest.mark.django_db
def test_quotes_land_after_their_paragraph_and_out_of_range_ones_at_the_end():
    release = make_release()
    speaker = make_person()
    first = add_quote(release, speaker, after_paragraph=0, text_en="Before all")
    last = add_quote(release, speaker, after_paragraph=9, text_en="After all")
    middle = add_quote(release, speaker, after_paragraph=1, text_en="Between")
    with translation.override("en"):
        kinds = [item if kind == "quote" else kind for kind, item in release.body_with_quotes(Quote.objects.all())]
    assert kinds == [first, "html", middle, "html", last]


@pytest.mark.django_db
def test_slugs_are_made_from_each_languages_title_and_kept_unique():
    one = make_release(title="Пленарное заседание", languages=("ru", "kk"))
    two = make_release(title="Пленарное заседание", languages=("ru", "kk"))
    assert one.slug_ru == "plenarnoe-zasedanie-ru"
    assert two.slug_ru == "plenarnoe-zasedanie-ru-2"
    assert one.slug_en is None and two.slug_en is None  # a missing translation never collides


@pytest.mark.django_db
def test_the_database_refuses_a_duplicate_slug_in_a_language():
    release = make_release(title="One")
    with pytest.raises(IntegrityError):
        Release.objects.filter(pk=make_release(title="Two").pk).update(slug_en=release.slug_en)


@pytest.mark.django_db
def test_the_database_refuses_negative_views():
    release = make_release()
    with pytest.raises(IntegrityError):
        Release.objects.filter(pk=release.pk).update(views=-1)


@pytest.mark.django_db
def test_any_of_finds_exactly_the_listed_releases():
    first, second, third = (make_release(title=f"Release {number}") for number in range(3))
    assert set(Release.objects.filter(pk__any_of=[first.pk, third.pk])) == {first, third}
    assert not Release.objects.filter(pk__any_of=[]).exists()
