from . import isp_esign_request
from . import isp_esign_event
from . import isp_esign_mixin
from . import isp_sms_gateway
from . import res_company
from . import res_config_settings
