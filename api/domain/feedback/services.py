"""Feedback: anyone sends it (no account needed); every moderator gets it by e-mail (or the one address in
`feedback_email`), and the moderators keep track of it on their desk until it is deleted after
`feedback_retention_days` (workers/tasks/outbox.py, `volumap.outbox.prune`)."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.feedback import Feedback, FeedbackKind, FeedbackStatus
from api.domain.accounts.services import normalise_email
from api.domain.audit import services as audit
from api.domain.feedback import schemas
from api.domain.feedback.emails import feedback_email
from api.lib import clock
from api.lib.cursors import CursorCodec
from api.lib.errors import InvalidInputError, InvalidParam, NotFoundError
from api.lib.messages import msg
from api.lib.outbox import enqueue_email
from api.lib.sanitising import plain_text
from api.settings import Settings

logger = logging.getLogger("volumap.feedback")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

_MODERATORS = """
SELECT email, locale FROM user_account
WHERE status = 'active' AND (is_moderator OR is_admin)
ORDER BY email"""

# Newest first; the keyset (created_at, id) keeps pages stable while feedback comes in.
_PAGE = """
SELECT id, created_at, kind, message, page, email, locale, status, handled_at, handled_by
FROM feedback
WHERE (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
  AND (CAST(:before_at AS timestamptz) IS NULL
       OR (created_at, id) < (CAST(:before_at AS timestamptz), CAST(:before_id AS uuid)))
ORDER BY created_at DESC, id DESC
LIMIT :limit"""


def _optional_text(value: str | None) -> str | None:
    cleaned = plain_text(value) if value else ""
    return cleaned or None


def _item(row: Any) -> schemas.FeedbackItem:
    return schemas.FeedbackItem(
        id=row["id"], created_at=row["created_at"], kind=str(row["kind"]), message=row["message"], page=row["page"],
        email=row["email"], locale=row["locale"], status=str(row["status"]), handled_at=row["handled_at"],
        handled_by=row["handled_by"],
    )


class FeedbackService:
    def __init__(self, session: AsyncSession, settings: Settings, cursors: CursorCodec) -> None:
        self.session = session
        self.settings = settings
        self.cursors = cursors

    async def submit(self, data: schemas.FeedbackCreate, locale: str) -> schemas.FeedbackReceipt:
        message = plain_text(data.message)
        if not message:
            raise InvalidInputError(InvalidParam("message", msg("must contain text, not only markup"), "body"))
        email = normalise_email(data.email) if data.email and data.email.strip() else None
        feedback = Feedback(
            kind=FeedbackKind(data.kind), message=message, page=_optional_text(data.page), email=email, locale=locale
        )
        self.session.add(feedback)
        recipients = await self._recipients()
        if not recipients:
            logger.warning("feedback %s: no active moderator to send it to, and no VOLUMAP_FEEDBACK_EMAIL", feedback.id)
        for address, language in recipients:
            subject, body = feedback_email(
                language, feedback_id=str(feedback.id), kind=feedback.kind.value, message=message,
                page=feedback.page, email=email, sender_locale=locale,
                retention_days=self.settings.feedback_retention_days,
            )
            await enqueue_email(self.session, address, subject, body)
        await self.session.commit()
        return schemas.FeedbackReceipt(id=feedback.id)

    async def _recipients(self) -> list[tuple[str, str]]:
        if self.settings.feedback_email:
            return [(self.settings.feedback_email, "de")]
        rows = await self.session.execute(text(_MODERATORS))
        return [(row["email"], row["locale"]) for row in rows.mappings()]

    async def page(self, status: str | None, limit: int | None, cursor: str | None) -> schemas.FeedbackPage:
        limit = DEFAULT_LIMIT if limit is None else limit
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInputError(InvalidParam("limit", msg("must be between 1 and {max}", max=MAX_LIMIT)))
        key = f"feedback:{status}"
        before_at: datetime | None = None
        before_id: uuid.UUID | None = None
        if cursor:
            at, row_id = self.cursors.decode(cursor, key)
            before_at, before_id = datetime.fromisoformat(at), uuid.UUID(row_id)
        rows = (
            await self.session.execute(
                text(_PAGE),
                {"status": status, "before_at": before_at, "before_id": before_id, "limit": limit + 1},
            )
        ).mappings().all()
        next_cursor = None
        if len(rows) > limit:
            # The one row past the page only says there is more; the next page starts after the last shown.
            last = rows[limit - 1]
            next_cursor = self.cursors.encode([last["created_at"].isoformat(), str(last["id"])], key)
        return schemas.FeedbackPage(items=[_item(row) for row in rows[:limit]], next_cursor=next_cursor)

    async def set_status(
        self, feedback_id: uuid.UUID, status: str, moderator_id: uuid.UUID
    ) -> schemas.FeedbackItem:
        feedback = await self.session.get(Feedback, feedback_id, with_for_update=True)
        if feedback is None:
            raise NotFoundError(msg("No feedback with id {id}", id=feedback_id))
        target = FeedbackStatus(status)
        before = feedback.status
        if target != before:
            feedback.status = target
            # Back to "new": nobody has handled it (any more).
            feedback.handled_at = None if target is FeedbackStatus.new else clock.now()
            feedback.handled_by = None if target is FeedbackStatus.new else moderator_id
            audit.record(
                self.session, actor_id=moderator_id, action="feedback.status_changed", record_type="feedback",
                record_id=feedback.id, before={"status": before.value}, after={"status": target.value},
            )
        item = schemas.FeedbackItem(
            id=feedback.id, created_at=feedback.created_at, kind=feedback.kind.value, message=feedback.message,
            page=feedback.page, email=feedback.email, locale=feedback.locale, status=feedback.status.value,
            handled_at=feedback.handled_at, handled_by=feedback.handled_by,
        )
        await self.session.commit()
        return item
