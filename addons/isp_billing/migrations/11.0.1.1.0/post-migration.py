# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The scheduled actions and queue jobs of the billing call private
methods (``_cron_*``, ``_process``, ``_job_check_done``): any logged-in
user could call the public ones over JSON-RPC."""
from odoo import SUPERUSER_ID, api

CRONS = {
    'isp_billing.ir_cron_start_billing_runs': 'cron_start_billing_runs',
    'isp_billing.ir_cron_apply_scheduled_migrations':
        'cron_apply_scheduled_migrations',
    'isp_billing.ir_cron_send_invoices': 'cron_send_invoices',
}
JOBS = [
    ('isp.billing.run.chunk', 'process'),
    ('isp.billing.run', 'job_check_done'),
]


def rename_cron_methods(env, crons):
    """``model.<name>(`` becomes ``model._<name>(`` in the code of the
    scheduled actions ``crons`` ({xml id: method name}), when it is
    still there (a changed code is left alone)."""
    for xmlid, name in crons.items():
        cron = env.ref(xmlid, raise_if_not_found=False)
        old = 'model.%s(' % name
        if cron and cron.code and old in cron.code:
            cron.code = cron.code.replace(old, 'model._%s(' % name)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    rename_cron_methods(env, CRONS)
    for model, name in JOBS:
        # jobs still to run call the renamed method
        cr.execute("""
            UPDATE queue_job SET method_name = %s
             WHERE model_name = %s AND method_name = %s
               AND state NOT IN ('done', 'failed')
        """, ('_' + name, model, name))
        cr.execute("""
            UPDATE queue_job_function SET name = %s
             WHERE name = %s
               AND NOT EXISTS (SELECT 1 FROM queue_job_function
                                WHERE name = %s)
        """, ('<%s>._%s' % (model, name), '<%s>.%s' % (model, name),
              '<%s>._%s' % (model, name)))
