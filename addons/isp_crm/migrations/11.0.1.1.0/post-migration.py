# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The deadline reminders' scheduled action calls the private
``_cron_send_deadline_reminders``: any logged-in user could call the
public one over JSON-RPC."""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref('isp_crm.ir_cron_activity_deadline_reminders',
                   raise_if_not_found=False)
    old = 'model.cron_send_deadline_reminders('
    if cron and cron.code and old in cron.code:
        cron.code = cron.code.replace(
            old, 'model._cron_send_deadline_reminders(')
