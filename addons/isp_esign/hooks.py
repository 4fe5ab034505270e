# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api


def post_init_hook(cr, registry):
    """Give every company a self-signed demo seal certificate, so that
    signing works out of the box (replace it in the settings)."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env['res.company'].search([])._esign_generate_demo_certificate()
