from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Participant, Person, Quote, Release, Section


class ParticipantInline(TranslationTabularInline):
    model = Participant
    autocomplete_fields = ["person"]
    extra = 0


class QuoteInline(TranslationTabularInline):
    model = Quote
    autocomplete_fields = ["speaker"]
    extra = 0


@admin.register(Release)
class ReleaseAdmin(TranslationAdmin):
    list_display = ["title", "published_at", "status", "section", "views"]
    list_filter = ["status", "section"]
    search_fields = ["title_kk", "title_ru", "title_en"]
    date_hierarchy = "published_at"
    readonly_fields = ["views"]
    inlines = [ParticipantInline, QuoteInline]


@admin.register(Person)
class PersonAdmin(TranslationAdmin):
    list_display = ["name", "position", "slug"]
    search_fields = ["name_kk", "name_ru", "name_en", "slug"]


@admin.register(Section)
class SectionAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
