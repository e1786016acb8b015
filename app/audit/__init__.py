from app.audit.trail import Auditable, record

__all__ = ["Auditable", "record"]
