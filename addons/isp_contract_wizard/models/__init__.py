from . import sale_order
from . import isp_contract_condition
from . import isp_contract_service
from . import sale_order_documents
from . import res_partner
