# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# context key of ``account.payment.order.draft2open``: {payment line id:
# collection date} computed for SEPA direct debits (TARGET2 business day,
# never before the lead time). OCA's draft2open writes its own requested
# date on each line; the date of this dict is written instead.
COLLECTION_DATES = 'isp_sdd_collection_dates'


class AccountPaymentLine(models.Model):
    _inherit = 'account.payment.line'

    @api.multi
    def write(self, vals):
        """Under ``COLLECTION_DATES`` (set by the order's ``draft2open``
        from the dates it computed itself), the ``date`` OCA writes on a
        payment line is replaced by the line's collection date."""
        dates = self.env.context.get(COLLECTION_DATES)
        if not dates or 'date' not in vals:
            return super(AccountPaymentLine, self).write(vals)
        plain = self.filtered(lambda line: line.id not in dates)
        result = True
        if plain:
            result = super(AccountPaymentLine, plain).write(vals)
        for line in self - plain:
            result &= super(AccountPaymentLine, line).write(
                dict(vals, date=dates[line.id]))
        return result
