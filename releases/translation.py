from modeltranslation.translator import TranslationOptions, register

from .models import Participant, Person, Institution, Quote, Release, Section


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    fields = ("name", "position")


@register(Release)
class ReleaseTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "lead", "body", "photo_alt", "photo_credit", "contact_line", "correction")
    empty_values = {"slug": None}


@register(Participant)
class ParticipantTranslationOptions(TranslationOptions):
    fields = ("role", "position_held")


@register(Quote)
class QuoteTranslationOptions(TranslationOptions):
    fields = ("text",)


@register(Institution)
class InstitutionTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "press_service", "address", "contact_line", "successor_name")
