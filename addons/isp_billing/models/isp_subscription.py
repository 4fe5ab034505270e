# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.addons import decimal_precision as dp

SUBSCRIPTION_STATES = [
    ('pending', 'Pending activation'),
    ('active', 'Active'),
    ('active_nonbillable', 'Active, not billable'),
    ('suspended', 'Suspended'),
    ('rejected', 'Rejected'),
    ('terminated', 'Terminated'),
]

# state reached by each action -> states it can be reached from
SUBSCRIPTION_TRANSITIONS = {
    'active': ('pending', 'suspended', 'active_nonbillable'),
    'suspended': ('active', 'active_nonbillable'),
    'rejected': ('pending',),
    'terminated': ('pending', 'active', 'active_nonbillable', 'suspended'),
}


class IspSubscription(models.Model):
    _name = 'isp.subscription'
    _description = 'ISP Subscription'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'date_start desc, id desc'

    name = fields.Char(
        string='Reference',
        required=True,
        copy=False,
        readonly=True,
        default='/',
        index=True,
    )
    partner_id = fields.Many2one(
        comodel_name='res.partner',
        string='Customer',
        required=True,
        index=True,
        track_visibility='onchange',
    )
    product_id = fields.Many2one(
        comodel_name='product.product',
        string='Service',
        required=True,
        domain=[('sale_ok', '=', True)],
        track_visibility='onchange',
    )
    product_name = fields.Char(
        related='product_id.name',
        string='Service name',
        readonly=True,
    )
    quantity = fields.Float(
        digits=dp.get_precision('Product Unit of Measure'),
        default=1.0,
        required=True,
    )
    price_unit = fields.Float(
        string='Unit Price',
        digits=dp.get_precision('Product Price'),
        track_visibility='onchange',
    )
    state = fields.Selection(
        selection=SUBSCRIPTION_STATES,
        default='pending',
        required=True,
        copy=False,
        index=True,
        track_visibility='onchange',
    )
    date_start = fields.Date(
        string='Start Date',
        track_visibility='onchange',
    )
    date_end = fields.Date(
        string='End Date',
        copy=False,
        track_visibility='onchange',
    )
    company_id = fields.Many2one(
        comodel_name='res.company',
        string='Company',
        required=True,
        default=lambda self: self.env['res.company']._company_default_get(
            'isp.subscription'),
    )

    @api.constrains('date_start', 'date_end')
    def _check_dates(self):
        for subscription in self:
            date_start = fields.Date.from_string(subscription.date_start)
            date_end = fields.Date.from_string(subscription.date_end)
            if date_start and date_end and date_end < date_start:
                raise ValidationError(_(
                    'The end date of subscription %s cannot be earlier '
                    'than its start date.') % subscription.name)

    @api.onchange('product_id')
    def _onchange_product_id(self):
        if self.product_id:
            self.price_unit = self.product_id.lst_price

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code(
                'isp.subscription') or '/'
        return super(IspSubscription, self).create(vals)

    @api.multi
    def action_activate(self):
        self._change_state('active')
        for subscription in self.filtered(lambda s: not s.date_start):
            subscription.date_start = fields.Date.context_today(self)
        return True

    @api.multi
    def action_suspend(self):
        self._change_state('suspended')
        return True

    @api.multi
    def action_reject(self):
        self._change_state('rejected')
        return True

    @api.multi
    def action_terminate(self):
        self._change_state('terminated')
        for subscription in self.filtered(lambda s: not s.date_end):
            subscription.date_end = fields.Date.context_today(self)
        return True

    @api.multi
    def _change_state(self, new_state):
        """Move the subscriptions to ``new_state`` or explain why not."""
        allowed = SUBSCRIPTION_TRANSITIONS[new_state]
        labels = dict(self._fields['state']._description_selection(self.env))
        for subscription in self:
            if subscription.state not in allowed:
                raise UserError(_(
                    'Subscription %(name)s is "%(state)s": it cannot '
                    'become "%(new_state)s".') % {
                        'name': subscription.name,
                        'state': labels[subscription.state],
                        'new_state': labels[new_state],
                })
        self.write({'state': new_state})
