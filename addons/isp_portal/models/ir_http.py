# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = 'ir.http'

    @classmethod
    def binary_content(cls, *args, **kwargs):
        """A file the visitor may not read answers as one that does not
        exist (404): Odoo 11 answers 403, which tells a customer probing
        /web/content/<id> and /web/image/<id> which ids hold another
        customer's files."""
        status, headers, content = super(IrHttp, cls).binary_content(
            *args, **kwargs)
        if status == 403:
            return 404, [], None
        return status, headers, content
