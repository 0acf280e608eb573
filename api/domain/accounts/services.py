"""Accounts: sign-up with a verified e-mail, sign-in, passwords, e-mail changes. No answer tells a
stranger whether an address has an account."""

from __future__ import annotations

import uuid
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from api.db.accounts import AccountToken, AccountTokenPurpose, User, UserStatus
from api.db.organisations import Membership, Organisation
from api.domain.accounts import schemas
from api.domain.accounts.emails import account_email
from api.domain.audit import services as audit
from api.lib import app_links, clock
from api.lib.errors import ConflictError, InvalidInputError, InvalidParam, NotFoundError, UnauthorizedError
from api.lib.messages import msg
from api.lib.outbox import enqueue_email
from api.lib.passwords import (
    dummy_hash,
    hash_password_off_loop,
    needs_rehash,
    password_problem,
    verify_password_off_loop,
)
from api.lib.tokens import new_secret_token, token_digest
from api.settings import Settings


def normalise_email(value: str, field: str = "email") -> str:
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        # The validator's English reason; api.lib.messages.PATTERNS gives it in German.
        raise InvalidInputError(InvalidParam(field, str(exc), "body")) from None


def _check_password(password: str, email: str, field: str) -> None:
    problem = password_problem(password, email=email)
    if problem:
        raise InvalidInputError(InvalidParam(field, problem, "body"))


class WrongPasswordError(InvalidInputError):
    """The password confirming a change is wrong: a guess (api/domain/accounts/guesses.py), unlike the other
    invalid input of the same request."""

    def __init__(self, *, field: str) -> None:
        super().__init__(InvalidParam(field, msg("is wrong"), "body"))


class AccountService:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings

    async def by_email(self, email: str) -> User | None:
        return (
            await self.session.execute(select(User).where(func.lower(User.email) == email.lower()))
        ).scalar_one_or_none()

    async def sign_up(self, data: schemas.SignUp) -> None:
        email = normalise_email(data.email)
        _check_password(data.password, email, "password")
        existing = await self.by_email(email)
        if existing is not None:
            subject, text = account_email("already_registered", existing.locale,
                                          link=app_links.absolute(app_links.forgot_password()))
            await enqueue_email(self.session, existing.email, subject, text)
            await self.session.commit()
            return
        password_hash = await hash_password_off_loop(data.password)
        user = User(email=email, password_hash=password_hash, display_name=data.display_name.strip(),
                    locale=data.locale)
        self.session.add(user)
        await self.session.flush()
        await self._send_verification(user)
        await self.session.commit()

    async def _new_token(self, user: User, purpose: AccountTokenPurpose, ttl: timedelta,
                         new_email: str | None = None) -> str:
        token, digest = new_secret_token()
        self.session.add(AccountToken(user_id=user.id, purpose=purpose, token_hash=digest, new_email=new_email,
                                      expires_at=clock.now() + ttl))
        return token

    async def _send_verification(self, user: User) -> None:
        hours = self.settings.email_verification_ttl_hours
        token = await self._new_token(user, AccountTokenPurpose.verify_email, timedelta(hours=hours))
        subject, text = account_email("verify", user.locale, name=user.display_name,
                                      link=app_links.absolute(app_links.confirm_account(token)), hours=hours)
        await enqueue_email(self.session, user.email, subject, text)

    async def resend_verification(self, email: str) -> None:
        """A new confirmation link for an account still waiting for one; earlier links stop working.
        Anyone else (no account, confirmed, suspended) gets nothing: the caller answers alike either way,
        and a confirmed person needs no link (signing in, or resetting a forgotten password, works)."""
        address = normalise_email(email)
        # Locked, so that of two requests at once only the later one's link works.
        user = (
            await self.session.execute(
                select(User).where(func.lower(User.email) == address.lower()).with_for_update()
            )
        ).scalar_one_or_none()
        if user is None or user.status != UserStatus.active or user.email_verified_at is not None:
            await self.session.rollback()
            return
        await self.session.execute(
            delete(AccountToken).where(col(AccountToken.user_id) == user.id,
                                       col(AccountToken.purpose) == AccountTokenPurpose.verify_email,
                                       col(AccountToken.used_at).is_(None))
        )
        await self._send_verification(user)
        await self.session.commit()

    async def _use_token(self, token: str, purpose: AccountTokenPurpose) -> tuple[AccountToken, User]:
        """Marks a valid token used (once, even under concurrent use) and returns it with its user."""
        row = (
            await self.session.execute(
                update(AccountToken)
                .where(col(AccountToken.token_hash) == token_digest(token), col(AccountToken.purpose) == purpose,
                       col(AccountToken.used_at).is_(None), col(AccountToken.expires_at) > clock.now())
                .values(used_at=clock.now())
                .returning(AccountToken)
            )
        ).scalar_one_or_none()
        if row is None:
            raise InvalidInputError(InvalidParam("token", msg("is invalid, used or expired"), "body"))
        user = await self.session.get(User, row.user_id)
        if user is None or user.status != UserStatus.active:
            raise InvalidInputError(InvalidParam("token", msg("is invalid, used or expired"), "body"))
        return row, user

    async def verify_email(self, token: str) -> None:
        _, user = await self._use_token(token, AccountTokenPurpose.verify_email)
        user.email_verified_at = user.email_verified_at or clock.now()
        await self.session.commit()

    async def authenticate(self, email: str, password: str) -> User:
        user = await self.by_email(email.strip())
        if user is None or user.status != UserStatus.active:
            await verify_password_off_loop(dummy_hash(), password)
            raise UnauthorizedError(msg("E-mail address or password is wrong"))
        if not await verify_password_off_loop(user.password_hash, password):
            raise UnauthorizedError(msg("E-mail address or password is wrong"))
        if needs_rehash(user.password_hash):
            user.password_hash = await hash_password_off_loop(password)
            await self.session.commit()
        return user

    async def change_password(self, user_id: uuid.UUID, current: str, new: str) -> User:
        user = await self._active(user_id)
        if not await verify_password_off_loop(user.password_hash, current):
            raise WrongPasswordError(field="current_password")
        _check_password(new, user.email, "new_password")
        user.password_hash = await hash_password_off_loop(new)
        user.updated_at = clock.now()
        await self.session.commit()
        return user

    async def request_password_reset(self, email: str) -> None:
        user = await self.by_email(email.strip())
        if user is None or user.status != UserStatus.active:
            return
        minutes = self.settings.password_reset_ttl_minutes
        token = await self._new_token(user, AccountTokenPurpose.reset_password, timedelta(minutes=minutes))
        subject, text = account_email("reset", user.locale, name=user.display_name,
                                      link=app_links.absolute(app_links.reset_password(token)), minutes=minutes)
        await enqueue_email(self.session, user.email, subject, text)
        await self.session.commit()

    async def reset_password(self, token: str, new_password: str) -> User:
        _, user = await self._use_token(token, AccountTokenPurpose.reset_password)
        _check_password(new_password, user.email, "new_password")
        user.password_hash = await hash_password_off_loop(new_password)
        # The link came to this address, so the address is proven.
        user.email_verified_at = user.email_verified_at or clock.now()
        user.updated_at = clock.now()
        await self.session.commit()
        return user

    async def request_email_change(self, user_id: uuid.UUID, new_email: str, password: str) -> None:
        user = await self._active(user_id)
        if not await verify_password_off_loop(user.password_hash, password):
            raise WrongPasswordError(field="password")
        email = normalise_email(new_email, "new_email")
        if await self.by_email(email) is None:
            hours = self.settings.email_verification_ttl_hours
            token = await self._new_token(user, AccountTokenPurpose.change_email, timedelta(hours=hours), email)
            subject, text = account_email("change_email", user.locale, name=user.display_name,
                                          link=app_links.absolute(app_links.confirm_email_change(token)), hours=hours)
            await enqueue_email(self.session, email, subject, text)
        await self.session.commit()

    async def confirm_email_change(self, token: str) -> None:
        row, user = await self._use_token(token, AccountTokenPurpose.change_email)
        assert row.new_email is not None
        if await self.by_email(row.new_email) is not None:
            raise ConflictError(msg("That e-mail address now belongs to another account"))
        user.email = row.new_email
        user.email_verified_at = clock.now()
        user.updated_at = clock.now()
        await self.session.commit()

    async def update_profile(self, user_id: uuid.UUID, data: schemas.ProfileUpdate) -> None:
        user = await self._active(user_id)
        if data.display_name is not None:
            user.display_name = data.display_name.strip()
        if data.locale is not None:
            user.locale = data.locale
        user.updated_at = clock.now()
        await self.session.commit()

    async def email(self, user_id: uuid.UUID) -> str:
        """The signed-in person's address, which their password guesses count against."""
        return (await self._active(user_id)).email

    async def _active(self, user_id: uuid.UUID) -> User:
        user = await self.session.get(User, user_id)
        if user is None or user.status != UserStatus.active:
            raise UnauthorizedError(msg("Sign in first"))
        return user

    async def me(self, user_id: uuid.UUID) -> schemas.Me:
        user = await self._active(user_id)
        rows = await self.session.execute(
            select(col(Membership.organisation_id), col(Organisation.slug), col(Organisation.name),
                   col(Membership.role), col(Organisation.verification_status))
            .join(Organisation, col(Organisation.id) == col(Membership.organisation_id))
            .where(col(Membership.user_id) == user_id)
            .order_by(col(Organisation.name))
        )
        roles = ["resident"] + (["moderator"] if user.is_moderator else []) + (["admin"] if user.is_admin else [])
        return schemas.Me(
            id=user.id, email=user.email, display_name=user.display_name, locale=user.locale,
            email_verified=user.email_verified_at is not None, roles=roles,
            memberships=[schemas.Membership(organisation_id=row.organisation_id, slug=row.slug, name=row.name,
                                            role=str(row.role.value),
                                            verification_status=str(row.verification_status.value))
                         for row in rows],
        )

    async def create_admin(self, email: str, password: str, display_name: str) -> User:
        """For `volumap create-admin`: a verified administrator (an existing account is promoted)."""
        email = normalise_email(email)
        user = await self.by_email(email)
        if user is None:
            _check_password(password, email, "password")
            user = User(email=email, password_hash=await hash_password_off_loop(password), display_name=display_name)
            self.session.add(user)
        user.is_admin = True
        user.email_verified_at = user.email_verified_at or clock.now()
        await self.session.commit()
        return user

    async def set_moderator(self, actor_id: uuid.UUID, user_id: uuid.UUID, is_moderator: bool) -> None:
        user = await self.session.get(User, user_id)
        if user is None or user.status == UserStatus.deleted:
            raise NotFoundError(msg("No account with id {id}", id=user_id))
        before = {"is_moderator": user.is_moderator}
        user.is_moderator = is_moderator
        user.updated_at = clock.now()
        audit.record(self.session, actor_id=actor_id, action="user.moderator_" + ("granted" if is_moderator
                     else "revoked"), record_type="user", record_id=user.id, before=before,
                     after={"is_moderator": is_moderator})
        await self.session.commit()
