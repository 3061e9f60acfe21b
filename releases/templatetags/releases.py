import re

from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_language as data_language

from releases import latin_pages, reading, search
from releases.images import rendition_urls
from releases.kazakh_latin import to_latin

register = template.Library()

FALLBACK_NOTICES = {
    "kk": _("Not yet translated into this language: shown in Kazakh."),
    "ru": _("Not yet translated into this language: shown in Russian."),
    "en": _("Not yet translated into this language: shown in English."),
}


@register.simple_tag
def fallback_notice(content_language):
    return FALLBACK_NOTICES[content_language]


@register.simple_tag
def release_meta(release):
    """When a release was published and how many times it was read, in the page's language.

    Every card of every list has one: built here, without a template of its own to render each time.
    """
    published = localtime(release.published_at)
    views = ngettext("%(views)s view", "%(views)s views", release.views) % {"views": intcomma(release.views)}
    return format_html('<time datetime="{}">{}</time>\n<span class="views">{}</span>',
                       published.isoformat(), date(published, "DATE_FORMAT"), views)


@register.filter
def breakable_address(url):
    """An address a narrow line may wrap after its slashes, dots and colons, never inside a word."""
    return mark_safe(re.sub(r"([/.:])", r"\1<wbr>", conditional_escape(url)))


@register.filter
def language_tag(code):
    """A language code as lang and hreflang spell it: kk-latn is kk-Latn."""
    return latin_pages.language_tag(code)


@register.simple_tag
def language_menu(alternate_urls):
    """The language links and, on a Kazakh page, the script switch, as (code, address[, label]):
    the Kazakh link stays in the script being read. `alternate_urls` is the page's address in
    each version (latin_pages.addresses)."""
    address = dict(alternate_urls)
    reading_kazakh = data_language() == latin_pages.KAZAKH
    kazakh = get_language() if reading_kazakh else latin_pages.KAZAKH
    codes = [kazakh if code == latin_pages.KAZAKH else code for code, _name in settings.LANGUAGES]
    scripts = ((latin_pages.KAZAKH, "Кирилл"), (latin_pages.LATIN_KAZAKH, to_latin("Латын")))
    return {
        "languages": [(code, address[code]) for code in codes],
        "scripts": [(code, address[code], label) for code, label in scripts] if reading_kazakh else [],
    }


@register.simple_tag
def lang_attr(obj):
    """` lang="xx"` when an object is shown in a fallback language, else nothing."""
    if obj.content_language == get_language():
        return ""
    return format_html(' lang="{}"', obj.content_language)


# How wide each kind of photo is laid out (see site.css), so the browser picks a rendition before layout.
PHOTO_SIZES = {
    "main": "(min-width: 48rem) 44rem, calc(100vw - 2rem)",
    "card": "(min-width: 40em) 12rem, calc(100vw - 2rem)",
}


@register.simple_tag(takes_context=True)
def release_photo(context, release, kind, position=1):
    """A release's photo as <picture>: WebP renditions with a JPEG fallback, read from `photo_renditions`.

    The main photo loads first. In a list the first `eager_photos` cards (two unless the
    including template says otherwise) load at once, the first of them first (on a phone it
    is the largest thing on the first screen); the rest wait until scrolled near.
    """
    sizes = release.photo_renditions["sizes"]
    rendition_url = rendition_urls(release.photo_renditions["source"])

    def srcset(extension):
        return ", ".join(f"{rendition_url(width, extension)} {width}w" for width, _height in sizes)

    # The fallback src: the smallest for a card, the largest for the release page.
    width, height = sizes[-1] if kind == "main" else sizes[0]
    loading = card_photo_loading(context, position) if kind == "card" else FIRST
    lazy, high_priority = loading == LAZY, loading == FIRST
    return format_html(
        '<picture{}>\n  <source type="image/webp" srcset="{}" sizes="{}">\n'
        '  <img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}>\n</picture>',
        format_html(' class="{}"', "release-card__photo") if kind == "card" else "",
        srcset("webp"), PHOTO_SIZES[kind],
        rendition_url(width, "jpg"), srcset("jpg"), PHOTO_SIZES[kind], width, height,
        release.photo_alt if kind == "main" else "",
        mark_safe(' loading="lazy"') if lazy else "", mark_safe(' fetchpriority="high"') if high_priority else "",
    )


FIRST, EAGER, LAZY = "first", "eager", "lazy"


def card_photo_loading(context, position):
    """How the photo of a list's card at `position` loads: the first `eager_photos` cards' at once,
    the first of them first; the rest when scrolled near."""
    if position > context.get("eager_photos", 2):
        return LAZY
    return FIRST if position == 1 else EAGER


CARD_TEMPLATE = "releases/includes/release_card.html"
# Cards the static copy keeps in each worker (reading.kept_between_pages), a few kB each: room for
# every card of a 100,000-release archive in every version. A card is on the front page, its
# section's, year's, month's and participants' pages, which the crawl reaches far apart.
KEPT_CARDS = 600_000


@register.simple_tag(takes_context=True)
def release_card(context, release, position):
    """A release's card on a list, at `position` on it (CARD_TEMPLATE).

    A card is the same on every list it is on: the static copy, which shows each on many lists
    and under related releases, renders it once (reading.kept_between_pages).
    """
    cards = reading.kept("cards", most=KEPT_CARDS)
    key = (get_language(), release.pk, context.get("card_heading"), card_photo_loading(context, position))
    if cards is not None and key in cards:
        return cards[key]
    with context.push(release=release, position=position):
        card = context.template.engine.get_template(CARD_TEMPLATE).render(context)
    if cards is not None:
        cards[key] = card
    return card


@register.filter
def highlight(snippet):
    """A search snippet of plain text, escaped, its matches in <mark>."""
    return search.highlight(snippet)


@register.filter
def highlight_html(snippet):
    """A search snippet of HTML stripped of its tags, its entities decoded, escaped, its matches in <mark>."""
    return search.highlight(snippet, from_html=True)
