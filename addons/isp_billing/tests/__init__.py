from . import test_billing_period
from . import test_isp_billing_security
from . import test_isp_subscription
from . import test_subscription_billing_data
from . import test_billing_run
from . import test_migration
from . import test_contract_bank_and_cron
