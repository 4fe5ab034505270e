# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

CONTRACT_WIZARD_STEPS = [
    ('customer', 'Customer'),
    ('services', 'Services'),
    ('payment', 'Payment'),
    ('signature', 'Signature'),
]


class IspContractWizard(models.TransientModel):
    _name = 'isp.contract.wizard'
    _description = 'New ISP Contract'

    partner_id = fields.Many2one(
        comodel_name='res.partner',
        string='Customer',
        required=True,
        domain=[('customer', '=', True)],
    )
    step = fields.Selection(
        selection=CONTRACT_WIZARD_STEPS,
        default='customer',
        required=True,
    )

    @api.multi
    def _prepare_sale_order_values(self):
        self.ensure_one()
        return {
            'partner_id': self.partner_id.id,
            'user_id': self.env.uid,
            # an ISP contract: it goes through the intake to activation
            'isp_is_contract': True,
        }

    @api.multi
    def action_create_contract(self):
        """Create the draft contract of the customer and open it."""
        self.ensure_one()
        # a transient model has no access rights in Odoo 11: anyone may
        # create a wizard and call this button over RPC
        if not self.env.user.has_group('isp_crm.group_isp_user'):
            raise AccessError(_(
                'Only ISP users can create contracts with the wizard.'))
        if not self.partner_id:
            raise UserError(_('Choose the customer of the contract first.'))
        order = self.env['sale.order'].create(
            self._prepare_sale_order_values())
        order.onchange_partner_id()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Contract'),
            'res_model': 'sale.order',
            'res_id': order.id,
            'view_mode': 'form',
            'target': 'current',
        }
