from . import isp_billing_xlsx
