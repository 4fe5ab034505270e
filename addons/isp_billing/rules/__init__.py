# Plain-Python business rules of isp_billing: no Odoo import, table-tested.
