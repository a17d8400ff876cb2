from . import dropship_sync_audit
from . import res_company
from . import res_config_settings
from . import purchase_order
from . import purchase_order_line
from . import sale_order
from . import sale_order_line
