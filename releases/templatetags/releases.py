from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()

FALLBACK_NOTICES = {
    "kk": _("Not yet translated into this language: shown in Kazakh."),
    "ru": _("Not yet translated into this language: shown in Russian."),
    "en": _("Not yet translated into this language: shown in English."),
}


@register.simple_tag
def fallback_notice(content_language):
    return FALLBACK_NOTICES[content_language]


@register.inclusion_tag("releases/includes/release_meta.html")
def release_meta(release):
    return {"release": release}


@register.simple_tag
def lang_attr(obj):
    """` lang="xx"` when an object is shown in a fallback language, else nothing."""
    if obj.content_language == get_language():
        return ""
    return format_html(' lang="{}"', obj.content_language)
