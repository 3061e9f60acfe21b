# Kazakh in Latin script: the Kazakh formats with their words transliterated ("2023 jylğy 6 jeltoqsan");
# the month names come from the Latin catalogue made from the Kazakh one.
from senate_press.formats.kk import formats as kazakh

from releases.kazakh_latin import to_latin

DATE_FORMAT = to_latin(kazakh.DATE_FORMAT)
DATETIME_FORMAT = to_latin(kazakh.DATETIME_FORMAT)
YEAR_MONTH_FORMAT = to_latin(kazakh.YEAR_MONTH_FORMAT)
MONTH_DAY_FORMAT = kazakh.MONTH_DAY_FORMAT
SHORT_DATE_FORMAT = kazakh.SHORT_DATE_FORMAT
FIRST_DAY_OF_WEEK = kazakh.FIRST_DAY_OF_WEEK
DECIMAL_SEPARATOR = kazakh.DECIMAL_SEPARATOR
THOUSAND_SEPARATOR = kazakh.THOUSAND_SEPARATOR
NUMBER_GROUPING = kazakh.NUMBER_GROUPING
