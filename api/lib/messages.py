"""Texts the API answers with, in the request's language: German by default, English on request.

Code writes English templates with `{named}` fields (`msg("must be between 1 and {max}", max=100)`);
GERMAN holds the German template of each. Texts that come as plain English strings from elsewhere
(msgspec's validation messages, Litestar's exceptions, the e-mail address validator) are matched
against PATTERNS; what is not matched becomes a generic German sentence, never English in a German answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Message:
    """An English `template` with `{named}` fields and their values; rendered per language when answered."""

    template: str
    values: Mapping[str, object] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        # English, so logs, `str(exc)` and `pytest.raises(match=...)` read as before.
        return render(self, "en")


def msg(template: str, /, **values: object) -> Message:
    """A text to answer with; the template must have an entry in GERMAN (a test checks every literal)."""
    return Message(template, values)


def render(message: Message | str, locale: str, *, fallback: Message | None = None) -> str:
    """The text in `locale`. A plain string is English from elsewhere: in German it is translated by
    GERMAN or PATTERNS, else `fallback` (by default "is invalid", fitting an invalid-params reason)."""
    if isinstance(message, Message):
        template = GERMAN.get(message.template, message.template) if locale == "de" else message.template
        return template.format_map({name: _value(value, locale) for name, value in message.values.items()})
    if locale != "de":
        return message
    german = translate(message)
    if german is not None:
        return german
    return render(fallback or IS_INVALID, locale)


def translate(text: str) -> str | None:
    """German for an English text from elsewhere, or None when there is none."""
    if text in GERMAN:
        return GERMAN[text]
    for pattern, template in PATTERNS:
        found = pattern.match(text)
        if found:
            return template.format_map({name: _group(name, value or "") for name, value in found.groupdict().items()})
    return None


def _value(value: object, locale: str) -> str:
    if isinstance(value, Message):
        return render(value, locale)
    if isinstance(value, float):
        return _number(value, locale)
    return str(value)


def _number(value: float, locale: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if locale == "de" else text


# msgspec names JSON types; German readers get words (`expected` with article, `got` without).
_EXPECTED = {
    "int": "eine ganze Zahl", "float": "eine Zahl", "str": "ein Text", "bool": "true oder false",
    "object": "ein Objekt", "array": "eine Liste", "null": "null", "uuid": "eine UUID",
    "datetime": "ein Zeitpunkt", "date": "ein Datum", "time": "eine Uhrzeit", "bytes": "ein Base64-Text",
}
_GOT = {
    "int": "ganze Zahl", "float": "Zahl", "str": "Text", "bool": "Wahrheitswert", "object": "Objekt",
    "array": "Liste", "null": "null",
}


def _group(name: str, value: str) -> str:
    if name == "expected":
        return " oder ".join(_EXPECTED.get(part.strip(), f"`{part.strip()}`") for part in value.split("|"))
    if name == "got":
        return _GOT.get(value, f"`{value}`")
    if name == "number":
        try:
            return _number(float(value), "de")
        except ValueError:
            return value
    return value


def _pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.DOTALL)


IS_INVALID = msg("is invalid")

# English texts from msgspec (validation of parameters and bodies, as Litestar reports them), from
# decoding a JSON body, from Litestar and from email_validator. Collected by provoking each one
# (tests/unit/test_messages.py keeps them), first match wins.
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (_pattern(r"Expected `(?P<expected>[^`]+)`, got `(?P<got>[^`]+)`$"), "muss {expected} sein (gesendet: {got})"),
    (_pattern(r"Expected `str` of length >= 1$"), "darf nicht leer sein"),
    (_pattern(r"Expected `str` of length >= (?P<count>\d+)$"), "muss mindestens {count} Zeichen lang sein"),
    (_pattern(r"Expected `str` of length <= (?P<count>\d+)$"), "darf höchstens {count} Zeichen lang sein"),
    (_pattern(r"Expected `[^`]+` of length >= (?P<count>\d+)$"), "muss mindestens {count} Einträge haben"),
    (_pattern(r"Expected `[^`]+` of length <= (?P<count>\d+)$"), "darf höchstens {count} Einträge haben"),
    (_pattern(r"Expected `[^`]+` of length (?P<count>\d+)(, got \d+)?$"), "muss genau {count} Einträge haben"),
    (_pattern(r"Expected `[^`]+` >= (?P<number>\S+)$"), "muss mindestens {number} sein"),
    (_pattern(r"Expected `[^`]+` <= (?P<number>\S+)$"), "darf höchstens {number} sein"),
    (_pattern(r"Expected `[^`]+` > (?P<number>\S+)$"), "muss größer als {number} sein"),
    (_pattern(r"Expected `[^`]+` < (?P<number>\S+)$"), "muss kleiner als {number} sein"),
    (_pattern(r"Expected `[^`]+` that's a multiple of (?P<number>\S+)$"), "muss ein Vielfaches von {number} sein"),
    (_pattern(r"Expected `str` matching regex (?P<regex>.+)$"), "hat nicht die erwartete Form {regex}"),
    (_pattern(r"Expected `\w+` with a timezone component$"), "braucht eine Zeitzone (z. B. Z oder +01:00)"),
    (_pattern(r"Expected `\w+` with no timezone component$"), "darf keine Zeitzone haben"),
    (_pattern(r"Object missing required field `(?P<field>[^`]+)`$"), "Pflichtfeld `{field}` fehlt"),
    (_pattern(r"Object contains unknown field `(?P<field>[^`]+)`$"), "unbekanntes Feld `{field}`"),
    (_pattern(r"Invalid enum value (?P<value>.+)$"), "{value} ist kein erlaubter Wert"),
    (_pattern(r"Invalid UUID$"), "ist keine gültige UUID"),
    (_pattern(r"Invalid RFC3339 encoded datetime$"), "ist kein gültiger Zeitpunkt (z. B. 2027-05-01T10:00:00Z)"),
    (_pattern(r"Invalid RFC3339 encoded date$"), "ist kein gültiges Datum (z. B. 2027-05-01)"),
    (_pattern(r"Invalid RFC3339 encoded time$"), "ist keine gültige Uhrzeit (z. B. 10:00:00)"),
    (_pattern(r"Invalid ISO8601 duration$"), "ist keine gültige Dauer (ISO 8601)"),
    (_pattern(r"Invalid base64 encoded string$"), "ist kein gültiges Base64"),
    (_pattern(r"Invalid decimal string$"), "ist keine gültige Dezimalzahl"),
    (_pattern(r"(Integer value|Number) out of range$"), "liegt außerhalb des erlaubten Bereichs"),
    # An empty body: Litestar reports the missing `data` as a KeyError's text.
    (_pattern(r"'(?P<field>[^']+)'$"), "fehlt"),
    (_pattern(r"JSON is malformed: .* \(byte (?P<byte>\d+)\)$"),
     "Der Inhalt ist kein gültiges JSON (Fehler bei Byte {byte})."),
    (_pattern(r"JSON is malformed"), "Der Inhalt ist kein gültiges JSON."),
    (_pattern(r"Input data was truncated$"), "Der Inhalt ist kein vollständiges JSON."),
    (_pattern(r"Invalid content-length"), "Die Angabe Content-Length ist ungültig."),
    (_pattern(r"Invalid host header$"), "Die Angabe Host ist ungültig."),
    (_pattern(r"(Invalid multipart/form-data|Unexpected eof in multipart/form-data)$"),
     "Der Inhalt ist kein gültiges multipart/form-data."),
    (_pattern(r"An email address must have an @-sign\.$"), "braucht ein @-Zeichen"),
    (_pattern(r"There must be something before the @-sign\.$"), "braucht etwas vor dem @-Zeichen"),
    (_pattern(r"There must be something after the @-sign\.$"), "braucht etwas nach dem @-Zeichen"),
    (_pattern(r"The part after the @-sign is not valid\. It should have a period\.$"),
     "braucht nach dem @-Zeichen einen Punkt (z. B. beispiel.de)"),
    (_pattern(r"The part after the @-sign is not valid\. It is not within a valid top-level domain\.$"),
     "hat nach dem @-Zeichen keine gültige Endung (wie .de)"),
    (_pattern(r"An email address cannot have two periods in a row\.$"),
     "darf keine zwei Punkte hintereinander enthalten"),
    (_pattern(r"The email address is too long"), "ist zu lang für eine E-Mail-Adresse"),
    (_pattern(r".*(@-sign|[Ee]mail address|domain name|[Ii]nternationali[sz]ed characters)"),
     "ist keine gültige E-Mail-Adresse"),
]

# German for each English template: informal "du", as in the app (pwa/lib/i18n.js). The same `{fields}`.
GERMAN: dict[str, str] = {
    # Problem types (api/lib/problem_types.py) and the problem handlers
    "Invalid parameters": "Ungültige Angaben",
    "Some values of the request are not acceptable; invalid-params names each one.":
        "Einige Angaben der Anfrage sind nicht zulässig; invalid-params nennt jede.",
    "Bad request": "Fehlerhafte Anfrage",
    "The request cannot be read (e.g. its body is not valid JSON).":
        "Die Anfrage ist nicht lesbar (z. B. ist ihr Inhalt kein gültiges JSON).",
    "Sign-in required": "Anmeldung erforderlich",
    "Sign in first.": "Melde dich zuerst an.",
    "Not allowed": "Nicht erlaubt",
    "You may not do this.": "Das darfst du nicht.",
    "Request from another site": "Anfrage von einer anderen Website",
    "Changes made with a session cookie must come from VoluMap's own pages.":
        "Änderungen mit einem Sitzungs-Cookie müssen von den Seiten von VoluMap selbst kommen.",
    "Not found": "Nicht gefunden",
    "There is nothing at this address.": "Unter dieser Adresse gibt es nichts.",
    "Method not allowed": "Methode nicht erlaubt",
    "This address does not support this method.": "Diese Adresse unterstützt diese Methode nicht.",
    "Conflict": "Konflikt",
    "This is not possible in the record's current state.": "Das ist im aktuellen Zustand nicht möglich.",
    "Changed in the meantime": "Inzwischen geändert",
    "The record has changed since you loaded it (If-Match); load it again.":
        "Der Eintrag hat sich geändert, seit du ihn geladen hast (If-Match); lade ihn neu.",
    "Request too large": "Anfrage zu groß",
    "The request body is too large.": "Der Inhalt der Anfrage ist zu groß.",
    "Address too long": "Adresse zu lang",
    "The query string is too long.": "Die Abfrage (Query-String) ist zu lang.",
    "Unsupported format": "Format nicht unterstützt",
    "The request body has a format this address does not take.":
        "Der Inhalt der Anfrage hat ein Format, das diese Adresse nicht annimmt.",
    "Version required": "Versionsangabe erforderlich",
    "Send If-Match with the ETag of the version you changed.":
        "Sende If-Match mit dem ETag der Version, die du geändert hast.",
    "Too many requests": "Zu viele Anfragen",
    "Too many requests; Retry-After says when to try again.":
        "Zu viele Anfragen; Retry-After sagt, wann du es wieder versuchen kannst.",
    "Server error": "Serverfehler",
    "An unexpected error occurred. It has been logged.":
        "Ein unerwarteter Fehler ist aufgetreten. Er wurde protokolliert.",
    "Temporarily unavailable": "Vorübergehend nicht verfügbar",
    "The service is temporarily unavailable; try again in a few minutes.":
        "Der Dienst ist vorübergehend nicht verfügbar; versuche es in ein paar Minuten noch einmal.",
    "is invalid": "ist ungültig",
    "is required": "ist erforderlich",
    "Invalid value for {names}": "Ungültiger Wert für {names}",
    "{name}: {reason}": "{name}: {reason}",
    "Too many requests; try again in {seconds} s": "Zu viele Anfragen; versuche es in {seconds} s noch einmal",
    "The query string is longer than {limit} bytes": "Die Abfrage (Query-String) ist länger als {limit} Bytes",
    "Not ready: {failing} unavailable": "Nicht bereit: {failing} nicht erreichbar",
    # Sign-in and permissions (api/lib/auth.py raises these as plain strings; Litestar's CSRF check too)
    "Sign in first": "Melde dich zuerst an",
    "Sign in or send an API token": "Melde dich an oder sende ein API-Token",
    "The API token is unknown or revoked": "Das API-Token ist unbekannt oder widerrufen",
    "Only moderators may do this": "Das dürfen nur Moderatorinnen und Moderatoren",
    "Only administrators may do this": "Das dürfen nur Administratorinnen und Administratoren",
    "Changes made with a session cookie must come from VoluMap's own pages, not from {origin}":
        "Änderungen mit einem Sitzungs-Cookie müssen von den Seiten von VoluMap selbst kommen, nicht von {origin}",
    "Changes made with a session cookie must come from VoluMap's own pages (the browser says: {site})":
        "Änderungen mit einem Sitzungs-Cookie müssen von den Seiten von VoluMap selbst kommen (der Browser "
        "meldet: {site})",
    "CSRF token verification failed":
        "Das CSRF-Token fehlt oder passt nicht; lade die Seite neu und versuche es noch einmal",
    # Reasons and details of the domain errors, area by area
    "must be a UUID": "muss eine UUID sein",
    "is not a valid cursor": "ist kein gültiger Cursor",
    "belongs to a different search; start again without a cursor":
        "gehört zu einer anderen Suche; beginne ohne Cursor neu",
    "must be between {min} and {max}": "muss zwischen {min} und {max} liegen",
    "must be at most {count} characters": "darf höchstens {count} Zeichen lang sein",
    "No public offer with id {id}": "Kein öffentliches Angebot mit der ID {id}",
    "No public organisation with id {id}": "Keine öffentliche Organisation mit der ID {id}",
    "is not a category slug": "ist keine Kategorie (Slug)",
    "No offer with id {id}": "Kein Angebot mit der ID {id}",
    "No organisation with id {id}": "Keine Organisation mit der ID {id}",
    "The offer is {status}: there is nothing to review": "Das Angebot ist im Status {status}: Es gibt nichts zu prüfen",
    "The organisation is {status}: there is nothing to review":
        "Die Organisation ist im Status {status}: Es gibt nichts zu prüfen",
    "The offer is claimed by {holder} until {until}": "{holder} prüft das Angebot gerade (übernommen bis {until})",
    "The organisation is claimed by {holder} until {until}":
        "{holder} prüft die Organisation gerade (übernommen bis {until})",
    "You do not hold a claim on this offer": "Du hast dieses Angebot nicht zur Prüfung übernommen",
    "You do not hold a claim on this organisation": "Du hast diese Organisation nicht zur Prüfung übernommen",
    "The offer cannot be claimed now": "Das Angebot kann gerade nicht zur Prüfung übernommen werden",
    "The organisation cannot be claimed now": "Die Organisation kann gerade nicht zur Prüfung übernommen werden",
    "Claim the offer first: decisions need a current claim":
        "Übernimm das Angebot zuerst zur Prüfung: Entscheidungen brauchen eine aktuelle Übernahme",
    "Claim the organisation first: decisions need a current claim":
        "Übernimm die Organisation zuerst zur Prüfung: Entscheidungen brauchen eine aktuelle Übernahme",
    "The organisation is {status}: only a verified organisation's offers can be published":
        "Die Organisation ist im Status {status}: Nur Angebote verifizierter Organisationen können "
        "veröffentlicht werden",
    "must not be blank": "darf nicht leer sein",
    "must be one of: {allowed}": "muss einer dieser Werte sein: {allowed}",
    "Cannot {action} an organisation that is {status} (only from: {allowed})":
        "Die Aktion „{action}“ ist bei einer Organisation im Status {status} nicht möglich (nur im Status: {allowed})",
    "No account with id {id}": "Kein Konto mit der ID {id}",
    "You cannot suspend your own account": "Du kannst dein eigenes Konto nicht sperren",
    "Only administrators may suspend moderators and administrators":
        "Nur Administratorinnen und Administratoren dürfen Moderationskonten und Administrationskonten sperren",
    "The account is {status}": "Das Konto ist im Status {status}",
    "No open reports on offer {id}": "Keine offenen Meldungen zum Angebot {id}",
    "No open reports on organisation {id}": "Keine offenen Meldungen zur Organisation {id}",
    "must be offer or organisation": "muss offer oder organisation sein",
    "must be a finite number": "muss eine endliche Zahl sein",
    "lat and lon go together": "lat und lon gehören zusammen",
    "needs lat and lon": "braucht lat und lon",
    "must be above 0 and at most {max}": "muss größer als 0 und höchstens {max} sein",
    "must not be later than starts_before": "darf nicht später als starts_before sein",
    "must not contain NUL characters": "darf keine NUL-Zeichen enthalten",
    "must be valid UTF-8": "muss gültiges UTF-8 sein",
    "is not valid UTF-8 (byte {byte})": "ist kein gültiges UTF-8 (Fehler bei Byte {byte})",
    "nests deeper than {limit} levels": "ist tiefer als {limit} Ebenen verschachtelt",
    "The body must be application/json, not {media_type}": "Der Inhalt muss application/json sein, nicht {media_type}",
    "The body must be UTF-8-encoded JSON, not {charset}": "Der Inhalt muss JSON in UTF-8 sein, nicht {charset}",
    "must be between {min} and {max} characters": "muss zwischen {min} und {max} Zeichen lang sein",
    "The address search is not answering right now; try again shortly, or choose a district or postcode.":
        "Die Adresssuche antwortet gerade nicht; versuche es gleich noch einmal oder wähle einen Stadtbezirk "
        "oder eine Postleitzahl.",
    "No published offer with id {id}": "Kein veröffentlichtes Angebot mit der ID {id}",
    "must contain text": "muss Text enthalten",
    "must be at most {count} characters after cleaning": "darf nach dem Bereinigen höchstens {count} Zeichen lang sein",
    "needs at least one category": "braucht mindestens eine Kategorie",
    "is required unless the offer is remote": "ist nötig, außer das Angebot ist ortsunabhängig",
    "must lie within the service area (lon {west}–{east}, lat {south}–{north})":
        "muss im Einsatzgebiet liegen (Länge {west}–{east}, Breite {south}–{north})",
    "is required for a one-off offer": "ist bei einem einmaligen Angebot nötig",
    "a regular offer needs a weekly pattern or hours_per_week":
        "ein regelmäßiges Angebot braucht Wochenzeiten (weekly_pattern) oder hours_per_week",
    "only regular offers have a weekly pattern": "nur regelmäßige Angebote haben Wochenzeiten",
    "must not be before starts_at": "darf nicht vor starts_at liegen",
    "{day} {start}–{end}: the end must follow the start": "{day} {start}–{end}: Das Ende muss nach dem Beginn liegen",
    "is not an e-mail address": "ist keine E-Mail-Adresse",
    "may hold digits, spaces, + ( ) / . - only": "darf nur Ziffern, Leerzeichen und + ( ) / . - enthalten",
    "Confirm your e-mail address first: follow the link in the e-mail we sent you":
        "Bestätige zuerst deine E-Mail-Adresse: Folge dem Link in der E-Mail, die wir dir geschickt haben",
    "The organisation is {status}, not verified: offers can be created, submitted and published once the "
    "Digitalisierungsbüro has verified it":
        "Die Organisation ist im Status {status}, nicht verifiziert: Angebote kannst du anlegen, einreichen "
        "und veröffentlichen, sobald das Digitalisierungsbüro sie verifiziert hat",
    "Send If-Match with the ETag of the offer you edited (e.g. W/\"3\")":
        "Sende If-Match mit dem ETag des Angebots, das du bearbeitet hast (z. B. W/\"3\")",
    "The offer has changed since you read it (now version {version}); load it again":
        "Das Angebot hat sich geändert, seit du es geladen hast (jetzt Version {version}); lade es neu",
    "An offer that is {status} cannot be edited": "Ein Angebot im Status {status} kann nicht bearbeitet werden",
    "The offer changed while this request ran; load it again":
        "Das Angebot hat sich während dieser Anfrage geändert; lade es neu",
    "Cannot {action} an offer that is {status} (only from: {allowed})":
        "Die Aktion „{action}“ ist bei einem Angebot im Status {status} nicht möglich (nur im Status: {allowed})",
    "unknown category {unknown}; one of: {known}": "unbekannte Kategorie {unknown}; möglich sind: {known}",
    "No subscription with this endpoint and secret": "Kein Abonnement mit diesem Endpunkt und Geheimnis",
    "Push notifications are not configured": "Push-Benachrichtigungen sind nicht eingerichtet",
    "must be {count} bytes in base64url": "muss {count} Bytes in base64url sein",
    "must be an uncompressed point on P-256": "muss ein unkomprimierter Punkt auf P-256 sein",
    "must be a URL": "muss eine URL sein",
    "must be an https:// URL of a push service": "muss eine https://-URL eines Push-Dienstes sein",
    "This server has no usable VAPID key, so push notifications are off":
        "Dieser Server hat keinen brauchbaren VAPID-Schlüssel, deshalb sind Push-Benachrichtigungen aus",
    "No push channel {channel}; there are: {channels}": "Kein Push-Kanal {channel}; vorhanden sind: {channels}",
    "This token registers subscriptions for the {channel} channel only":
        "Dieses Token registriert Abonnements nur für den Kanal {channel}",
    "Subscriptions for the {channel} channel come from that app's back end":
        "Abonnements für den Kanal {channel} kommen vom Server dieser App",
    "An organisation's API token cannot subscribe to push notifications":
        "Das API-Token einer Organisation kann keine Push-Benachrichtigungen abonnieren",
    "not for a signed-in person: what you hear about follows your volunteer profile":
        "nicht für angemeldete Personen: Worüber du benachrichtigt wirst, richtet sich nach deinem Ehrenamtsprofil",
    "required without an account: where should new offers be announced?":
        "ohne Konto nötig: Für welche Gegend sollen neue Angebote gemeldet werden?",
    "At most {cap} devices per account get notifications; unsubscribe one first":
        "Höchstens {cap} Geräte pro Konto bekommen Benachrichtigungen; melde zuerst eines ab",
    "This subscription belongs to an account: change your volunteer profile instead":
        "Dieses Abonnement gehört zu einem Konto: Ändere stattdessen dein Ehrenamtsprofil",
    "The push service no longer accepts this subscription; subscribe again":
        "Der Push-Dienst nimmt dieses Abonnement nicht mehr an; abonniere neu",
    "The new endpoint is registered with other keys; subscribe again":
        "Der neue Endpunkt ist mit anderen Schlüsseln registriert; abonniere neu",
    "The subscription changed while this request ran; try again":
        "Das Abonnement hat sich während dieser Anfrage geändert; versuche es noch einmal",
    "None of your devices has the id {id}": "Keines deiner Geräte hat die ID {id}",
    "An organisation keeps at least one owner; make someone else owner first":
        "Eine Organisation behält mindestens eine Inhaberin oder einen Inhaber; mach zuerst jemand anderen "
        "zur Inhaberin oder zum Inhaber",
    "No verified organisation with slug {slug}": "Keine verifizierte Organisation mit dem Slug {slug}",
    "must have at least {count} characters besides spaces": "muss außer Leerzeichen mindestens {count} Zeichen haben",
    "must be an http:// or https:// address": "muss eine http://- oder https://-Adresse sein",
    "Confirm your e-mail address before registering an organisation":
        "Bestätige deine E-Mail-Adresse, bevor du eine Organisation registrierst",
    "Could not find a free address (slug) for this name; try a more specific one":
        "Für diesen Namen gibt es keine freie Adresse (Slug) mehr; versuche einen genaueren",
    "The organisation has changed since you loaded it; reload and retry":
        "Die Organisation hat sich geändert, seit du sie geladen hast; lade sie neu und versuche es noch einmal",
    "{user_id} is not a member of this organisation": "{user_id} ist kein Mitglied dieser Organisation",
    "{email} is already a member": "{email} ist schon Mitglied",
    "No pending invitation {id}": "Keine offene Einladung {id}",
    "Confirm your e-mail address before joining an organisation":
        "Bestätige deine E-Mail-Adresse, bevor du einer Organisation beitrittst",
    "is invalid, used or expired": "ist ungültig, schon benutzt oder abgelaufen",
    "No active API token {id}": "Kein aktives API-Token {id}",
    "This API token lacks the scope {scope}": "Diesem API-Token fehlt die Berechtigung {scope}",
    "API tokens cannot do this": "Mit einem API-Token geht das nicht",
    "Your role {role} in this organisation may not do this": "Deine Rolle {role} in dieser Organisation darf das nicht",
    "You do not act for this organisation": "Du handelst nicht für diese Organisation",
    "The password is wrong; nothing was deleted": "Das Passwort ist falsch; nichts wurde gelöscht",
    "Moderators and administrators cannot delete their account themselves: an administrator takes the "
    "role away first (so the desk is never left without one); nothing was deleted":
        "Moderations- und Administrationskonten können sich nicht selbst löschen: Erst nimmt eine "
        "Administratorin oder ein Administrator die Rolle weg (damit die Moderation nie ohne jemanden "
        "dasteht); nichts wurde gelöscht",
    "You are the last owner of {organisations}, which has other members or offers in review, public or "
    "paused: make another member its owner (or close those offers) first; nothing was deleted":
        "Du bist die letzte Inhaberin oder der letzte Inhaber von {organisations}, mit weiteren Mitgliedern "
        "oder mit Angeboten in Prüfung, veröffentlicht oder pausiert: Mach zuerst ein anderes Mitglied zur "
        "Inhaberin oder zum Inhaber (oder beende diese Angebote); nichts wurde gelöscht",
    "must be at least {count} characters long": "muss mindestens {count} Zeichen lang sein",
    "must be at most {count} characters long": "darf höchstens {count} Zeichen lang sein",
    "is too common; choose a less guessable one (a few words together work well)":
        "ist zu verbreitet; wähle eines, das schwerer zu erraten ist (ein paar Wörter zusammen eignen sich gut)",
    "must not be your e-mail address": "darf nicht deine E-Mail-Adresse sein",
    "E-mail address or password is wrong": "E-Mail-Adresse oder Passwort ist falsch",
    "is wrong": "ist falsch",
    "That e-mail address now belongs to another account":
        "Diese E-Mail-Adresse gehört inzwischen zu einem anderen Konto",
    "You have no volunteer profile yet: create one with PUT /api/v1/me/volunteer-profile":
        "Du hast noch kein Ehrenamtsprofil: Lege eines an mit PUT /api/v1/me/volunteer-profile",
    "must be in the service area, {min} to {max}": "muss im Einsatzgebiet liegen, {min} bis {max}",
    "Only one-off offers have a date for the calendar; this one is {commitment}. Regular engagements you "
    "were accepted for appear in your private calendar feed.":
        "Nur einmalige Angebote haben einen Termin für den Kalender; dieses ist {commitment}. Regelmäßige "
        "Einsätze, für die du zugesagt bekommen hast, stehen in deinem privaten Kalender-Abo.",
    "No calendar feed at this address: it was replaced or revoked":
        "Unter dieser Adresse gibt es kein Kalender-Abo: Es wurde ersetzt oder widerrufen",
    "No calendar feed at this address": "Unter dieser Adresse gibt es kein Kalender-Abo",
    "No application {id} for this offer": "Keine Bewerbung {id} für dieses Angebot",
    "You have already applied for this offer": "Du hast dich schon für dieses Angebot beworben",
    "The organisation has declined your application for this offer":
        "Die Organisation hat deine Bewerbung für dieses Angebot abgelehnt",
    "You have already applied for this offer (status: {status})":
        "Du hast dich schon für dieses Angebot beworben (Status: {status})",
    "You have no application with id {id}": "Du hast keine Bewerbung mit der ID {id}",
    "An application that is {status} cannot be withdrawn":
        "Eine Bewerbung im Status {status} kann nicht zurückgezogen werden",
    "No place is offered to you here: the application is {status}":
        "Hier wird dir kein Platz angeboten: Die Bewerbung ist im Status {status}",
    "The time to take the place is over: it goes to the next person waiting":
        "Die Zeit, den Platz anzunehmen, ist vorbei: Er geht an die nächste Person auf der Warteliste",
    "This person has deleted their account": "Diese Person hat ihr Konto gelöscht",
    "An application that is {status} cannot be {target}":
        "Eine Bewerbung im Status {status} kann nicht in den Status {target} wechseln",
    "The offer is full: all {capacity} places are taken": "Das Angebot ist voll: Alle {capacity} Plätze sind vergeben",
    "must contain text, not only markup": "muss Text enthalten, nicht nur Auszeichnungen",
    "must be between 1 and {max}": "muss zwischen 1 und {max} liegen",
    "No feedback with id {id}": "Keine Rückmeldung mit der ID {id}",
}
