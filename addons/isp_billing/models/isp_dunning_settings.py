# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .isp_dunning_company import SUSPEND_SCOPES


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    isp_credit_policy_id = fields.Many2one(
        related='company_id.credit_policy_id',
        string='Dunning policy',
    )
    isp_dunning_suspend_scope = fields.Selection(
        selection=SUSPEND_SCOPES,
        related='company_id.isp_dunning_suspend_scope',
        string='Dunning suspends',
    )
    isp_suspension_hour_from = fields.Float(
        related='company_id.isp_suspension_hour_from',
        string='Suspend from',
    )
    isp_suspension_hour_to = fields.Float(
        related='company_id.isp_suspension_hour_to',
        string='Suspend until',
    )
    isp_suspension_avoid_day_before_weekend = fields.Boolean(
        related='company_id.isp_suspension_avoid_day_before_weekend',
        string='Never suspend on the day before a weekend',
    )
    isp_reconnection_product_id = fields.Many2one(
        related='company_id.isp_reconnection_product_id',
        string='Reconnection fee',
    )
