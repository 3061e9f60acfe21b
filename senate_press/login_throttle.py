"""Who must wait before trying a password at the admin's login, and for how long.

django-axes records each wrong password (username, client address, time) and asks this
handler whether a login may be tried. Over the last AXES_COOLOFF_TIME:

- one username from one address: AXES_FAILURE_LIMIT wrong passwords pause that pair
  for the cool-off, counted from the last of them; the owner elsewhere is not affected;
- one address, whatever the usernames: ADDRESS_FAILURE_LIMIT pause that address the same way;
- one username from all addresses together: past ACCOUNT_FREE_FAILURES, each try waits
  twice as long after the latest wrong password as the one before, up to
  ACCOUNT_LONGEST_WAIT. This slows a guesser with many addresses without locking the
  owner out, and spares the addresses the owner has signed in from before.

`manage.py axes_reset_username NAME` lifts every wait for that username.
"""

import math
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Max, Q, Sum
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

ADDRESS_FAILURE_LIMIT = 20
ACCOUNT_FREE_FAILURES = 10
ACCOUNT_LONGEST_WAIT = timedelta(minutes=15)


def seconds_to_wait(request, username):
    """Whole seconds before `username` may be tried from this request's address; 0 if now."""
    now = request.axes_attempt_time
    address = request.axes_ip_address
    cool_off = get_cool_off(request)
    rules = {"pair": Q(username=username, ip_address=address), "address": Q(ip_address=address),
             "account": Q(username=username)}
    recent = AccessAttempt.objects.filter(attempt_time__gt=now - cool_off).aggregate(
        **{f"{rule}_failures": Sum("failures_since_start", filter=match, default=0) for rule, match in rules.items()},
        **{f"{rule}_last": Max("attempt_time", filter=match) for rule, match in rules.items()},
    )
    waits_until = [now]
    if recent["pair_failures"] >= settings.AXES_FAILURE_LIMIT:
        waits_until.append(recent["pair_last"] + cool_off)
    if recent["address_failures"] >= ADDRESS_FAILURE_LIMIT:
        waits_until.append(recent["address_last"] + cool_off)
    beyond_free = recent["account_failures"] - ACCOUNT_FREE_FAILURES
    if username and beyond_free >= 0 and not has_signed_in_from(username, address):
        wait = min(timedelta(seconds=2 ** min(beyond_free, 20)), ACCOUNT_LONGEST_WAIT)
        waits_until.append(recent["account_last"] + wait)
    return math.ceil((max(waits_until) - now).total_seconds())


def has_signed_in_from(username, address):
    return AccessLog.objects.filter(username=username, ip_address=address).exists()


class LoginThrottle(AxesDatabaseHandler):
    """django-axes' database handler, deciding with the rules above instead of one failure count."""

    def is_locked(self, request, credentials=None):
        return seconds_to_wait(request, get_client_username(request, credentials)) > 0


def lockout_response(request, original_response, credentials):
    """The admin's refusal, in the admin's language, saying how long to wait."""
    seconds = max(1, seconds_to_wait(request, get_client_username(request, credentials)))
    response = render(request, "login_throttled.html", {"minutes": math.ceil(seconds / 60)},
                      status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response
