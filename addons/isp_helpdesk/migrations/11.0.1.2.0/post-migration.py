# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Files stored before the portal uploads were checked: internal-note
files leave the ticket (the customer read them), active types on tickets
are served as plain text."""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env['helpdesk.ticket']._isp_fix_stored_attachments()
