from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import PathParameter
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from api.domain.accounts import schemas
from api.domain.accounts.guesses import PasswordGuesses
from api.domain.accounts.services import AccountService, WrongPasswordError
from api.domain.privacy import examples as privacy_examples
from api.domain.privacy.schemas import AccountDeletion, PersonalDataExport
from api.domain.privacy.services import PrivacyService
from api.lib import rate_limits
from api.lib.auth import (
    SESSION_FINGERPRINT,
    SESSION_USER,
    Actor,
    ActorRequest,
    AnyConnection,
    AnyRequest,
    UserSessions,
    current_session_id,
    password_fingerprint,
    requires_admin,
    requires_user,
    rotate_session,
)
from api.lib.client_address import client_address
from api.lib.errors import ForbiddenError, UnauthorizedError
from api.lib.params import json_body
from api.lib.problems import PROBLEM_RESPONSES

PASSWORD = "Fahrrad Wiese Laterne"
SignInBody = Annotated[schemas.SignIn, json_body({"email": "anna@example.org", "password": PASSWORD})]
SignUpBody = Annotated[
    schemas.SignUp,
    json_body({"email": "anna@example.org", "password": PASSWORD, "display_name": "Anna", "locale": "de"}),
]
TokenBody = Annotated[schemas.TokenConfirmation, json_body({"token": "k3Jx9tQ…"})]
ResetRequestBody = Annotated[schemas.PasswordResetRequest, json_body({"email": "anna@example.org"})]
ResendBody = Annotated[schemas.VerificationResend, json_body({"email": "anna@example.org"})]
ResetBody = Annotated[schemas.PasswordReset, json_body({"token": "k3Jx9tQ…", "new_password": "Neues langes Passwort"})]
ProfileBody = Annotated[schemas.ProfileUpdate, json_body({"display_name": "Anna B.", "locale": "en"})]
PasswordChangeBody = Annotated[
    schemas.PasswordChange, json_body({"current_password": PASSWORD, "new_password": "Neues langes Passwort"})
]
EmailChangeBody = Annotated[schemas.EmailChange, json_body({"new_email": "anna.neu@example.org", "password": PASSWORD})]
DeletionBody = Annotated[AccountDeletion, json_body({"password": PASSWORD})]
AccountId = Annotated[UUID, PathParameter(description="The account's id.")]

ME_EXAMPLE = {
    "id": "5b0e2c1a-1f7e-4a53-9d61-0c1f8f9f2b11", "email": "anna@example.org", "display_name": "Anna",
    "locale": "de", "email_verified": True, "roles": ["resident"],
    "memberships": [{"organisation_id": "0c6f3c2e-8d5a-4f61-9a8e-3f1d2c7b9e10", "slug": "tafel-am-kesselbrink",
                     "name": "Tafel am Kesselbrink e. V.", "role": "owner", "verification_status": "verified"}],
}
ME_RESPONSE = {200: ResponseSpec(data_container=schemas.Me, examples=[Example(value=ME_EXAMPLE)])}
ACCEPTED = schemas.Accepted(detail="If the address can be used, an e-mail with a link is on its way.")
ACCEPTED_RESPONSE = {
    202: ResponseSpec(data_container=schemas.Accepted, examples=[Example(value={"detail": ACCEPTED.detail})])
}
# Every operation that checks a password (docs/security.md "Password guesses and lock-out").
PASSWORD_GUESSES_RESPONSE = {
    429: ResponseSpec(None, description="Too many password checks or wrong passwords for this account from this "
                      "client address, for the account or from the address; Retry-After says when to try "
                      "again, and grows as wrong passwords go on. The password was not checked."),
}


def _limits(request: AnyRequest, email: str, per_account: str, per_address: str) -> tuple[tuple[str, str], ...]:
    return (per_account, f"account:{email.strip().lower()}"), (per_address, f"ip:{client_address(request)}")


def _user_id(request: ActorRequest) -> UUID:
    actor: Actor = request.user
    assert actor.user_id is not None  # the route's requires_user guard made sure
    return actor.user_id


async def _guesses(request: ActorRequest, account_service: AccountService) -> PasswordGuesses:
    """The signed-in person's password guesses, counted with those at signing in to the same account."""
    return PasswordGuesses.of(request, account_service.settings, await account_service.email(_user_id(request)))


def _remember(request: AnyConnection, user_id: UUID, password_hash: str) -> None:
    request.set_session({SESSION_USER: str(user_id), SESSION_FINGERPRINT: password_fingerprint(password_hash)})


class SessionController(Controller):
    """Signing in and out. The session lives in Redis; the browser holds only an HttpOnly cookie."""

    path = "/api/v1/session"
    tags = ["Accounts"]

    @get(
        "/",
        operation_id="getSession",
        summary="Whether this browser is signed in; sets the CSRF cookie",
        responses={200: ResponseSpec(data_container=schemas.SessionInfo,
                                     examples=[Example(value={"signed_in": False, "csrf_header": "X-CSRFToken"})])},
    )
    async def get_session(self, request: AnyRequest) -> schemas.SessionInfo:
        """Anyone may call it. Besides saying whether the browser is signed in, it sets the `csrftoken` cookie, whose
        value every POST, PUT, PATCH and DELETE with a session must send in the `X-CSRFToken` header (403 otherwise);
        API clients without a browser call it first. It never creates a session."""
        actor: Actor | None = request.user
        return schemas.SessionInfo(signed_in=actor is not None and actor.user_id is not None)

    @post("/", operation_id="signIn", summary="Sign in with e-mail and password",
          responses={**ME_RESPONSE, **PASSWORD_GUESSES_RESPONSE}, status_code=HTTP_200_OK)
    async def sign_in(
        self, request: AnyRequest, data: SignInBody, account_service: NamedDependency[AccountService]
    ) -> schemas.Me:
        """On success a new session id, rotated at every sign-in, goes into an `HttpOnly`, `Secure`, `SameSite=Lax`
        cookie, and the answer is the account as `GET /api/v1/me` shows it. The session lives in Redis for
        `VOLUMAP_SESSION_MAX_AGE_S` (14 days) from its last renewal. An unknown address and a wrong password answer
        alike. Password checks are limited per account and per client address, and wrong passwords in a row lock that
        address out for a growing time: 429 with `Retry-After`, the password not checked (docs/security.md)."""
        async with PasswordGuesses.of(request, account_service.settings, data.email).counted(UnauthorizedError):
            user = await account_service.authenticate(data.email, data.password)
        rotate_session(request)
        _remember(request, user.id, user.password_hash)
        return await account_service.me(user.id)

    @delete("/", operation_id="signOut", summary="Sign out", status_code=HTTP_204_NO_CONTENT)
    async def sign_out(self, request: AnyRequest) -> None:
        """Ends this browser's session in Redis and clears its cookie; other sessions of the account stay. Needs the
        CSRF header like every write with a session."""
        request.clear_session()


class AccountController(Controller):
    path = "/api/v1"
    tags = ["Accounts"]

    @post("/accounts", operation_id="signUp", summary="Create an account; a link to confirm the e-mail follows",
          status_code=HTTP_202_ACCEPTED, responses=ACCEPTED_RESPONSE)
    async def sign_up(
        self, request: AnyRequest, data: SignUpBody, account_service: NamedDependency[AccountService]
    ) -> schemas.Accepted:
        """Anyone may sign up. The answer is 202 with the same body whatever the address, so it does not tell which
        addresses have accounts: a new address gets a link to confirm it, one that already has an account gets a "you
        already have one" e-mail instead, both through the outbox. A password needs at least 10 characters and must be
        neither a common password nor the e-mail address (400 naming the field). Limited per e-mail address (3 an hour)
        and per client address (`VOLUMAP_RATE_LIMIT_SIGNUP*`; 429 with `Retry-After`)."""
        settings = account_service.settings
        await rate_limits.hit("signup", *_limits(request, data.email, settings.rate_limit_signup,
                                                 settings.rate_limit_signup_per_address))
        await account_service.sign_up(data)
        return ACCEPTED

    @post("/accounts/verification", operation_id="verifyEmail",
          summary="Confirm the e-mail address with the link's token", status_code=HTTP_204_NO_CONTENT)
    async def verify(self, data: TokenBody, account_service: NamedDependency[AccountService]) -> None:
        """The token comes from the sign-up e-mail's link (`/#/konto/bestaetigen?token=…`) and works once; no sign-in is
        needed. Registering an organisation, managing offers and applying need a confirmed address. A lost or expired
        link is sent again with `POST /api/v1/accounts/verification/resend`."""
        await account_service.verify_email(data.token)

    @post(
        "/accounts/verification/resend",
        operation_id="resendVerificationEmail",
        summary="Send the link to confirm the e-mail address again (rate-limited)",
        description=(
            "For an account whose confirmation link expired or got lost: a new link goes to the address, and "
            "the links sent before stop working. Answers 202 with the same body whatever the address, so "
            "nobody learns whether it has an account; only an active account still waiting for confirmation "
            "gets an e-mail (a confirmed one needs none: sign in, or reset a forgotten password). "
            "Limited per e-mail address and per client address (`VOLUMAP_RATE_LIMIT_VERIFICATION_RESEND*`)."
        ),
        status_code=HTTP_202_ACCEPTED,
        responses={
            **ACCEPTED_RESPONSE,
            400: PROBLEM_RESPONSES[400],
            429: ResponseSpec(None, description="Too many requests for this address or from this client; "
                              "Retry-After says when to try again."),
        },
    )
    async def resend_verification(
        self, request: AnyRequest, data: ResendBody, account_service: NamedDependency[AccountService]
    ) -> schemas.Accepted:
        settings = account_service.settings
        await rate_limits.hit("verification-resend", *_limits(request, data.email,
                                                              settings.rate_limit_verification_resend,
                                                              settings.rate_limit_verification_resend_per_address))
        await account_service.resend_verification(data.email)
        return ACCEPTED

    @post("/password-resets", operation_id="requestPasswordReset", summary="Send a link to set a new password",
          status_code=HTTP_202_ACCEPTED, responses=ACCEPTED_RESPONSE)
    async def request_reset(
        self, request: AnyRequest, data: ResetRequestBody, account_service: NamedDependency[AccountService]
    ) -> schemas.Accepted:
        """Answers 202 whatever the address, so it does not tell which addresses have accounts; an active account gets
        an e-mail with a link that works once and expires after 60 minutes. Limited per e-mail address (3 an hour) and
        per client address (10 an hour): 429 with `Retry-After` (`VOLUMAP_RATE_LIMIT_PASSWORD_RESET*`)."""
        settings = account_service.settings
        await rate_limits.hit("password-reset", *_limits(request, data.email, settings.rate_limit_password_reset,
                                                         settings.rate_limit_password_reset_per_address))
        await account_service.request_password_reset(data.email)
        return ACCEPTED

    @post("/password-resets/confirmation", operation_id="resetPassword",
          summary="Set a new password with the link's token (once, before it expires)",
          status_code=HTTP_204_NO_CONTENT)
    async def reset(
        self, request: AnyRequest, data: ResetBody, account_service: NamedDependency[AccountService]
    ) -> None:
        """The token comes from the reset e-mail's link (once, within 60 minutes); the new password follows the sign-up
        rules. Completing a reset also clears the account's wrong-password counts, so someone locked out by others'
        guesses gets in again (docs/security.md)."""
        user = await account_service.reset_password(data.token, data.new_password)
        await PasswordGuesses.of(request, account_service.settings, user.email).forget()

    @get("/me", operation_id="getMe", summary="My account, roles and memberships", guards=[requires_user],
         responses=ME_RESPONSE)
    async def me(self, request: ActorRequest, account_service: NamedDependency[AccountService]) -> schemas.Me:
        """Signed-in people only (401 otherwise). The answer has the e-mail address and whether it is confirmed, display
        name, language, roles (`resident` always, `moderator` and `admin` as granted) and the organisations the account
        belongs to with its role in each."""
        return await account_service.me(_user_id(request))

    @patch("/me", operation_id="updateMe", summary="Change display name or language", guards=[requires_user],
           responses=ME_RESPONSE)
    async def update_me(
        self, request: ActorRequest, data: ProfileBody, account_service: NamedDependency[AccountService]
    ) -> schemas.Me:
        """Only the fields sent change. `locale` (`de` or `en`) is the language of the account's e-mails, push
        notifications and "for you" reasons. Needs the CSRF header like every write with a session."""
        await account_service.update_profile(_user_id(request), data)
        return await account_service.me(_user_id(request))

    @get("/me/export", operation_id="exportMyData", guards=[requires_user], responses=privacy_examples.EXPORT_RESPONSES,
         summary="Everything VoluMap holds about me, as a JSON download (GDPR Art. 15 and 20)")
    async def export_my_data(
        self, request: ActorRequest, privacy_service: NamedDependency[PrivacyService]
    ) -> Response[PersonalDataExport]:
        """One JSON document, read from one database snapshot, with a section per kind of record: account, memberships
        and invitations, volunteer profile, applications, calendar feed (never its address), offer matches, reports,
        offers and API tokens created (never secrets), e-mail links (never the links), push subscriptions, audit
        entries, and for moderators what they handled. Sections with nothing in them are empty lists
        (`volunteer_profile` and `calendar_feed` are `null`). At most `VOLUMAP_RATE_LIMIT_DATA_EXPORT` (10 an hour, 30 a
        day) per account, then 429 with `Retry-After` (docs/privacy.md)."""
        user_id = _user_id(request)
        await rate_limits.hit("data-export", (privacy_service.settings.rate_limit_data_export, f"account:{user_id}"))
        export = await privacy_service.export(user_id)
        return Response(export, headers={
            "Content-Disposition": f'attachment; filename="volumap-{export.generated_at:%Y-%m-%d}.json"',
            "Cache-Control": "no-store",
        })

    @delete("/me", operation_id="deleteMyAccount", guards=[requires_user], status_code=HTTP_204_NO_CONTENT,
            responses={**privacy_examples.DELETE_RESPONSES, **PASSWORD_GUESSES_RESPONSE},
            summary="Delete my account: personal data erased at once, applications kept anonymously (GDPR Art. 17)")
    async def delete_me(
        self, request: ActorRequest, data: DeletionBody, account_service: NamedDependency[AccountService],
        privacy_service: NamedDependency[PrivacyService],
    ) -> None:
        """The password confirms it (wrong: 403, nothing deleted; attempts count like sign-ins). In one transaction the
        profile, matches, calendar feed, e-mail links, memberships, devices and outbox e-mails are deleted, applications
        stay anonymised (their places go to the waiting list), reports, tokens and offers stay without the person, the
        account becomes a tombstone with only its random id, and every session ends. The last owner of an organisation
        with other members or offers in review, published or paused gets 409 naming it; moderators and administrators
        cannot delete their own account (docs/privacy.md)."""
        user_id = _user_id(request)
        # Password guesses with a stolen session count like sign-in attempts; PrivacyService refuses a wrong
        # password, and nothing else, with ForbiddenError.
        guesses = await _guesses(request, account_service)
        async with guesses.counted(ForbiddenError):
            await privacy_service.delete_account(user_id, data.password, UserSessions.of(request.app))
        request.clear_session()

    @put("/me/password", operation_id="changePassword", summary="Change my password (ends my other sessions)",
         guards=[requires_user], status_code=HTTP_204_NO_CONTENT, responses=PASSWORD_GUESSES_RESPONSE)
    async def change_password(
        self, request: ActorRequest, data: PasswordChangeBody, account_service: NamedDependency[AccountService]
    ) -> None:
        """Needs the current password; the new one follows the sign-up rules (at least 10 characters, not a common
        password, not the e-mail address). Every other session of the account ends; this one stays. The current password
        is checked like a sign-in, with the same limits and lock-out (429 with `Retry-After`; docs/security.md)."""
        async with (await _guesses(request, account_service)).counted(WrongPasswordError):
            user = await account_service.change_password(_user_id(request), data.current_password,
                                                         data.new_password)
        _remember(request, user.id, user.password_hash)
        # The old password's fingerprint already refuses them; this removes them from Redis as well.
        await UserSessions.of(request.app).end_all(user.id, keep=current_session_id(request))

    @post("/me/email", operation_id="changeEmail", summary="Change my e-mail; the new address confirms by link",
          guards=[requires_user], status_code=HTTP_202_ACCEPTED,
          responses={**ACCEPTED_RESPONSE, **PASSWORD_GUESSES_RESPONSE})
    async def change_email(
        self, request: ActorRequest, data: EmailChangeBody, account_service: NamedDependency[AccountService]
    ) -> schemas.Accepted:
        """Needs the account's password, checked like a sign-in (same limits and lock-out, docs/security.md). The
        address changes only when the link sent to the new address is confirmed with `POST
        /api/v1/me/email/confirmation`; until then the old one stays."""
        async with (await _guesses(request, account_service)).counted(WrongPasswordError):
            await account_service.request_email_change(_user_id(request), data.new_email, data.password)
        return ACCEPTED

    @post("/me/email/confirmation", operation_id="confirmEmailChange", summary="Confirm the new e-mail address",
          status_code=HTTP_204_NO_CONTENT)
    async def confirm_email(self, data: TokenBody, account_service: NamedDependency[AccountService]) -> None:
        """No sign-in needed: the token comes from the link sent to the new address. It works once and before it
        expires, and then the new address replaces the old one."""
        await account_service.confirm_email_change(data.token)

    @put("/admin/moderators/{user_id:uuid}", operation_id="appointModerator", summary="Make an account a moderator",
         guards=[requires_admin], status_code=HTTP_204_NO_CONTENT)
    async def appoint(
        self, request: ActorRequest, user_id: AccountId, account_service: NamedDependency[AccountService]
    ) -> None:
        """Administrators only (403 for everyone else). The account gets the moderator role and with it the moderation
        desk under `/api/v1/moderation`; an unknown account is 404. The change is written to the audit log."""
        await account_service.set_moderator(_user_id(request), user_id, True)

    @delete("/admin/moderators/{user_id:uuid}", operation_id="dismissModerator",
            summary="Take moderator rights away", guards=[requires_admin], status_code=HTTP_204_NO_CONTENT)
    async def dismiss(
        self, request: ActorRequest, user_id: AccountId, account_service: NamedDependency[AccountService]
    ) -> None:
        """Administrators only (403 for everyone else). The account keeps its other roles; an unknown account is 404.
        The change is written to the audit log."""
        await account_service.set_moderator(_user_id(request), user_id, False)
