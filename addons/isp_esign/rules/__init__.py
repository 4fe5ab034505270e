# Plain-Python rules of isp_esign: no Odoo import, table-tested.
