# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class IspNetworkEventCall(models.Model):
    """One call of the network webhook for an event, whatever its
    outcome."""
    _name = 'isp.network.event.call'
    _description = 'ISP Network Event Webhook Call'
    _order = 'date desc, id desc'

    event_id = fields.Many2one(
        comodel_name='isp.network.event',
        string='Event',
        required=True,
        index=True,
        ondelete='cascade',
    )
    company_id = fields.Many2one(
        comodel_name='res.company',
        related='event_id.company_id',
        store=True,
        readonly=True,
    )
    date = fields.Datetime(
        required=True,
        default=fields.Datetime.now,
    )
    url = fields.Char(
        string='URL',
    )
    status_code = fields.Integer(
        string='HTTP status',
        help='0 when no answer came (connection refused, timeout).',
    )
    response = fields.Text(
        string='Response (excerpt)',
    )
    error = fields.Text()
    duration = fields.Float(
        string='Duration (s)',
        digits=(16, 3),
    )
