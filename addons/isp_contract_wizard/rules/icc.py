# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""SIM card numbers (ICCID, ITU-T E.118): plain Python, no Odoo.

An ICCID has 19 or 20 digits, starts with the telecom industry code 89,
and its last digit is a Luhn check digit over the digits before it.
"""
import re

ICC_LENGTHS = (19, 20)
ICC_PREFIX = '89'

# why a number is refused
ERROR_EMPTY = 'empty'
ERROR_FORMAT = 'format'
ERROR_LENGTH = 'length'
ERROR_PREFIX = 'prefix'
ERROR_CHECKSUM = 'checksum'


class InvalidIcc(ValueError):
    """The number is not an ICCID; ``code`` is one of ``ERROR_*``."""

    def __init__(self, message, code):
        super(InvalidIcc, self).__init__(message)
        self.code = code


def compact(value):
    """The number without spaces or dashes."""
    return re.sub(r'[\s\-]', '', value or '')


def luhn_ok(digits):
    """True when the last digit of ``digits`` is its Luhn check digit."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char)
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate(value):
    """Return the ICCID compacted, or raise InvalidIcc."""
    number = compact(value)
    if not number:
        raise InvalidIcc('the number is empty', ERROR_EMPTY)
    if not number.isdigit():
        raise InvalidIcc('the number must contain only digits', ERROR_FORMAT)
    if len(number) not in ICC_LENGTHS:
        raise InvalidIcc('the number must have 19 or 20 digits',
                         ERROR_LENGTH)
    if not number.startswith(ICC_PREFIX):
        raise InvalidIcc('the number must start with 89', ERROR_PREFIX)
    if not luhn_ok(number):
        raise InvalidIcc('the check digit does not match', ERROR_CHECKSUM)
    return number


def is_valid(value):
    try:
        validate(value)
    except InvalidIcc:
        return False
    return True
