from . import test_isp_billing_security
from . import test_isp_subscription
