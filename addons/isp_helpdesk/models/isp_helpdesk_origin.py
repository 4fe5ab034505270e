# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

ORIGIN_PORTAL = 'portal'
ORIGIN_PAYMENT_RECEIPT = 'payment_receipt'
ORIGIN_PLAN_REQUEST = 'plan_request'
ORIGINS = [
    (ORIGIN_PORTAL, 'Portal ticket'),
    (ORIGIN_PAYMENT_RECEIPT, 'Payment receipt upload'),
    (ORIGIN_PLAN_REQUEST, 'Plan change or purchase request'),
]
PRIORITIES = [
    ('0', 'Low'),
    ('1', 'Medium'),
    ('2', 'High'),
    ('3', 'Very High'),
]
#: ticket fields an origin gives a value to
DEFAULT_FIELDS = ('team_id', 'category_id', 'user_id', 'stage_id',
                  'priority')


class IspHelpdeskOrigin(models.Model):
    """The values a ticket gets from where it was opened."""
    _name = 'isp.helpdesk.origin'
    _description = 'Ticket defaults per origin'
    _order = 'company_id, origin'
    _rec_name = 'origin'

    origin = fields.Selection(ORIGINS, required=True)
    company_id = fields.Many2one(
        'res.company', required=True, ondelete='cascade',
        default=lambda self: self.env.user.company_id)
    team_id = fields.Many2one('helpdesk.ticket.team', string='Area')
    category_id = fields.Many2one('helpdesk.ticket.category')
    user_id = fields.Many2one('res.users', string='Technician')
    stage_id = fields.Many2one('helpdesk.ticket.stage')
    priority = fields.Selection(PRIORITIES)

    _sql_constraints = [
        ('origin_company_uniq', 'unique(origin, company_id)',
         'Each origin has one line of ticket defaults per company.'),
    ]

    @api.model
    def _get_for_origin(self, origin, company=None):
        company = company or self.env.user.company_id
        return self.search([('origin', '=', origin),
                            ('company_id', '=', company.id)], limit=1)

    @api.multi
    def _prepare_ticket_values(self):
        """The ticket values of this line that are set."""
        values = {}
        for line in self[:1]:
            for name in DEFAULT_FIELDS:
                value = line[name]
                if isinstance(value, models.BaseModel):
                    value = value.id
                if value:
                    values[name] = value
        return values
