# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.addons import decimal_precision as dp


class IspSubscriptionAdjustment(models.Model):
    """An extra amount (positive) or a discount (negative) billed with a
    subscription every period between two optional dates."""
    _name = 'isp.subscription.adjustment'
    _inherit = 'isp.subscription.line.mixin'
    _description = 'ISP subscription extra amount or discount'
    _order = 'subscription_id, date_from, id'

    name = fields.Char(
        string='Label',
        required=True,
    )
    amount = fields.Float(
        digits=dp.get_precision('Product Price'),
        required=True,
        help='Added to every period billed: positive for an extra amount, '
             'negative for a discount.',
    )
    date_from = fields.Date(
        string='From',
        help='First day it applies; empty: from the start.',
    )
    date_to = fields.Date(
        string='To',
        help='Last day it applies; empty: without end.',
    )

    @api.constrains('date_from', 'date_to')
    def _check_dates(self):
        for adjustment in self:
            if (adjustment.date_from and adjustment.date_to
                    and adjustment.date_to < adjustment.date_from):
                raise ValidationError(_(
                    '"%s": the last day is earlier than the first day. '
                    'Correct the dates.') % adjustment.name)
