"""The body's allow-list: what an editor pastes keeps its structure and loses everything else."""

import pytest

from releases.html import clean_html

from .factories import make_release

WORD_PASTE = (
    '<!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]-->'
    '<p class="MsoNormal" style="margin:0cm;font-family:Calibri"><span lang="RU">Text</span><o:p></o:p></p>'
)


@pytest.mark.parametrize(
    "dirty, clean",
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
        ('<img src="x" onerror="steal()">', ""),
        ('<p style="color:red">Hi</p>', "<p>Hi</p>"),
        ('<a href="javascript:alert(1)">link</a>', '<a rel="noopener noreferrer">link</a>'),
        ("<style>p{}</style><iframe src=x></iframe><p>Hi</p>", "<p>Hi</p>"),
        (WORD_PASTE, "<p>Text</p>"),
    ],
)
def test_dangerous_and_foreign_markup_is_stripped(dirty, clean):
    assert clean_html(dirty) == clean


@pytest.mark.parametrize(
    "html",
    [
        "<p>A <strong>strong</strong>, <em>emphasised</em> paragraph.</p>",
        "<ul><li>one</li><li>two</li></ul>",
        "<ol><li>first</li></ol>",
        "<h2>Heading</h2><h3>Subheading</h3>",
        "<blockquote><p>A quotation.</p></blockquote>",
        '<p><a href="https://senate.parlam.kz/" rel="noopener noreferrer">Senate</a></p>',
    ],
)
def test_press_release_markup_survives(html):
    assert clean_html(html) == html


@pytest.mark.django_db
def test_saving_a_release_cleans_every_languages_body():
    release = make_release(body_en='<p onclick="x()">en<script>1</script></p>', body_kk="<p style='a'>kk</p>")
    release.refresh_from_db()
    assert (release.body_en, release.body_kk) == ("<p>en</p>", "<p>kk</p>")
