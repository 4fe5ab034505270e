# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Whether an invoice may be collected by SEPA direct debit with its
mandate: the reason it may not, or None.

Plain values only (states, IBANs, amounts): the Odoo side
(``isp.billing.run._isp_debit_exclusion``) reads them from the invoice,
its mandate, its contracts and its payment mode."""
from decimal import ROUND_HALF_UP, Decimal

# the pain versions of SEPA direct debits (OCA payment methods: 'pain_version')
SDD_PAIN_PREFIX = 'pain.008'

# reason codes of an invoice left out of the debit orders, in the order
# they are checked; the labels are the selection of isp.debit.exclusion
NO_MANDATE = 'no_mandate'
MANDATE_DRAFT = 'mandate_draft'
MANDATE_EXPIRED = 'mandate_expired'
MANDATE_CANCELLED = 'mandate_cancelled'
MANDATE_BLOCKED = 'mandate_blocked'
OTHER_IBAN = 'other_iban'
OVER_LIMIT = 'over_limit'
# not a mandate check: the debit order could not take the invoice
ERROR = 'error'

REASONS = [
    (NO_MANDATE, 'No mandate'),
    (MANDATE_DRAFT, 'Mandate not validated'),
    (MANDATE_EXPIRED, 'Mandate expired'),
    (MANDATE_CANCELLED, 'Mandate cancelled'),
    (MANDATE_BLOCKED, 'Mandate blocked'),
    (OTHER_IBAN, "Mandate not covering the contract's IBAN"),
    (OVER_LIMIT, 'Over the amount limit'),
    (ERROR, 'Error'),
]

# mandate states (OCA account_banking_mandate) and the reason they give
VALID = 'valid'
STATE_REASONS = {
    'draft': MANDATE_DRAFT,
    'expired': MANDATE_EXPIRED,
    'cancel': MANDATE_CANCELLED,
}


def is_sepa_direct_debit(payment_type, pain_version):
    """A payment method collects by SEPA direct debit: inbound, with a
    pain.008 file."""
    return payment_type == 'inbound' and (pain_version or '').startswith(
        SDD_PAIN_PREFIX)


def normalize_iban(number):
    """``number`` without spaces, in capitals ('' when empty)."""
    return ''.join((number or '').split()).upper()


def _cents(amount, digits):
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(repr(float(amount or 0.0))).quantize(
        quantum, rounding=ROUND_HALF_UP)


def is_over_limit(amount, limit, digits=2):
    """``amount`` is over ``limit`` (rounded to ``digits``); a limit of 0
    (or none) means no limit."""
    if not limit or _cents(limit, digits) <= 0:
        return False
    return _cents(amount, digits) > _cents(limit, digits)


def exclusion_reason(mandate_state, mandate_iban, contract_ibans,
                     blocked_reason, amount, limit, digits=2):
    """Why the invoice may not be debited, or None when it may.

    - ``mandate_state``: the state of the invoice's mandate, None (or '')
      when it has none;
    - ``mandate_iban``: the IBAN of the account the mandate covers;
    - ``contract_ibans``: the IBANs signed with the contracts the invoice
      bills (empty: no contract says one; the mandate's account is used);
    - ``blocked_reason``: why the mandate must not be debited any more
      (a return MD01/MD06...), empty when it is not blocked;
    - ``amount``: what the debit would collect, ``limit``: the payment
      mode's amount limit (0: none), both rounded to ``digits``.

    The first reason found is returned, in the order of ``REASONS``."""
    if not mandate_state:
        return NO_MANDATE
    if mandate_state != VALID:
        return STATE_REASONS.get(mandate_state, MANDATE_DRAFT)
    if (blocked_reason or '').strip():
        return MANDATE_BLOCKED
    iban = normalize_iban(mandate_iban)
    for contract_iban in contract_ibans or ():
        if normalize_iban(contract_iban) and \
                normalize_iban(contract_iban) != iban:
            return OTHER_IBAN
    if is_over_limit(amount, limit, digits):
        return OVER_LIMIT
    return None
