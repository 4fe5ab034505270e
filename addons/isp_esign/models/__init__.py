from . import isp_esign_request
