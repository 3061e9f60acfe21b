from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from . import documents, merging, reading
from .search import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, widget=forms.SearchInput)
    order = forms.ChoiceField(
        label=_("Order"), required=False,
        choices=[("", _("Most relevant first")), ("date", _("Newest first"))],
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    # Slugs, from lists kept until a change retires search pages (reading.search_filter_choices).
    section = forms.ChoiceField(label=_("Section"), required=False)
    person = forms.ChoiceField(label=_("Person"), required=False)

    max_query_length = MAX_QUERY_LENGTH
    shortened = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sections, people = reading.search_filter_choices()
        self.fields["section"].choices = [("", _("All sections")), *sections]
        self.fields["person"].choices = [("", _("Anyone")), *people]

    def clean_q(self):
        """The query with its spaces tidied, cut to a sane length (self.shortened says so)."""
        query = " ".join(self.cleaned_data["q"].split())
        self.shortened = len(query) > self.max_query_length
        return query[: self.max_query_length]

    def clean(self):
        cleaned_data = super().clean()
        date_from, date_to = cleaned_data.get("date_from"), cleaned_data.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise ValidationError(_("The start date is after the end date."), code="date_order")
        return cleaned_data

    def filter(self, releases):
        """Releases narrowed by the chosen dates, section and person."""
        data = self.cleaned_data
        if data["date_from"]:
            releases = releases.filter(published_at__date__gte=data["date_from"])
        if data["date_to"]:
            releases = releases.filter(published_at__date__lte=data["date_to"])
        if data["section"]:
            releases = releases.filter(section__slug=data["section"])
        if data["person"]:
            releases = releases.filter(participants__person__slug=data["person"])
        return releases


class MergingForm(forms.ModelForm):
    """A change form that merges a colleague's save made after it was opened, instead of overwriting it.

    base_version is the version the form was opened on; seen_version the newest one whose changes
    the form has shown. Fields only one side changed keep that side's value; a field both changed
    differently needs the editor's "keep theirs / keep mine", given after seeing the newest version.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.merge = None
        self.stored = merging.values_of(self.instance) if self.instance.pk else {}
        if self.instance.pk and not self.is_bound:
            version = merging.latest_version(self.instance)
            self.initial["base_version"] = version.pk if version else None

    def merged_fields(self):
        return [field for field in merging.content_fields(self._meta.model) if field.name in self.fields]

    @property
    def changed_data(self):
        """The fields whose value really differs from the saved one, however the browser wrote it."""
        if not self.instance.pk or not hasattr(self, "cleaned_data"):
            return super().changed_data
        mine = merging.values_of(self.instance)
        merged = {field.name: field.attname for field in self.merged_fields()}
        return [
            name for name in super().changed_data
            if name not in {"base_version", "seen_version"}
            and (name not in merged or mine[merged[name]] != self.stored.get(merged[name]))
        ]

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk is not None and not self.errors:
            self.merge_with_saved()

    def merge_with_saved(self):
        model = self._meta.model
        # Locked until the admin's transaction ends, so no save slips in between.
        saved = model._default_manager.select_for_update().get(pk=self.instance.pk)
        latest = merging.latest_version(saved)
        base = merging.Version.objects.get_for_object(saved).filter(pk=self.cleaned_data.get("base_version")).first()
        base = base or latest
        if base is None:
            return
        base_values = merging.version_values(base)
        theirs, mine = merging.values_of(saved), merging.values_of(self.instance)
        children_changes = merging.children_changes(
            model, merging.children_of(base), merging.current_children(saved)
        )
        if not children_changes and all(theirs[f.attname] == base_values.get(f.attname) for f in self.merged_fields()):
            self.keep_unchanged_values(saved)
            return
        seen = self.cleaned_data.get("seen_version") == latest.pk
        self.data = self.data.copy()
        their_changes, conflicts = [], []
        for field in self.merged_fields():
            name = field.attname
            if theirs[name] == base_values[name]:
                continue
            change = merging.FieldChange(field, base_values[name], theirs[name])
            their_changes.append(change)
            choice = self.data.get(f"keep-{field.name}") if seen else None
            if mine[name] in (base_values[name], theirs[name]) or choice == "theirs":
                self.take_theirs(field, saved)
            elif choice != "mine":
                conflicts.append((change, merging.FieldChange(field, base_values[name], mine[name])))
        self.merge = merging.Merge(
            their_changes=their_changes,
            their_children_changes=children_changes,
            conflicts=conflicts,
            author=latest.revision.user,
            when=latest.revision.date_created,
            seen=seen,
        )
        # The inline formsets are checked after this form, on the same instance.
        self.instance.merge = self.merge
        self.keep_unchanged_values(saved)
        self.data[self.add_prefix("seen_version")] = latest.pk
        if conflicts:
            self.add_error(None, ValidationError(
                _(
                    "%(user)s saved changes after you opened this form. Their changes to other fields are kept "
                    "with yours; where you both changed the same field, choose above whose text to keep, then "
                    "save. Nothing of yours is saved yet, and nothing is lost."
                ),
                code="changed_meanwhile",
                params={"user": merging.display_name(self.merge.author)},
            ))

    def take_theirs(self, field, saved):
        """Use the saved value, and show it in the form should it be shown again."""
        value = field.value_from_object(saved)
        setattr(self.instance, field.attname, value)
        form_field, key = self.fields[field.name], self.add_prefix(field.name)
        prepared = form_field.prepare_value(value)
        if isinstance(form_field.widget, forms.MultiWidget):
            for number, part in enumerate(form_field.widget.decompress(prepared)):
                self.data[f"{key}_{number}"] = "" if part is None else str(part)
        else:
            self.data[key] = "" if prepared is None else prepared

    def keep_unchanged_values(self, saved):
        """A value written differently but meaning the same (an editor's markup) stays as it was saved."""
        mine, theirs = merging.values_of(self.instance), merging.values_of(saved)
        for field in self.merged_fields():
            if mine[field.attname] == theirs[field.attname]:
                setattr(self.instance, field.attname, field.value_from_object(saved))


class MergingInlineFormSet(forms.BaseInlineFormSet):
    """Inline rows (participants, quotes) a colleague changed meanwhile are not overwritten unasked."""

    keep_saved = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gone = self.drop_rows_deleted_meanwhile() if self.is_bound and self.instance.pk else set()

    def drop_rows_deleted_meanwhile(self):
        """Rows someone deleted after the form was opened are deleted in it too, rather than refused."""
        existing = {str(pk) for pk in self.get_queryset().values_list("pk", flat=True)}
        self.data = self.data.copy()
        gone = set()
        for number in range(self.initial_form_count()):
            pk = self.data.get(f"{self.add_prefix(number)}-id")
            if pk and pk not in existing:
                self.data[f"{self.add_prefix(number)}-DELETE"] = "on"
                gone.add(number)
        return gone

    def has_changed(self):
        return any(form.has_changed() for number, form in enumerate(self.forms) if number not in self.gone)

    def clean(self):
        super().clean()
        merge = getattr(self.instance, "merge", None)
        if merge is None or not self.has_changed() or self.prefix not in merge.children_relations:
            return
        choice = self.data.get(f"keep-{self.prefix}") if merge.seen else None
        if choice == "theirs":
            self.keep_saved = True
        elif choice != "mine":
            merge.conflicting_children.append(self.prefix)
            raise ValidationError(
                _("Someone changed these rows after you opened the form: choose above whose to keep."),
                code="changed_meanwhile",
            )

    def save(self, commit=True):
        if self.keep_saved:
            self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
            return []
        return super().save(commit)


class ImportFileForm(forms.Form):
    """A Word document or the old site's text, read into a release for the editor to check (releases/documents.py)."""

    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": f"{documents.WORD_EXTENSION},{documents.TEXT_EXTENSION}"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the text"), required=False,
        choices=[("", _("Recognise from the text")), *settings.LANGUAGES],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A Word document (.docx) or the old site's text (.txt), up to %(limit)s."
        ) % {"limit": filesizeformat(documents.MAX_BYTES)}

    def clean(self):
        cleaned_data = super().clean()
        if upload := cleaned_data.get("file"):
            try:
                cleaned_data["draft"] = documents.read_release(upload, cleaned_data.get("language") or None)
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned_data
