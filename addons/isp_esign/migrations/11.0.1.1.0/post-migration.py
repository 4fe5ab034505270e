# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The crons call private methods now (their data is noupdate)."""


def migrate(cr, version):
    for name in ('cron_expire', 'cron_remind'):
        cr.execute(
            "UPDATE ir_act_server SET code = replace(code, %s, %s) "
            "WHERE code LIKE %s",
            ('model.%s()' % name, 'model._%s()' % name,
             '%%model.%s()%%' % name))
