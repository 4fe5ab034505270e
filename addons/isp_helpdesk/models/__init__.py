# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import res_company
from . import res_config_settings
from . import isp_helpdesk_origin
from . import isp_helpdesk_sla
from . import helpdesk_ticket_category
from . import helpdesk_ticket_stage
from . import helpdesk_ticket
from . import ir_module_module
