# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Recipients of the invoices sent by e-mail.

Plain Python, no Odoo. A customer lists up to ``MAX_RECIPIENTS`` addresses
separated by commas, semicolons, spaces or new lines. ``parse_recipients``
returns them normalised (trimmed, lower-case domain, duplicates removed)
and ``check_recipients`` returns the problems: a list of
``(code, address)`` tuples, empty when the list is fine; the caller words
the message in the user's language.
"""
import re

MAX_RECIPIENTS = 4

ERROR_TOO_MANY = 'too_many'
ERROR_INVALID = 'invalid'

_SEPARATORS_RE = re.compile(r'[\s,;]+')
# one address, as a mail server accepts it: local part, @, a domain with a
# dot and a letters-only top-level label of 2+ characters
_ADDRESS_RE = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,63}$")


def normalise_address(address):
    """``Name@Example.COM`` -> ``Name@example.com``."""
    address = address.strip()
    if '@' not in address:
        return address
    local, domain = address.rsplit('@', 1)
    return '%s@%s' % (local, domain.lower())


def parse_recipients(text):
    """The addresses of ``text``, normalised, in order, without
    duplicates."""
    addresses = []
    seen = set()
    for part in _SEPARATORS_RE.split(text or ''):
        if not part:
            continue
        address = normalise_address(part)
        if address.lower() not in seen:
            seen.add(address.lower())
            addresses.append(address)
    return addresses


def address_is_valid(address):
    local = address.split('@')[0]
    return bool(_ADDRESS_RE.match(address)) and '..' not in address \
        and not local.startswith('.') and not local.endswith('.')


def check_recipients(addresses, maximum=MAX_RECIPIENTS):
    """Problems of a list of addresses: invalid ones first, then one
    ``too_many`` (with the count) when there are more than ``maximum``."""
    errors = [(ERROR_INVALID, address) for address in addresses
              if not address_is_valid(address)]
    if len(addresses) > maximum:
        errors.append((ERROR_TOO_MANY, str(len(addresses))))
    return errors
