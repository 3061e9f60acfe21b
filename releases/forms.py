from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Person, Section
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
    section = forms.ModelChoiceField(
        Section.objects.all(), label=_("Section"), required=False, to_field_name="slug",
        empty_label=_("All sections"),
    )
    person = forms.ModelChoiceField(
        Person.objects.none(), label=_("Person"), required=False, to_field_name="slug", empty_label=_("Anyone"),
    )

    max_query_length = MAX_QUERY_LENGTH
    shortened = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked for each form: who is public depends on the time (a scheduled release appearing).
        self.fields["person"].queryset = Person.objects.public()

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
            releases = releases.filter(section=data["section"])
        if data["person"]:
            releases = releases.filter(participants__person=data["person"])
        return releases
