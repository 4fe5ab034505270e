from . import isp_commission_settlement_xlsx
from . import isp_intake_reason
