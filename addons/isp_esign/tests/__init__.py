from . import test_isp_esign_request
