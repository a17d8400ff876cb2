from . import dropship_hold_wizard
from . import dropship_reversal_warning
from . import dropship_integrity_fix
from . import dropship_reversal_settle
from . import stock_return_picking
from . import dropship_vendor_document_upload
