# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How a customer's bank account is printed on documents."""

MASK = '****'


def mask_account_number(number):
    """``number`` (an IBAN) with only what identifies it to its holder:
    country and check digits, then ``****`` and the last 4 characters
    (``ES91 **** 1332``). Short numbers keep only their last 4; empty
    stays empty."""
    compact = ''.join((number or '').split()).upper()
    if not compact:
        return ''
    if len(compact) <= 8:
        return '%s %s' % (MASK, compact[-4:]) if len(compact) > 4 else MASK
    return '%s %s %s' % (compact[:4], MASK, compact[-4:])
