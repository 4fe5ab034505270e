# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _
from odoo.exceptions import AccessError


def check_billing_user(env):
    """Anybody may create a wizard (a transient model has no access
    rights): the billing wizards act for billing users only."""
    if not env.user.has_group('isp_billing.group_isp_billing_user'):
        raise AccessError(_(
            'This is reserved to ISP billing users: ask your '
            'administrator for the ISP Billing / User group.'))
