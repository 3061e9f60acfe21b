# Russian official style: "6 декабря 2023 г." with the month in the genitive.
DATE_FORMAT = r"j E Y \г."
DATETIME_FORMAT = r"j E Y \г., H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
