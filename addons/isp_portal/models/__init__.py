from . import isp_subscription
