# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    isp_helpdesk_daily_limit_enabled = fields.Boolean(
        related='company_id.isp_helpdesk_daily_limit_enabled')
    isp_helpdesk_daily_limit = fields.Integer(
        related='company_id.isp_helpdesk_daily_limit')
    isp_helpdesk_image_max_mb = fields.Integer(
        related='company_id.isp_helpdesk_image_max_mb')
    isp_helpdesk_portal_open_only = fields.Boolean(
        related='company_id.isp_helpdesk_portal_open_only')

    @api.multi
    def action_isp_helpdesk_origin_defaults(self):
        return self.env.ref(
            'isp_helpdesk.isp_helpdesk_origin_action').read()[0]
