# Plain-Python business rules of isp_crm: no Odoo import, table-tested.
