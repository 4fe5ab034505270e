# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""IBAN and BIC checks: plain Python (schwifty, python-stdnum), no Odoo.

``validate_iban(value)`` returns the IBAN compacted or raises
``InvalidBankAccount`` whose ``code`` (an ``ERROR_*`` constant) says why;
``validate_bic(value, iban_country)`` does the same for a BIC. The caller
shows a translated message for the code.

What is checked on an IBAN: a country that uses IBAN, the length and
structure of that country, the two check digits (ISO 13616, mod 97) and,
where python-stdnum knows them (e.g. Spain), the national check digits of the
account inside it.
"""
import re

import schwifty
from schwifty import exceptions as schwifty_exceptions
from stdnum import exceptions as stdnum_exceptions
from stdnum import iban as stdnum_iban

ERROR_IBAN_COUNTRY = 'iban_country'
ERROR_IBAN_LENGTH = 'iban_length'
ERROR_IBAN_STRUCTURE = 'iban_structure'
ERROR_IBAN_CHECKSUM = 'iban_checksum'
ERROR_IBAN_NATIONAL_CHECKSUM = 'iban_national_checksum'
ERROR_BIC_FORMAT = 'bic_format'
ERROR_BIC_COUNTRY = 'bic_country'
ERROR_BIC_COUNTRY_MISMATCH = 'bic_country_mismatch'

# two letters, two check digits, then the account (after compact())
_IBAN_SHAPE = re.compile(r'^[A-Z]{2}[0-9]{2}[A-Z0-9]+$')


class InvalidBankAccount(ValueError):
    """``args[0]`` says why in English, ``code`` is an ``ERROR_*``."""

    def __init__(self, message, code):
        super(InvalidBankAccount, self).__init__(message)
        self.code = code


def compact(value):
    """Upper case, without spaces or punctuation."""
    return re.sub(r'[\W_]', '', value or '').upper()


def iban_countries():
    """ISO codes of the countries that use IBAN (schwifty's registry)."""
    return set(schwifty.registry.get('iban'))


def looks_like_iban(value):
    """True when ``value`` is meant as an IBAN: it starts with the code of a
    country that uses IBAN and two digits. Anything else (e.g. an Argentine
    CBU) is a plain account number that no IBAN rule applies to."""
    number = compact(value)
    return bool(_IBAN_SHAPE.match(number)) and \
        number[:2] in iban_countries()


def validate_iban(value):
    """The IBAN compacted; raise InvalidBankAccount when it is not valid."""
    number = compact(value)
    if number[:2] not in iban_countries():
        raise InvalidBankAccount(
            'the IBAN does not start with the code of a country that uses '
            'IBAN', ERROR_IBAN_COUNTRY)
    try:
        iban = schwifty.IBAN(number, validate_bban=True)
    except schwifty_exceptions.InvalidCountryCode:
        raise InvalidBankAccount(
            'the IBAN does not start with the code of a country that uses '
            'IBAN', ERROR_IBAN_COUNTRY)
    except schwifty_exceptions.InvalidLength:
        raise InvalidBankAccount('the IBAN has the wrong length',
                                 ERROR_IBAN_LENGTH)
    except schwifty_exceptions.InvalidChecksumDigits:
        raise InvalidBankAccount('the check digits of the IBAN do not match',
                                 ERROR_IBAN_CHECKSUM)
    except schwifty_exceptions.InvalidBBANChecksum:
        raise InvalidBankAccount(
            'the national check digits of the account do not match',
            ERROR_IBAN_NATIONAL_CHECKSUM)
    except schwifty_exceptions.SchwiftyException:
        raise InvalidBankAccount(
            'the account part of the IBAN does not have the format of its '
            'country', ERROR_IBAN_STRUCTURE)
    try:
        stdnum_iban.validate(number, check_country=True)
    except stdnum_exceptions.InvalidChecksum:
        # the ISO check digits passed above: the national ones failed
        raise InvalidBankAccount(
            'the national check digits of the account do not match',
            ERROR_IBAN_NATIONAL_CHECKSUM)
    except stdnum_exceptions.ValidationError:
        raise InvalidBankAccount(
            'the account part of the IBAN does not have the format of its '
            'country', ERROR_IBAN_STRUCTURE)
    return iban.compact


def format_iban(value):
    """A valid IBAN in groups of four characters (its printed form)."""
    return schwifty.IBAN(compact(value)).formatted


def iban_length(country_code):
    """How many characters an IBAN of ``country_code`` has (or None)."""
    spec = schwifty.registry.get('iban').get((country_code or '').upper())
    return spec and spec['iban_length']


def bic_of_iban(value):
    """The BIC of the bank of a valid IBAN (8 characters as registered), or
    None when schwifty's bank registry does not know the bank."""
    try:
        bic = schwifty.IBAN(compact(value)).bic
    except (schwifty_exceptions.SchwiftyException, KeyError):
        return None
    return bic and bic.compact or None


def bank_of_iban(value):
    """The registry's data of the bank of a valid IBAN (dict with ``name``,
    ``bic``, ``country_code``...), or None."""
    try:
        return schwifty.IBAN(compact(value)).bank
    except (schwifty_exceptions.SchwiftyException, KeyError):
        return None


def validate_bic(value, iban_country=None):
    """The BIC compacted (8 or 11 characters) when it has the format of a
    BIC and a real country code, and that country is ``iban_country`` when
    given; raise InvalidBankAccount otherwise."""
    number = compact(value)
    try:
        bic = schwifty.BIC(number)
    except schwifty_exceptions.InvalidCountryCode:
        raise InvalidBankAccount('the BIC has an unknown country code',
                                 ERROR_BIC_COUNTRY)
    except schwifty_exceptions.SchwiftyException:
        raise InvalidBankAccount(
            'a BIC has 8 or 11 characters: 4 letters of the bank, 2 of the '
            'country, 2 of the place and optionally 3 of the branch',
            ERROR_BIC_FORMAT)
    if iban_country and bic.country_code != iban_country.upper():
        raise InvalidBankAccount(
            'the BIC belongs to another country than the IBAN',
            ERROR_BIC_COUNTRY_MISMATCH)
    return bic.compact


def bic_variants(value):
    """The spellings of one BIC: ``CAIXESBB`` and ``CAIXESBBXXX`` name the
    same head office."""
    number = compact(value)
    if len(number) == 8:
        return [number, number + 'XXX']
    if len(number) == 11 and number.endswith('XXX'):
        return [number, number[:8]]
    return [number]


def bank_names_of_bic(value):
    """Names the BIC registry gives to the bank of ``value`` (may be [])."""
    try:
        return list(schwifty.BIC(compact(value)).bank_names or [])
    except (schwifty_exceptions.SchwiftyException, KeyError):
        return []
