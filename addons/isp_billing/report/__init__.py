from . import isp_billing_xlsx
from . import payment_return_xlsx
from . import payment_order_xlsx
