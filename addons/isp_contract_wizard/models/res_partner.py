# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResPartner(models.Model):
    _inherit = 'res.partner'

    @api.multi
    def _notify_by_chat(self, message):
        """Odoo 11 formats the message for the web client's inbox (about
        fifteen queries) before it looks at whom it sends it to, also when
        nobody is to be notified, as for the notes the contract wizard
        posts on the records it creates: nobody to notify, nothing to
        format."""
        if not self:
            return None
        return super(ResPartner, self)._notify_by_chat(message)
