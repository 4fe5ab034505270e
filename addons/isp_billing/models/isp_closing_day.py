# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class IspClosingDay(models.Model):
    """A day the company is closed: the dunning never suspends a service
    on it nor on the day before (see ``rules/suspension_calendar.py``)."""
    _name = 'isp.closing.day'
    _description = 'ISP company closing day'
    _order = 'date desc'

    name = fields.Char(
        string='Reason',
        required=True,
    )
    date = fields.Date(
        required=True,
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name='res.company',
        string='Company',
        required=True,
        ondelete='cascade',
        default=lambda self: self.env['res.company']._company_default_get(
            'isp.closing.day'),
    )

    _sql_constraints = [
        ('company_date_unique', 'unique(company_id, date)',
         'The company has already a closing day on this date.'),
    ]
