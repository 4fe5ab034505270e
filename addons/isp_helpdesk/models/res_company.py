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
    isp_helpdesk_portal_open_only = fields.Boolean(
        string='Portal lists open tickets only',
        help="The customers see only their open tickets in the portal.")

    @api.constrains('isp_helpdesk_daily_limit', 'isp_helpdesk_image_max_mb')
    def _check_isp_helpdesk_limits(self):
        for company in self:
            if company.isp_helpdesk_daily_limit < 1 \
                    or company.isp_helpdesk_image_max_mb < 1:
                raise ValidationError(_(
                    "The tickets per day and the largest image size of the "
                    "helpdesk settings must be 1 or more."))
