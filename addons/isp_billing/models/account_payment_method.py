# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

# the flavour of the EPC 2023 rulebook, which OCA 11.0 does not have; its
# files are built by rules/pain008.py (account.payment.order), which has
# its own copy of the XSD: OCA's get_xsd_file_path is not needed for it
PAIN_008_001_08 = 'pain.008.001.08'


class AccountPaymentMethod(models.Model):
    _inherit = 'account.payment.method'

    pain_version = fields.Selection(selection_add=[
        (PAIN_008_001_08, 'pain.008.001.08 (EPC 2023 rulebook)'),
    ])
