from . import isp_subscription
from . import isp_subscription_adjustment
from . import res_partner
from . import sale_order
from . import sale_order_line
