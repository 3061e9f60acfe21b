"""Month names in the form dates use, listed here so `makemessages` keeps them in our catalogues.

Django's own Kazakh catalogue capitalises them ("6 Желтоқсан"); inside a Kazakh
date they are lowercase ("2023 жылғы 6 желтоқсан"), so our kk catalogue
overrides the "alt. month" forms that DATE_FORMAT's `E` uses.
"""

from django.utils.translation import pgettext_lazy

MONTHS_IN_DATES = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
