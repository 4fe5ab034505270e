# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Suspensions are recorded with their dates (isp.subscription.suspension):
the services suspended before get theirs, open, from the day they were
suspended (the dunning's suspension date, else the day of their last
change)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        INSERT INTO isp_subscription_suspension
            (subscription_id, company_id, partner_id, date_start, reason,
             by_dunning, create_uid, create_date, write_uid, write_date)
        SELECT s.id, s.company_id, s.partner_id,
               COALESCE(s.isp_date_suspension, s.write_date)::date,
               s.isp_suspension_reason,
               COALESCE(s.isp_suspended_by_dunning, FALSE),
               1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'
          FROM isp_subscription s
         WHERE s.state = 'suspended'
           AND NOT EXISTS (SELECT 1 FROM isp_subscription_suspension x
                            WHERE x.subscription_id = s.id
                              AND x.date_end IS NULL)
    """)
