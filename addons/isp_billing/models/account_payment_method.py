# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# the flavour of the EPC 2023 rulebook, which OCA 11.0 does not have
PAIN_008_001_08 = 'pain.008.001.08'


class AccountPaymentMethod(models.Model):
    _inherit = 'account.payment.method'

    pain_version = fields.Selection(selection_add=[
        (PAIN_008_001_08, 'pain.008.001.08 (EPC 2023 rulebook)'),
    ])

    @api.multi
    def get_xsd_file_path(self):
        self.ensure_one()
        if self.pain_version == PAIN_008_001_08:
            return 'isp_billing/data/xsd/%s.xsd' % PAIN_008_001_08
        return super(AccountPaymentMethod, self).get_xsd_file_path()
