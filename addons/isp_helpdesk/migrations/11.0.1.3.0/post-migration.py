# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tickets of a customer show the customer's name and e-mail; Odoo's
onboarding tips no longer sit on the ISP pages of the administrator."""
from odoo import SUPERUSER_ID, api

ONBOARDING_TOURS = ('sale_tour', 'crm_tour', 'account_invoicing_tour',
                    'mail_tour')


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        UPDATE helpdesk_ticket t
           SET partner_name = COALESCE(NULLIF(t.partner_name, ''), p.name),
               partner_email = COALESCE(NULLIF(t.partner_email, ''), p.email)
          FROM res_partner p
         WHERE p.id = t.partner_id
           AND (COALESCE(t.partner_name, '') = ''
                OR COALESCE(t.partner_email, '') = '')
    """)
    env = api.Environment(cr, SUPERUSER_ID, {})
    Tour = env['web_tour.tour']
    seen = set(Tour.get_consumed_tours())
    Tour.consume([name for name in ONBOARDING_TOURS if name not in seen])
