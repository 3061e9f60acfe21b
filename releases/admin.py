from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, override
from modeltranslation.admin import TabbedTranslationAdmin, TranslationAdmin, TranslationTabularInline
from solo.admin import SingletonModelAdmin

from . import images, preview, review
from .forms import MergingForm, MergingInlineFormSet
from .history_admin import VersionedAdmin
from .merging import display_name
from .models import Participant, Person, PersonChange, PressServiceDefaults, Quote, Release, Section, SlugRedirect
from .widgets import BodyEditor, ParagraphChoice

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class ParticipantInline(TranslationTabularInline):
    model = Participant
    formset = MergingInlineFormSet
    autocomplete_fields = ["person"]
    extra = 1


class QuoteForm(forms.ModelForm):
    class Meta:
        widgets = {"after_paragraph": ParagraphChoice}


class QuoteInline(TranslationTabularInline):
    model = Quote
    form = QuoteForm
    formset = MergingInlineFormSet
    autocomplete_fields = ["speaker"]
    extra = 1


class ReleaseForm(MergingForm):
    """Editors may only keep drafts; a form opened before someone else's save merges with it."""

    # A photo chosen before a validation error, kept so the editor need not choose it again (images.keep_upload).
    kept_photo = forms.CharField(label=_("kept photo"), widget=forms.HiddenInput, required=False)

    # Set for each request by ReleaseAdmin.get_form.
    can_publish = False

    class Meta:
        # modeltranslation gives body_kk, body_ru and body_en the widget named for "body".
        widgets = {"body": BodyEditor}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kept_key = self.data.get(self.add_prefix("kept_photo"))
        if self.is_bound and kept_key and not self.files.get(self.add_prefix("photo")):
            if kept := images.kept_upload(kept_key):
                self.files = self.files.copy()
                self.files[self.add_prefix("photo")] = kept
        if not self.can_publish and "status" in self.fields:
            status = self.fields["status"]
            status.choices = [(choice, choice.label) for choice in (Release.Status.DRAFT, Release.Status.REVIEW)]
            status.error_messages["invalid_choice"] = _(
                "Only publishers can publish, schedule, withdraw or unpublish a release."
            )

    def clean_photo(self):
        """A new photo is kept until the release is saved: the page may come back with another field's error."""
        photo = self.cleaned_data["photo"]
        if isinstance(photo, UploadedFile) and (kept_key := images.keep_upload(photo)):
            self.data = self.data.copy()
            self.data[self.add_prefix("kept_photo")] = kept_key
            self["photo"].help_text = _(
                "%(name)s is kept: save again to store it, or choose another file."
            ) % {"name": photo.name}
        return photo

    def save(self, commit=True):
        images.forget_upload(self.data.get(self.add_prefix("kept_photo"), ""))
        return super().save(commit)

    def clean_status(self):
        status = self.cleaned_data["status"]
        was_public = self.instance.status in (Release.Status.PUBLISHED, Release.Status.WITHDRAWN)
        if status == Release.Status.WITHDRAWN and not was_public:
            raise ValidationError(
                _("Only a published release can be withdrawn; withdrawing this one would make it public."),
                code="withdraw_unpublished",
            )
        return status

    def clean_review_comment(self):
        """Sending a release back to its editor needs a comment; status comes before it in the form."""
        comment = self.cleaned_data["review_comment"].strip()
        sending_back = (
            self.initial.get("status") == Release.Status.REVIEW
            and self.cleaned_data.get("status") == Release.Status.DRAFT
        )
        if sending_back and not comment:
            raise ValidationError(
                _("To send the release back, write the editor a comment: what should change before it is published?"),
                code="send_back_without_comment",
            )
        return comment


class StatusFilter(admin.SimpleListFilter):
    """The statuses, with "scheduled" told apart from what readers already see."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        draft, review_, published, *others = Release.Status.choices
        return [draft, ("sent_back", _("Sent back")), review_, ("scheduled", _("Scheduled")), published, *others]

    def queryset(self, request, queryset):
        if self.value() == "sent_back":
            return queryset.sent_back()
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


class ReviewMixin:
    """The review round in the release admin: an editor marks a draft ready for review and the
    publishers are e-mailed; a publisher publishes, schedules, or sends it back with a comment."""

    def save_model(self, request, obj, form, change):
        previous = form.initial.get("status") if change else None
        obj.asks_for_review = obj.status == Release.Status.REVIEW and previous != Release.Status.REVIEW
        obj.sent_back = previous == Release.Status.REVIEW and obj.status == Release.Status.DRAFT
        if obj.asks_for_review:
            # A comment belongs to the round it was written in; the editor has answered it.
            obj.review_requested_by, obj.review_comment = request.user, ""
        super().save_model(request, obj, form, change)

    # E-mail once the release and its participants and quotes are all saved.
    def response_add(self, request, obj, *args, **kwargs):
        self.tell_about_review(request, obj)
        return super().response_add(request, obj, *args, **kwargs)

    def response_change(self, request, obj):
        self.tell_about_review(request, obj)
        return super().response_change(request, obj)

    def tell_about_review(self, request, obj):
        if getattr(obj, "asks_for_review", False):
            self.report_mail(
                request, review.tell_publishers(request, obj, display_name(request.user)),
                sent=lambda count: ngettext(
                    "%(count)d publisher has been told by e-mail.", "%(count)d publishers have been told by e-mail.",
                    count,
                ) % {"count": count},
                unsent=_("No publisher could be e-mailed: tell them yourself that the release is ready."),
            )
        elif getattr(obj, "sent_back", False):
            self.report_mail(
                request, review.tell_editor(request, obj, display_name(request.user)),
                sent=lambda count: _("%(editor)s has been told by e-mail.") % {
                    "editor": display_name(obj.review_requested_by)
                },
                unsent=_("The editor could not be e-mailed: they will see your comment on the release."),
            )

    def report_mail(self, request, count, sent, unsent):
        if count:
            self.message_user(request, sent(count))
        else:
            self.message_user(request, unsent, messages.WARNING)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not self.has_publish_permission(request):
            return [*readonly, "review_comment"]
        return readonly


@admin.register(Release)
class ReleaseAdmin(ReviewMixin, VersionedAdmin, TabbedTranslationAdmin):
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
        (None, {"fields": ["title", "slug", "lead", "body", "section", "contact_line"]}),
        (_("Publication"), {
            "fields": ["status", "review_comment", "published_at", "redirect_url", "preview_links", "last_change"],
        }),
        (_("Photo"), {"fields": ["photo", "kept_photo", "photo_alt", "photo_credit"]}),
        (_("Advanced options"), {"classes": ["collapse"], "fields": ["views"]}),
    ]
    inlines = [ParticipantInline, QuoteInline]
    actions = ["publish", "withdraw", "unpublish", "revoke_preview_links"]

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
        if release.is_sent_back:
            return format_html("<strong>{}</strong><br>{}", _("Sent back"), release.review_comment)
        return release.get_status_display()

    @admin.display(description=_("preview links"))
    def preview_links(self, release):
        if release.pk is None:
            return _("Save the release to get links a reviewer without an account can open.")
        if release.status in Release.PREVIEW_ENDING_STATUSES:
            return _("A withdrawn or unpublished release has no preview links.")
        links = []
        for code, name in settings.LANGUAGES:
            with override(code):
                links.append((preview.url_for(release), name))
        return format_html(
            "{}<br>{} {}",
            format_html_join(" · ", '<a href="{}">{}</a>', links),
            _("Anyone with one of these links can read this release for %(days)d days, even before it is public.")
            % {"days": preview.MAX_AGE.days},
            _("A publisher can make them all stop working: the action “Revoke preview links” in the list."),
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

    def get_changeform_initial_data(self, request):
        defaults = PressServiceDefaults.get_solo()
        return {
            **{f"contact_line_{code}": getattr(defaults, f"contact_line_{code}") for code in LANGUAGE_CODES},
            **super().get_changeform_initial_data(request),
        }

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

    @admin.action(description=_("Revoke preview links: every link given so far stops working"), permissions=["publish"])
    def revoke_preview_links(self, request, queryset):
        for release in queryset:
            preview.revoke_links(release)
            self.log_change(request, release, _("Revoked the preview links."))
        self.message_user(
            request,
            ngettext(
                "The preview links of %(count)d release no longer work. New links are on its page.",
                "The preview links of %(count)d releases no longer work. New links are on their pages.",
                len(queryset),
            ) % {"count": len(queryset)},
        )


@admin.register(PressServiceDefaults)
class PressServiceDefaultsAdmin(SingletonModelAdmin, TabbedTranslationAdmin):
    pass


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["slug", "language", "release"]
    list_filter = ["language"]
    search_fields = ["slug"]
    autocomplete_fields = ["release"]


class PersonModerationMixin:
    """An editor's change to a person a publisher has approved a release naming waits for a publisher,
    as a PersonChange, instead of showing on the public pages at once."""

    def waits_for_publisher(self, request, person):
        return (
            not request.user.has_perm("releases.publish_release")
            and Person.objects.on_approved_releases().filter(pk=person.pk).exists()
        )

    def save_model(self, request, obj, form, change):
        if change and self.waits_for_publisher(request, obj):
            changes = {field: form.cleaned_data[field] for field in form.changed_data}
            obj.proposed_change = PersonChange.propose(obj, changes, request.user)
            return
        super().save_model(request, obj, form, change)

    def log_change(self, request, obj, message):
        if getattr(obj, "proposed_change", None):
            message = _("Proposed a change for a publisher to approve.")
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if getattr(obj, "proposed_change", None) is None:
            return super().response_change(request, obj)
        self.message_user(
            request,
            _(
                "Your change to “%(person)s” waits for a publisher: readers see the person as before "
                "until it is approved."
            ) % {"person": Person.objects.get(pk=obj.pk)},
            messages.WARNING,
        )
        return HttpResponseRedirect(reverse("admin:releases_personchange_changelist"))

    @admin.display(description=_("awaiting approval"))
    def awaiting_approval(self, person):
        change = PersonChange.objects.filter(person=person).first() if person.pk else None
        if change is None:
            return "—"
        return change_summary(change)


def change_summary(change):
    """Each proposed field as “label: before → after”."""
    person = change.person
    return format_html_join(
        "", "<div><strong>{}</strong>: {} → {}</div>",
        (
            (capfirst(Person._meta.get_field(field).verbose_name), getattr(person, field) or "—", value or "—")
            for field, value in change.changes.items()
        ),
    )


@admin.register(Person)
class PersonAdmin(PersonModerationMixin, VersionedAdmin, TranslationAdmin):
    form = MergingForm
    list_display = ["name", "position", "slug"]
    search_fields = ["name_kk", "name_ru", "name_en", "alternative_names", "slug"]
    readonly_fields = ["awaiting_approval"]
    # Django would join every name it follows into one slug; with only the English one typed, save makes it.
    prepopulated_fields = {"slug": ["name_en"]}

    class Media:
        js = ["admin/js/urlify.js", "js/admin_slugs.js"]  # after the URLify it extends


@admin.register(PersonChange)
class PersonChangeAdmin(admin.ModelAdmin):
    """Editors' changes to people on approved releases; a publisher approves or rejects each."""

    list_display = ["person", "summary", "proposed_by", "proposed_at"]
    list_display_links = None  # the list shows all there is to decide on
    list_select_related = ["person", "proposed_by"]
    actions = ["approve", "reject"]

    @admin.display(description=_("changes"))
    def summary(self, change):
        return change_summary(change)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("releases.change_person")

    def has_add_permission(self, request):
        return False  # proposed by saving a person

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # rejecting is the "reject" action

    def has_publish_permission(self, request):
        return request.user.has_perm("releases.publish_release")

    @admin.action(description=_("Approve: readers see the changes"), permissions=["publish"])
    def approve(self, request, queryset):
        approved = 0
        for change in queryset.select_related("person"):
            try:
                person = change.approve()
            except ValidationError as error:
                self.message_user(
                    request,
                    _("The change to “%(person)s” cannot be approved, and still waits: %(errors)s")
                    % {"person": change.person, "errors": " ".join(error.messages)},
                    messages.ERROR,
                )
                continue
            approved += 1
            self.log_change(request, person, _("Approved a change proposed by %(user)s.") % {
                "user": display_name(change.proposed_by) if change.proposed_by else _("someone"),
            })
        if approved:
            self.message_user(request, ngettext(
                "%(count)d change approved: readers see it now.",
                "%(count)d changes approved: readers see them now.", approved,
            ) % {"count": approved})

    @admin.action(description=_("Reject: keep the person as readers see them"), permissions=["publish"])
    def reject(self, request, queryset):
        count = len(queryset)
        queryset.delete()
        self.message_user(request, ngettext(
            "%(count)d change rejected.", "%(count)d changes rejected.", count,
        ) % {"count": count})


@admin.register(Section)
class SectionAdmin(VersionedAdmin, TranslationAdmin):
    form = MergingForm
    list_display = ["name", "slug", "position"]
