"""The only place that talks to the SMTP server."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from api.settings import get_settings


def send_mail(to: str, subject: str, text: str, message_id_key: str) -> None:
    settings = get_settings()
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    # A stable Message-ID: if a crash makes us send twice, mail systems can tell it is the same message.
    message["Message-ID"] = make_msgid(idstring=message_id_key, domain="volumap.bielefeld.example")
    message.set_content(text)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_s) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password)
        smtp.send_message(message)
