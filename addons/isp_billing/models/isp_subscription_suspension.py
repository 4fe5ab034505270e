# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class IspSubscriptionSuspension(models.Model):
    """A suspension of a subscription, from the day it was suspended to the
    day it was reconnected (empty while it is suspended).

    ``isp.subscription._change_state`` writes them: a suspension opens
    one, a reconnection closes it. The billing run leaves their days out
    of the services whose type the company does not bill while suspended
    (``isp.suspension.billing``, ``rules/suspension_billing.py``): from
    the day of the suspension to the day before the reconnection."""
    _name = 'isp.subscription.suspension'
    _inherit = 'isp.subscription.line.mixin'
    _description = 'Suspension of an ISP subscription'
    _order = 'date_start desc, id desc'

    partner_id = fields.Many2one(
        related='subscription_id.partner_id',
        string='Customer',
        store=True,
        readonly=True,
    )
    product_id = fields.Many2one(
        related='subscription_id.product_id',
        string='Service',
        readonly=True,
    )
    date_start = fields.Date(
        string='Suspended on',
        required=True,
        help='The first day the service is suspended (not billed when its '
             'service type is not billed while suspended).',
    )
    date_end = fields.Date(
        string='Reconnected on',
        help='The day the service was reconnected, billed again. Empty '
             'while it is suspended.',
    )
    reason = fields.Text(
        string='Suspension reason',
    )
    reconnection_reason = fields.Text()
    by_dunning = fields.Boolean(
        string='Suspended by dunning',
    )

    @api.constrains('date_start', 'date_end')
    def _check_dates(self):
        for suspension in self:
            if suspension.date_end and \
                    suspension.date_end < suspension.date_start:
                raise ValidationError(_(
                    'The suspension of %(name)s cannot end (%(end)s) '
                    'before it starts (%(start)s): correct the dates.') % {
                        'name': suspension.subscription_id.name,
                        'end': suspension.date_end,
                        'start': suspension.date_start,
                })

    @api.multi
    def _isp_billing_tuples(self):
        """The suspensions as ``(start, end)`` tuples of
        ``rules/suspension_billing.py``."""
        return [(suspension.date_start, suspension.date_end or None)
                for suspension in self]
