# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Credit check of a new contract's customer.

Plain Python, no Odoo. The check fails when the customer has an unpaid
invoice due more than ``max_overdue_days`` days before ``date_ref``, or
(when required) no valid fiscal identity number. ``failures`` returns the
reasons as ``(code, detail)`` tuples; the caller translates them.
"""
import datetime

REASON_OVERDUE_INVOICE = 'overdue_invoice'
REASON_FISCAL_ID = 'fiscal_id'

DEFAULT_MAX_OVERDUE_DAYS = 30
DEFAULT_REQUIRE_FISCAL_ID = True


def days_overdue(date_due, date_ref):
    """Days between the due date and the reference date (negative when the
    invoice is not due yet)."""
    return (date_ref - date_due).days


def failures(unpaid_invoices, date_ref, max_overdue_days,
             require_fiscal_id, fiscal_id_valid):
    """Why the credit check fails; an empty list means it passes.

    :param unpaid_invoices: iterable of ``(reference, date_due)`` of the
        customer's posted, unpaid invoices (``date_due`` a ``date``)
    :param date_ref: the ``date`` of the check
    :param max_overdue_days: tolerated days past the due date
    :param require_fiscal_id: whether a valid fiscal id is required
    :param fiscal_id_valid: whether the customer has a valid fiscal id
    :return: list of ``(REASON_OVERDUE_INVOICE, (reference, days))`` sorted
        from the oldest due date, then ``(REASON_FISCAL_ID, None)``
    """
    if not isinstance(date_ref, datetime.date):
        raise TypeError('date_ref must be a date')
    if max_overdue_days < 0:
        raise ValueError('max_overdue_days must not be negative')
    result = []
    for reference, date_due in sorted(unpaid_invoices,
                                      key=lambda item: (item[1], item[0])):
        if not date_due:
            continue
        late = days_overdue(date_due, date_ref)
        if late > max_overdue_days:
            result.append((REASON_OVERDUE_INVOICE, (reference, late)))
    if require_fiscal_id and not fiscal_id_valid:
        result.append((REASON_FISCAL_ID, None))
    return result


# the result recorded on the contract (the selection of the field)
RESULT_PASSED = 'passed'
RESULT_FAILED = 'failed'
RESULT_OVERRIDDEN = 'overridden'
RESULTS = [
    (RESULT_PASSED, 'Passed'),
    (RESULT_FAILED, 'Failed'),
    (RESULT_OVERRIDDEN, 'Overridden by a manager'),
]
