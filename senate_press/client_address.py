"""The address a request really came from, as far as it can be trusted.

Both the admin's login throttle and the view counter tell clients apart by it.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the outermost one was connected from.

    Each proxy appends the address it was connected from to X-Forwarded-For, so behind N
    proxies the client is the Nth address from the right; whatever stands to the left of it
    was written by the client and is ignored, as is the whole header when no proxy is
    trusted. A request that did not pass every proxy, or a header that is not an address
    where the client's should be, falls back to REMOTE_ADDR.
    """
    connected_from = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return connected_from
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return connected_from
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return connected_from
