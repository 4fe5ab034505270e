# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fiscal identity numbers per country: check digits and normal form.

Plain Python (python-stdnum), no Odoo: ``validate(kind, value)`` returns the
number in its stored (compact) form or raises ``InvalidFiscalId`` with the
reason in English; the caller translates it.
"""
import re

from stdnum import exceptions as stdnum_exceptions
from stdnum.ar import cuit as ar_cuit
from stdnum.ar import dni as ar_dni
from stdnum.es import dni as es_dni
from stdnum.es import nie as es_nie
from stdnum.es import nif as es_nif
from stdnum.it import codicefiscale as it_cf
from stdnum.it import iva as it_iva
from stdnum.ro import cnp as ro_cnp
from stdnum.ro import cui as ro_cui

# (code, label, country code) — the order is the order of the selection
FISCAL_ID_TYPES = [
    ('es_dni', 'DNI (Spain)', 'ES'),
    ('es_nie', 'NIE (Spain)', 'ES'),
    ('es_nif', 'NIF/CIF (Spain)', 'ES'),
    ('ar_dni', 'DNI (Argentina)', 'AR'),
    ('ar_cuit', 'CUIT (Argentina)', 'AR'),
    ('ar_cuil', 'CUIL (Argentina)', 'AR'),
    ('it_cf', 'Codice fiscale (Italy)', 'IT'),
    ('it_piva', 'Partita IVA (Italy)', 'IT'),
    ('ro_cnp', 'CNP (Romania)', 'RO'),
    ('ro_cui', 'CUI (Romania)', 'RO'),
]
COUNTRY_OF_TYPE = {code: country for code, _label, country in FISCAL_ID_TYPES}

# CUIL is a CUIT given to people: prefixes 20, 23, 24, 27
CUIL_PREFIXES = ('20', '23', '24', '27')

# Filler values typed when the real number is unknown (e.g. the Argentine
# "no data" 99999999). They may pass the check digits of their type (an
# Argentine DNI has none) and are kept as data, but they are never accepted
# as a key to identify a customer (portal first access).
KNOWN_PLACEHOLDERS = {'12345678', '123456789', '87654321'}


# why a number is refused: ``InvalidFiscalId.code`` is one of these
ERROR_UNKNOWN_TYPE = 'unknown_type'
ERROR_EMPTY = 'empty'
ERROR_CHECKSUM = 'checksum'
ERROR_LENGTH = 'length'
ERROR_FORMAT = 'format'
ERROR_INVALID = 'invalid'


class InvalidFiscalId(ValueError):
    """The number is not valid for its type; ``args[0]`` says why (in
    English) and ``code`` is one of the ``ERROR_*`` constants, for callers
    that show a translated message."""

    def __init__(self, message, code=ERROR_INVALID):
        super(InvalidFiscalId, self).__init__(message)
        self.code = code


def _validate_cuil(value):
    number = ar_cuit.validate(value)
    if number[:2] not in CUIL_PREFIXES:
        raise stdnum_exceptions.InvalidComponent()
    return number


VALIDATORS = {
    'es_dni': es_dni.validate,
    'es_nie': es_nie.validate,
    'es_nif': es_nif.validate,
    'ar_dni': ar_dni.validate,
    'ar_cuit': ar_cuit.validate,
    'ar_cuil': _validate_cuil,
    'it_cf': it_cf.validate,
    'it_piva': it_iva.validate,
    'ro_cnp': ro_cnp.validate,
    'ro_cui': ro_cui.validate,
}


def validate(kind, value):
    """Return ``value`` compacted (upper case, no spaces, dots, dashes or
    slashes, no country prefix) when it is a valid number of type ``kind``;
    raise InvalidFiscalId otherwise."""
    if kind not in VALIDATORS:
        raise InvalidFiscalId('unknown fiscal id type %r' % (kind,),
                              ERROR_UNKNOWN_TYPE)
    if not value or not value.strip():
        raise InvalidFiscalId('the number is empty', ERROR_EMPTY)
    try:
        return VALIDATORS[kind](compact(value))
    except stdnum_exceptions.InvalidChecksum:
        raise InvalidFiscalId('the check digit does not match',
                              ERROR_CHECKSUM)
    except stdnum_exceptions.InvalidLength:
        raise InvalidFiscalId('the number has the wrong length',
                              ERROR_LENGTH)
    except stdnum_exceptions.InvalidFormat:
        raise InvalidFiscalId('the number has the wrong format',
                              ERROR_FORMAT)
    except stdnum_exceptions.ValidationError:
        raise InvalidFiscalId('the number is not valid', ERROR_INVALID)


def is_valid(kind, value):
    try:
        validate(kind, value)
    except InvalidFiscalId:
        return False
    return True


def country_of(kind):
    """ISO code of the country that issues fiscal ids of type ``kind``
    (``None`` for an unknown type)."""
    return COUNTRY_OF_TYPE.get(kind)


def country_matches(kind, country_code):
    """False only when both the type and the country are known and the
    type belongs to another country."""
    if not kind or not country_code:
        return True
    expected = country_of(kind)
    return expected is None or expected == country_code.upper()


def compact(value):
    """Upper case, without spaces, dots, dashes or slashes."""
    return re.sub(r'[\s.\-/]', '', value or '').upper()


def is_placeholder(value):
    """True for filler values such as 99999999 or 00000000: one digit
    repeated, or a well-known dummy sequence."""
    digits = re.sub(r'\D', '', value or '')
    if len(digits) < 6:
        return False
    return len(set(digits)) == 1 or digits in KNOWN_PLACEHOLDERS


def types_of_country(country_code):
    """The fiscal id types of ``country_code``, in the selection's order."""
    code = (country_code or '').upper()
    return [kind for kind, _label, country in FISCAL_ID_TYPES
            if country == code]


def vat_of(kind, number):
    """Odoo's ``vat`` for a fiscal id: the country code of its type, then
    the number (e.g. ``ES12345678Z``); ``False`` without a number."""
    number = compact(number)
    country = country_of(kind)
    if not number or not country:
        return False
    if number.startswith(country) and is_valid(kind, number[2:]):
        return number
    return country + number


def fiscal_id_of_vat(vat, kind=None, country_code=None):
    """``(kind, number)`` of a ``vat`` value: the number without its
    country prefix, checked as ``kind`` first, then as every type of the
    prefix's country (or of ``country_code`` without a prefix). ``None``
    when it is a valid number of none of them."""
    value = compact(vat)
    if not value:
        return None
    candidates = []
    if value[:2].isalpha() and types_of_country(value[:2]):
        country, number = value[:2], value[2:]
    else:
        country, number = (country_code or '').upper(), value
    kinds = types_of_country(country)
    if kind in kinds:
        candidates.append(kind)
    candidates.extend(k for k in kinds if k not in candidates)
    for candidate in candidates:
        try:
            return candidate, validate(candidate, number)
        except InvalidFiscalId:
            continue
    return None
