from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, override
from modeltranslation.admin import TabbedTranslationAdmin, TranslationAdmin, TranslationTabularInline

from . import images, preview
from .models import Participant, Person, Quote, Release, Section, SlugRedirect
from .widgets import BodyEditor

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class ParticipantInline(TranslationTabularInline):
    model = Participant
    autocomplete_fields = ["person"]
    extra = 0


class QuoteInline(TranslationTabularInline):
    model = Quote
    autocomplete_fields = ["speaker"]
    extra = 0


def display_name(user):
    return user.get_full_name() or user.get_username()


class ReleaseForm(forms.ModelForm):
    """Editors may only keep drafts; a form opened before someone else's save cannot overwrite it."""

    # Set for each request by ReleaseAdmin.get_form.
    can_publish = False

    class Meta:
        # modeltranslation gives body_kk, body_ru and body_en the widget named for "body".
        widgets = {"version": forms.HiddenInput, "body": BodyEditor}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.can_publish and "status" in self.fields:
            status = self.fields["status"]
            status.choices = [(Release.Status.DRAFT, Release.Status.DRAFT.label)]
            status.error_messages["invalid_choice"] = _(
                "Only publishers can publish, schedule, withdraw or unpublish a release."
            )

    def clean_status(self):
        status = self.cleaned_data["status"]
        was_public = self.instance.status in (Release.Status.PUBLISHED, Release.Status.WITHDRAWN)
        if status == Release.Status.WITHDRAWN and not was_public:
            raise ValidationError(
                _("Only a published release can be withdrawn; withdrawing this one would make it public."),
                code="withdraw_unpublished",
            )
        return status

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None and "version" in cleaned_data:
            # Locked until the admin's transaction ends, so no save slips in between.
            saved = Release.objects.select_for_update().get(pk=self.instance.pk)
            if saved.version != cleaned_data["version"]:
                # Carry the newer version, so saving again deliberately keeps this user's input.
                self.data = self.data.copy()
                self.data[self.add_prefix("version")] = saved.version
                raise ValidationError(
                    _(
                        "%(user)s changed this release at %(time)s, after you opened it. Your changes are "
                        "not saved yet: open the release in another tab to see theirs, then save again "
                        "here to keep yours."
                    ),
                    code="changed_meanwhile",
                    params={
                        "user": display_name(saved.updated_by) if saved.updated_by else _("Someone"),
                        "time": date_format(timezone.localtime(saved.updated_at), "DATETIME_FORMAT"),
                    },
                )
        return cleaned_data


class StatusFilter(admin.SimpleListFilter):
    """The statuses, with "scheduled" told apart from what readers already see."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        draft, published, *others = Release.Status.choices
        return [draft, ("scheduled", _("Scheduled")), published, *others]

    def queryset(self, request, queryset):
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == Release.Status.PUBLISHED:
            return queryset.published()
        if self.value():
            return queryset.filter(status=self.value())
        return queryset


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("missing translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return settings.LANGUAGES

    def queryset(self, request, queryset):
        if self.value() in LANGUAGE_CODES:
            return queryset.missing_translation(self.value())
        return queryset


def translation_complete(language):
    """A changelist column: does the release have a title and a body in this language?

    Headed by the language's code, as the form's language tabs are.
    """

    @admin.display(boolean=True, description=language.upper())
    def complete(release):
        return release.is_complete_in(language)

    return complete


@admin.register(Release)
class ReleaseAdmin(TabbedTranslationAdmin):
    form = ReleaseForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "title", "state", "published_at", "section",
        *(translation_complete(code) for code in LANGUAGE_CODES),
        "views",
    ]
    list_filter = [StatusFilter, "section", MissingTranslationFilter]
    search_fields = [
        f"{field}_{code}"
        for field in ("title", "lead", "body", "participants__person__name")
        for code in LANGUAGE_CODES
    ]
    date_hierarchy = "published_at"
    prepopulated_fields = {f"slug_{code}": [f"title_{code}"] for code in LANGUAGE_CODES}
    readonly_fields = ["views", "preview_links", "last_change"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body", "section"]}),
        (_("Publication"), {
            "fields": ["status", "published_at", "redirect_url", "preview_links", "last_change", "version"],
        }),
        (_("Photo"), {"fields": ["photo", "photo_alt", "photo_credit"]}),
        (_("Advanced options"), {"classes": ["collapse"], "fields": ["contact_line", "views"]}),
    ]
    inlines = [ParticipantInline, QuoteInline]
    actions = ["publish", "withdraw", "unpublish"]

    class Media:
        js = ["admin/js/urlify.js", "js/admin_slugs.js"]  # after the URLify it extends

    def get_queryset(self, request):
        return super().get_queryset(request).without_search_vectors()

    def changeform_view(self, *args, **kwargs):
        # The form's transaction may still roll back after the release is saved (its
        # participants, quotes, history): its new photo's files go with it.
        with images.discarded_on_error():
            return super().changeform_view(*args, **kwargs)

    @admin.display(description=_("status"), ordering="status")
    def state(self, release):
        if release.is_scheduled:
            return format_html(
                "<strong>{}</strong>",
                _("Scheduled for %(time)s")
                % {"time": date_format(timezone.localtime(release.published_at), "DATETIME_FORMAT")},
            )
        return release.get_status_display()

    @admin.display(description=_("preview links"))
    def preview_links(self, release):
        if release.pk is None:
            return _("Save the release to get links a reviewer without an account can open.")
        links = []
        for code, name in settings.LANGUAGES:
            with override(code):
                links.append((preview.url_for(release), name))
        return format_html(
            "{}<br>{}",
            format_html_join(" · ", '<a href="{}">{}</a>', links),
            _("Anyone with one of these links can read this release for %(days)d days, even before it is public.")
            % {"days": preview.MAX_AGE.days},
        )

    @admin.display(description=_("last changed"))
    def last_change(self, release):
        if release.pk is None:
            return "—"
        return _("%(time)s by %(user)s") % {
            "time": date_format(timezone.localtime(release.updated_at), "DATETIME_FORMAT"),
            "user": display_name(release.updated_by) if release.updated_by else _("someone"),
        }

    def has_publish_permission(self, request):
        return request.user.has_perm("releases.publish_release")

    def has_change_permission(self, request, obj=None):
        """Editors change drafts; once a release has left the drafts, only publishers do."""
        allowed = super().has_change_permission(request, obj)
        if obj is None or obj.status == Release.Status.DRAFT:
            return allowed
        return allowed and self.has_publish_permission(request)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.can_publish = self.has_publish_permission(request)
        return form

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def change_status(self, request, queryset, status):
        """Give each release the status, recorded in its history as a form's change would be."""
        for release in queryset:
            release.status, release.redirect_url, release.updated_by = status, "", request.user
            release.save()
            self.log_change(request, release, [{"changed": {"fields": [str(capfirst(Release.status.field.verbose_name))]}}])
        self.message_user(
            request,
            ngettext(
                "%(count)d release is now “%(status)s”.", "%(count)d releases are now “%(status)s”.", len(queryset)
            ) % {"count": len(queryset), "status": status.label},
        )

    @admin.action(description=_("Publish (scheduled if the time is in the future)"), permissions=["publish"])
    def publish(self, request, queryset):
        self.change_status(request, queryset, Release.Status.PUBLISHED)

    @admin.action(description=_("Withdraw: keep the page with a notice"), permissions=["publish"])
    def withdraw(self, request, queryset):
        self.change_status(request, queryset.filter(status=Release.Status.PUBLISHED), Release.Status.WITHDRAWN)

    @admin.action(description=_("Unpublish: remove the page"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self.change_status(request, queryset, Release.Status.UNPUBLISHED)


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["slug", "language", "release"]
    list_filter = ["language"]
    search_fields = ["slug"]
    autocomplete_fields = ["release"]


@admin.register(Person)
class PersonAdmin(TranslationAdmin):
    list_display = ["name", "position", "slug"]
    search_fields = ["name_kk", "name_ru", "name_en", "alternative_names", "slug"]


@admin.register(Section)
class SectionAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
