# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = 'res.company'

    isp_helpdesk_daily_limit_enabled = fields.Boolean(
        string='Limit portal tickets per day',
        help="A customer can open at most the given number of tickets a "
             "day from the portal.")
    isp_helpdesk_daily_limit = fields.Integer(
        string='Portal tickets per day', default=3)
    isp_helpdesk_image_max_mb = fields.Integer(
        string='Largest image (MB)', default=5,
        help="The largest image a customer can attach to a ticket from "
             "the portal, in megabytes.")
    isp_helpdesk_image_max_count = fields.Integer(
        string='Photos per message', default=5,
        help="The most photos a customer can attach at a time to a ticket "
             "or a message from the portal.")
    isp_helpdesk_message_daily_limit = fields.Integer(
        string='Customer messages per ticket per day', default=20,
        help="The most messages a customer can add to one ticket a day "
             "from the portal.")
    isp_helpdesk_portal_open_only = fields.Boolean(
        string='Portal lists open tickets only',
        help="The customers see only their open tickets in the portal.")

    @api.constrains('isp_helpdesk_daily_limit', 'isp_helpdesk_image_max_mb',
                    'isp_helpdesk_image_max_count',
                    'isp_helpdesk_message_daily_limit')
    def _check_isp_helpdesk_limits(self):
        for company in self:
            if min(company.isp_helpdesk_daily_limit,
                   company.isp_helpdesk_image_max_mb,
                   company.isp_helpdesk_image_max_count,
                   company.isp_helpdesk_message_daily_limit) < 1:
                raise ValidationError(_(
                    "The tickets per day, the largest image size, the "
                    "photos per message and the messages per ticket per "
                    "day of the helpdesk settings must be 1 or more."))
