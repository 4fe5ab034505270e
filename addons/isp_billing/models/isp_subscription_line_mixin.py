# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class IspSubscriptionLineMixin(models.AbstractModel):
    """What belongs to one subscription (its invoiced periods, extra
    amounts, suspensions): the subscription, deleted with it, and its
    company, stored for the multi-company rules."""
    _name = 'isp.subscription.line.mixin'
    _description = 'Record of an ISP subscription'

    subscription_id = fields.Many2one(
        comodel_name='isp.subscription',
        string='Subscription',
        required=True,
        index=True,
        ondelete='cascade',
    )
    company_id = fields.Many2one(
        related='subscription_id.company_id',
        string='Company',
        store=True,
        readonly=True,
        index=True,
    )
