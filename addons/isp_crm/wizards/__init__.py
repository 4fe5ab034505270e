from . import isp_commission_settlement_xlsx
