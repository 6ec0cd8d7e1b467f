from .health import health_alerts_send
from .overdue import overdue_reminders_send
from .pairs import charter_reminders_send, quiet_pairs_nudge
from .requests import request_reminders_send
from .settings import NudgeError, nudge_settings_update, settings_for

__all__ = [
    "NudgeError",
    "charter_reminders_send",
    "health_alerts_send",
    "nudge_settings_update",
    "overdue_reminders_send",
    "quiet_pairs_nudge",
    "request_reminders_send",
    "settings_for",
]
