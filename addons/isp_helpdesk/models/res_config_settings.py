# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError

SETTINGS_GROUP = 'base.group_system'


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    isp_helpdesk_daily_limit_enabled = fields.Boolean(
        related='company_id.isp_helpdesk_daily_limit_enabled')
    isp_helpdesk_daily_limit = fields.Integer(
        related='company_id.isp_helpdesk_daily_limit')
    isp_helpdesk_image_max_mb = fields.Integer(
        related='company_id.isp_helpdesk_image_max_mb')
    isp_helpdesk_image_max_count = fields.Integer(
        related='company_id.isp_helpdesk_image_max_count')
    isp_helpdesk_message_daily_limit = fields.Integer(
        related='company_id.isp_helpdesk_message_daily_limit')
    isp_helpdesk_portal_open_only = fields.Boolean(
        related='company_id.isp_helpdesk_portal_open_only')

    @api.model
    def _isp_helpdesk_check_settings_access(self):
        """set_values and the buttons of the settings are public methods:
        any user could call them over RPC. Only the settings group may."""
        if self.env.uid != SUPERUSER_ID \
                and not self.env.user.has_group(SETTINGS_GROUP):
            raise AccessError(_(
                "Only the administrators of the settings can change them."))

    @api.multi
    def set_values(self):
        self._isp_helpdesk_check_settings_access()
        return super(ResConfigSettings, self).set_values()

    @api.multi
    def action_isp_helpdesk_origin_defaults(self):
        self._isp_helpdesk_check_settings_access()
        return self.env.ref(
            'isp_helpdesk.isp_helpdesk_origin_action').read()[0]
