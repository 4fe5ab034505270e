# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = 'helpdesk.ticket.stage'

    isp_team_ids = fields.Many2many(
        comodel_name='helpdesk.ticket.team',
        relation='helpdesk_ticket_stage_isp_team_rel',
        column1='stage_id', column2='team_id', string='Areas',
        help="The areas whose tickets can be closed in this stage from "
             "the portal; empty: every area.")
