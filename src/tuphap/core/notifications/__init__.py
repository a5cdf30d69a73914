"""The notification outbox every app uses (emails and SMS).

- ``queue(messages=[Message.email(...), Message.sms(...)], about=obj)`` and
  ``notify(about=obj, email=..., phone=..., subject=..., body=...)`` write
  ``core.Notification`` rows in the caller's transaction (``quiet()`` turns
  them off, for imports and the demo);
- ``deliver_pending()`` sends them (lease, retries, one ``message_key`` per
  message, nothing held open while a message travels); it runs in the task
  ``send_notifications`` (enqueued after each commit) and in the periodic job
  ``outbox``;
- SMS go through the gateway named by ``TUPHAP_SMS_GATEWAY`` (``SmsGateway``);
- ``in_vietnamese`` renders an app's message builder in the recipient's
  language, whatever language is active.
"""

from tuphap.core.notifications.delivery import (
    MAX_ATTEMPTS,
    LogSmsGateway,
    SmsGateway,
    deliver_pending,
    message_key,
    send_notifications,
    sms_gateway,
)
from tuphap.core.notifications.language import in_vietnamese
from tuphap.core.notifications.services import Message, notify, queue, quiet

__all__ = [
    "MAX_ATTEMPTS",
    "LogSmsGateway",
    "Message",
    "SmsGateway",
    "deliver_pending",
    "in_vietnamese",
    "message_key",
    "notify",
    "queue",
    "quiet",
    "send_notifications",
    "sms_gateway",
]
