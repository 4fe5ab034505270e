# customers (res.partner and its bank accounts)
from . import res_partner
from . import res_partner_bank
# catalog
from . import product_template
from . import isp_bundle_line
from . import isp_campaign
# sales network
from . import sale_order
from . import sale_order_line
from . import res_config_settings
# CRM activities
from . import isp_crm_activity
