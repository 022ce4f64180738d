"""The address of the person making a request, as login throttling (django-axes) needs it.

Behind a proxy (the shipped nginx setup), every request comes from the proxy's address;
the person's is in X-Forwarded-For, which nginx appends to. That header is believed only
when the request comes from a configured proxy (``TRUSTED_PROXIES``), and then read from
the right: each trusted proxy added the address it saw, and the first address that is no
trusted proxy is the person's. Whatever a person writes into the header themself stands
to the left of it and is never read.
"""

import ipaddress

from django.conf import settings


def _address(text):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def trusted_networks():
    networks = []
    for item in getattr(settings, "TRUSTED_PROXIES", ()):
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue
    return networks


def is_trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_ip(request):
    """The request's client address: REMOTE_ADDR, or from a trusted proxy the right-most
    X-Forwarded-For address that is not a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = trusted_networks()
    if not is_trusted(_address(remote), networks):
        return remote
    forwarded = [item for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for item in reversed(forwarded):
        address = _address(item)
        if address is None:
            break  # a malformed entry: nothing left of it can be trusted
        if not is_trusted(address, networks):
            return str(address)
    return remote
