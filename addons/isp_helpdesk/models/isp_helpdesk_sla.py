# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .isp_helpdesk_origin import PRIORITIES


class IspHelpdeskSla(models.Model):
    """How long a ticket of a category and priority may stay open."""
    _name = 'isp.helpdesk.sla'
    _description = 'Helpdesk SLA'
    _order = 'category_id, priority desc'

    category_id = fields.Many2one(
        'helpdesk.ticket.category', required=True, ondelete='cascade')
    priority = fields.Selection(PRIORITIES, required=True)
    hours = fields.Float(
        string='Solve within (hours)', required=True,
        help="Calendar hours from the opening of the ticket to its "
             "deadline.")
    remind_hours = fields.Float(
        string='Remind before (hours)', default=2.0,
        help="The technician is reminded this many hours before the "
             "deadline.")
    company_id = fields.Many2one(
        related='category_id.company_id', store=True, readonly=True)

    _sql_constraints = [
        ('category_priority_uniq', 'unique(category_id, priority)',
         'A category has one SLA per priority.'),
    ]

    @api.constrains('hours', 'remind_hours')
    def _check_hours(self):
        for sla in self:
            if sla.hours <= 0 or sla.remind_hours < 0:
                raise ValidationError(_(
                    "An SLA needs more than 0 hours to solve the ticket "
                    "and 0 or more hours of reminder."))

    @api.model
    def _get_for(self, category, priority):
        if not category or not priority:
            return self.browse()
        return self.search([('category_id', '=', category.id),
                            ('priority', '=', priority)], limit=1)
