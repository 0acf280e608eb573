"""The invitation e-mail. The invitee may not have an account yet, so it speaks German and English."""

from __future__ import annotations

_ROLES = {"owner": ("Inhaber*in", "owner"), "editor": ("Redakteur*in", "editor")}

_SUBJECT = "Einladung zu {organisation} auf VoluMap / Invitation to join {organisation}"
_TEXT = (
    "Hallo,\n\n{inviter} lädt dich ein, bei VoluMap Bielefeld als {role_de} für „{organisation}“ mitzuarbeiten. "
    "Melde dich an (oder lege ein Konto an) und nimm die Einladung hier an:\n{link}\n\n"
    "Der Link gilt {days} Tage und nur einmal. Wenn du nichts damit anfangen kannst, ignoriere diese E-Mail.\n\n"
    "---\n\n"
    "Hello,\n\n{inviter} invites you to work on VoluMap Bielefeld as {role_en} of “{organisation}”. "
    "Sign in (or create an account) and accept the invitation here:\n{link}\n\n"
    "The link is valid for {days} days and works once. If this means nothing to you, ignore this e-mail."
)


def invitation_email(*, organisation: str, inviter: str, role: str, link: str, days: int) -> tuple[str, str]:
    """(subject, text) of an invitation."""
    role_de, role_en = _ROLES[role]
    inviter = inviter or "VoluMap"
    return (_SUBJECT.format(organisation=organisation),
            _TEXT.format(inviter=inviter, organisation=organisation, role_de=role_de, role_en=role_en, link=link,
                         days=days))
