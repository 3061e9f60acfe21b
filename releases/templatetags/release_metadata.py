"""What a release page tells link previews and search engines: Open Graph, Twitter card, NewsArticle."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from releases.latin_pages import language_tag

register = template.Library()

# Open Graph names no script: Kazakh in Latin script is kk_KZ too.
OPEN_GRAPH_LOCALES = {"kk": "kk_KZ", "kk-latn": "kk_KZ", "ru": "ru_RU", "en": "en_US"}

# Inside <script> only these could end the element or start markup; JSON allows them escaped.
SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


@register.inclusion_tag("releases/includes/release_metadata.html", takes_context=True)
def release_metadata(context, release):
    request = context["request"]
    page_url = request.build_absolute_uri(release.get_absolute_url())
    photo = None
    if release.photo:
        photo = {
            "url": request.build_absolute_uri(release.photo.url),
            "width": release.photo.width,
            "height": release.photo.height,
        }
    return {
        "open_graph": open_graph(release, page_url, photo),
        "twitter_card": twitter_card(release, photo),
        "news_article": script_safe_json(news_article(release, page_url, photo, request)),
    }


def open_graph(release, page_url, photo):
    """(property, content) pairs; og:locale is the language the text is actually in."""
    locale = OPEN_GRAPH_LOCALES[release.content_language]
    translated = [code for code, _name in settings.LANGUAGES if getattr(release, f"title_{code}")]
    tags = [
        ("og:type", "article"),
        ("og:title", release.title),
        ("og:description", release.lead or release.title),
        ("og:url", page_url),
        ("og:site_name", _("Senate of the Parliament of the Republic of Kazakhstan")),
        ("og:locale", locale),
        *[("og:locale:alternate", OPEN_GRAPH_LOCALES[code]) for code in translated if OPEN_GRAPH_LOCALES[code] != locale],
        ("article:published_time", localtime(release.published_at).isoformat()),
        ("article:modified_time", localtime(release.updated_at).isoformat()),
        ("article:section", release.section.name),
    ]
    if photo:
        tags += [
            ("og:image", photo["url"]),
            ("og:image:width", photo["width"]),
            ("og:image:height", photo["height"]),
            ("og:image:alt", release.photo_alt),
        ]
    return tags


def twitter_card(release, photo):
    """(name, content) pairs; the large card needs a photo."""
    tags = [
        ("twitter:card", "summary_large_image" if photo else "summary"),
        ("twitter:title", release.title),
        ("twitter:description", release.lead or release.title),
    ]
    if photo:
        tags += [("twitter:image", photo["url"]), ("twitter:image:alt", release.photo_alt)]
    return tags


def news_article(release, page_url, photo, request):
    """The schema.org NewsArticle, as the dict that becomes the page's JSON-LD."""
    press_service = {
        "@type": "Organization",
        "name": _("Press service of the Senate of the Parliament of the Republic of Kazakhstan"),
        "url": request.build_absolute_uri(reverse("releases:index")),
        "logo": {"@type": "ImageObject", "url": request.build_absolute_uri(static("img/emblem.svg"))},
    }
    article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": release.title,
        "description": release.lead,
        "datePublished": localtime(release.published_at),
        "dateModified": localtime(release.updated_at),
        "inLanguage": language_tag(release.content_language),
        "articleSection": release.section.name,
        "mainEntityOfPage": {"@type": "WebPage", "@id": page_url},
        "url": page_url,
        "author": press_service,
        "publisher": press_service,
    }
    if photo:
        article["image"] = {"@type": "ImageObject", **photo}
    return article


def script_safe_json(data):
    """JSON that cannot close its <script> element, whatever the release's text holds."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).translate(SCRIPT_SAFE))
