from . import test_isp_contract_wizard
from . import test_sale_order_esign
from . import test_contract_documents
from . import test_contract_wizard_common
from . import test_contract_wizard_steps
from . import test_contract_wizard_create
from . import test_contract_wizard_migration
from . import test_contract_wizard_web_client
