# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..rules import credit_check as credit_rules

PARAM_CREDIT_MAX_OVERDUE_DAYS = 'isp_crm.credit_max_overdue_days'
PARAM_CREDIT_REQUIRE_FISCAL_ID = 'isp_crm.credit_require_fiscal_id'
PARAM_ACTIVITY_REMINDER_DAYS = 'isp_crm.activity_reminder_days'
DEFAULT_ACTIVITY_REMINDER_DAYS = 2


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    # stored by hand in get_values/set_values: Odoo 11 deletes a parameter
    # set to False, which would bring a default of True back
    isp_credit_max_overdue_days = fields.Integer(
        string='Tolerated days past due',
        default=credit_rules.DEFAULT_MAX_OVERDUE_DAYS,
        help="The credit check of a new contract fails when the customer "
             "has a posted invoice still unpaid more than this number of "
             "days after its due date.")
    isp_credit_require_fiscal_id = fields.Boolean(
        string='Require a valid fiscal id',
        default=credit_rules.DEFAULT_REQUIRE_FISCAL_ID,
        help="The credit check of a new contract fails when the customer "
             "has no valid fiscal identity number.")
    isp_activity_reminder_days = fields.Integer(
        string='Remind open activities (days before)',
        default=DEFAULT_ACTIVITY_REMINDER_DAYS,
        help="The operator of an open CRM activity is reminded this number "
             "of days before its deadline, and again on the day.")

    @api.constrains('isp_credit_max_overdue_days',
                    'isp_activity_reminder_days')
    def _check_isp_days(self):
        for settings in self:
            if (settings.isp_credit_max_overdue_days < 0
                    or settings.isp_activity_reminder_days < 0):
                raise ValidationError(_(
                    "The numbers of days of the ISP settings cannot be "
                    "negative: enter 0 or more."))

    @api.model
    def _isp_get_int_param(self, key, default):
        value = self.env['ir.config_parameter'].sudo().get_param(key)
        try:
            return int(value) if value not in (None, False, '') else default
        except ValueError:
            return default

    @api.model
    def get_values(self):
        res = super(ResConfigSettings, self).get_values()
        params = self.env['ir.config_parameter'].sudo()
        require = params.get_param(
            PARAM_CREDIT_REQUIRE_FISCAL_ID,
            str(credit_rules.DEFAULT_REQUIRE_FISCAL_ID))
        res.update(
            isp_credit_max_overdue_days=self._isp_get_int_param(
                PARAM_CREDIT_MAX_OVERDUE_DAYS,
                credit_rules.DEFAULT_MAX_OVERDUE_DAYS),
            isp_credit_require_fiscal_id=require not in ('False', '0', ''),
            isp_activity_reminder_days=self._isp_get_int_param(
                PARAM_ACTIVITY_REMINDER_DAYS,
                DEFAULT_ACTIVITY_REMINDER_DAYS),
        )
        return res

    @api.model
    def _isp_check_settings_access(self):
        """``set_values`` is public: called directly (over JSON-RPC), it
        must check what ``execute`` (the Save button) checks."""
        user = self.env.user
        if not user._is_superuser() and \
                not user.has_group('base.group_system'):
            raise AccessError(_(
                "Only administrators can change the settings: ask an "
                "administrator to change them."))

    @api.multi
    def set_values(self):
        self._isp_check_settings_access()
        res = super(ResConfigSettings, self).set_values()
        params = self.env['ir.config_parameter'].sudo()
        params.set_param(PARAM_CREDIT_MAX_OVERDUE_DAYS,
                         str(self.isp_credit_max_overdue_days))
        params.set_param(PARAM_CREDIT_REQUIRE_FISCAL_ID,
                         str(bool(self.isp_credit_require_fiscal_id)))
        params.set_param(PARAM_ACTIVITY_REMINDER_DAYS,
                         str(self.isp_activity_reminder_days))
        return res
