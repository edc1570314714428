"""Who is on the other end of a request: the client's address, read one way everywhere.

Sign-in throttling and the inquiry limit count per client address. Behind a load balancer the
direct peer (REMOTE_ADDR) is the balancer, the same for everyone, so the client's own address
is read from X-Forwarded-For, but only when the peer is one of ``RENKEI_TRUSTED_PROXIES``:
anyone else could write whatever they like in that header. The same holds for X-Forwarded-Proto,
which says whether the client came over https.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=4)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    """The address ranges of ``proxies`` ("10.0.0.0/8", "192.0.2.7"); ValueError on a bad one."""
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _parse(value: str | None) -> Address | None:
    """An address as a proxy writes it: "192.0.2.1", "192.0.2.1:5678", "[2001:db8::1]:443"."""
    value = (value or "").strip()
    if value.startswith("["):
        value = value[1 : value.find("]")] if "]" in value else ""
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket is the same client.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def from_trusted_proxy(request: HttpRequest) -> bool:
    """True when the direct peer of ``request`` is one of ``RENKEI_TRUSTED_PROXIES``."""
    address = _parse(request.META.get("REMOTE_ADDR"))
    trusted = trusted_networks(tuple(settings.RENKEI_TRUSTED_PROXIES))
    return address is not None and any(address in network for network in trusted)


class ForwardedProtoMiddleware:
    """Drops X-Forwarded-Proto unless a trusted proxy sent it (SECURE_PROXY_SSL_HEADER reads it).

    Otherwise a client could claim https on a plain http connection and skip the https redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_X_FORWARDED_PROTO" in request.META and not from_trusted_proxy(request):
            del request.META["HTTP_X_FORWARDED_PROTO"]
        return self.get_response(request)


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that sent ``request``, as far as it can be trusted.

    The direct peer, unless it is a trusted proxy: then the right-most address of
    X-Forwarded-For that is not a trusted proxy (each proxy appends the address it was
    reached from, so everything to the left of that one was written by the client).
    None when the request carries no usable address.
    """
    trusted = trusted_networks(tuple(settings.RENKEI_TRUSTED_PROXIES))
    address = _parse(request.META.get("REMOTE_ADDR"))
    if address is None or not trusted:
        return str(address) if address else None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = reversed(forwarded.split(",")) if forwarded.strip() else iter(())
    while any(address in network for network in trusted):
        hop = _parse(next(hops, None))
        if hop is None:
            # Nothing, or something garbled, before this proxy: it is the nearest address known.
            break
        address = hop
    return str(address)
