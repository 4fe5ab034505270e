from . import test_isp_helpdesk_security
