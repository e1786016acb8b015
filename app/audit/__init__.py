from app.audit.trail import record
from app.models.base import Auditable

__all__ = ["Auditable", "record"]
