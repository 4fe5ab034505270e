from . import test_isp_crm_security
