// "Meine Daten" (#/meine-daten, signed in): a copy of everything VoluMap holds about the person (GET
// /api/v1/me/export, GDPR Art. 15 and 20) and deleting the account (DELETE /api/v1/me, Art. 17). Deleting has
// its own step (#/meine-daten?loeschen=1) that says what is deleted, what stays and why (README "Your data:
// export and deletion") and asks for the password, as the API does. Afterwards the app is signed out and
// the screen says so where it is: the route needs an account, so it cannot be opened again.

import { h } from "../../lib/dom.js";
import { field, form, showErrors } from "../../lib/forms.js";
import { addTexts, t } from "../../lib/i18n.js";
import { ApiProblem, request } from "../../lib/request.js";
import { currentAccount, setAccount } from "../../lib/session.js";
import { buttonLink, doneHeading, heading, link, links, paragraph, problemNotice } from "../account/parts.js";

addTexts({
  de: {
    "myData.title": "Meine Daten",
    "myData.intro": "Deine Daten gehören dir. Hier kannst du sie herunterladen und dein Konto löschen.",
    "myData.exportHeading": "Meine Daten herunterladen",
    "myData.exportText":
      "Du bekommst eine Datei (JSON) mit allem, was VoluMap über dich gespeichert hat: dein Konto, dein Profil, " +
      "deine Zusagen mit deinen Nachrichten, Meldungen, Geräte für Benachrichtigungen, die Links aus unseren " +
      "E-Mails (nur wann und wofür) und was du für eine Organisation angelegt hast.",
    "myData.exportLimit": "Du kannst die Datei bis zu zehnmal in der Stunde herunterladen.",
    "myData.export": "Meine Daten herunterladen",
    "myData.exporting": "Deine Daten werden zusammengestellt …",
    "myData.exported": (file) => `Deine Daten sind heruntergeladen (${file}).`,
    "myData.deleteHeading": "Konto löschen",
    "myData.deleteText":
      "Wenn du VoluMap nicht mehr nutzen möchtest, kannst du dein Konto jederzeit löschen. Vorher zeigen wir dir, " +
      "was gelöscht wird und was bleibt.",
    "myData.deleteStart": "Konto löschen",
    "myData.confirmTitle": "Willst du dein Konto wirklich löschen?",
    "myData.confirmIntro": "Das geht sofort und lässt sich nicht rückgängig machen.",
    "myData.downloadFirst": "Möchtest du deine Daten behalten? Dann lade sie vorher herunter:",
    "myData.deletedHeading": "Was gelöscht wird",
    "myData.deletedItems": [
      "deine E-Mail-Adresse, dein Name und dein Passwort: Anmelden geht danach nicht mehr",
      "dein Profil als Freiwillige oder Freiwilliger: Wohnort, Umkreis, Interessen, Zeiten und deine " +
        "Einstellungen für Benachrichtigungen",
      "welche Angebote zu deinem Profil gepasst haben",
      "deine Kalender-Adresse",
      "alle Links aus unseren E-Mails an dich und alle E-Mails an dich, die noch bei uns liegen",
      "deine Mitgliedschaften in Organisationen und Einladungen an dich",
      "deine Anmeldungen: Auf allen Geräten bist du sofort abgemeldet",
    ],
    "myData.keptHeading": "Was bleibt – und warum",
    "myData.keptItems": [
      "Deine Zusagen bleiben ohne dich: ohne Namen, Nachricht und Kontaktdaten. So stimmen die Zahlen der " +
        "Organisationen weiter. Einen Platz hältst du danach nicht mehr; er geht an die nächste Person auf der " +
        "Warteliste.",
      "Was einer Organisation oder der Moderation gehört, bleibt ohne deinen Namen: Meldungen, die du geschickt " +
        "hast, Angebote und API-Schlüssel, die du für eine Organisation angelegt hast, Einladungen, die du " +
        "verschickt hast.",
      "Eine zufällige Nummer deines Kontos bleibt im Änderungsprotokoll, das niemand ändern kann, damit " +
        "Entscheidungen der Moderation nachvollziehbar bleiben. Sie verrät nichts über dich und führt danach " +
        "zu niemandem mehr.",
      "Kontaktdaten, die du bei einer Organisation oder einem Angebot eingetragen hast, sind deren öffentliche " +
        "Angaben: Ändere sie vorher, wenn sie nicht bleiben sollen.",
      "Datensicherungen enthalten gelöschte Daten noch, bis sie ablaufen.",
    ],
    "myData.owners":
      "Bist du die letzte Inhaberin oder der letzte Inhaber einer Organisation mit weiteren Mitgliedern oder " +
      "laufenden Angeboten, mach vorher jemand anderen zur Inhaberin oder zum Inhaber.",
    "myData.password": "Dein Passwort",
    "myData.passwordHint": "Damit niemand anderes dein Konto löscht, bestätige mit deinem Passwort.",
    "myData.missingPassword": "Gib dein Passwort ein",
    "myData.wrongPassword": "Das Passwort ist falsch. Es wurde nichts gelöscht.",
    "myData.delete": "Konto endgültig löschen",
    "myData.cancel": "Abbrechen und Konto behalten",
    "myData.deleted": "Dein Konto ist gelöscht",
    "myData.deletedText": "Du bist abgemeldet. Deine persönlichen Daten sind gelöscht.",
    "myData.deletedAgain":
      "Angebote suchen kannst du weiter ohne Konto. Und du kannst jederzeit ein neues Konto anlegen, auch mit " +
      "derselben E-Mail-Adresse.",
    "myData.toSearch": "Angebote suchen",
    "myData.signUp": "Neues Konto anlegen",
  },
  en: {
    "myData.title": "My data",
    "myData.intro": "Your data belongs to you. Here you can download it and delete your account.",
    "myData.exportHeading": "Download my data",
    "myData.exportText":
      "You get a file (JSON) with everything VoluMap has stored about you: your account, your profile, your " +
      "offers to help with your messages, reports, devices that get notifications, the links in our emails " +
      "(only when and what for) and what you created for an organisation.",
    "myData.exportLimit": "You can download the file up to ten times an hour.",
    "myData.export": "Download my data",
    "myData.exporting": "Putting your data together …",
    "myData.exported": (file) => `Your data has been downloaded (${file}).`,
    "myData.deleteHeading": "Delete account",
    "myData.deleteText":
      "If you no longer want to use VoluMap, you can delete your account at any time. First we show you what is " +
      "deleted and what stays.",
    "myData.deleteStart": "Delete account",
    "myData.confirmTitle": "Do you really want to delete your account?",
    "myData.confirmIntro": "This happens at once and cannot be undone.",
    "myData.downloadFirst": "Do you want to keep your data? Then download it first:",
    "myData.deletedHeading": "What is deleted",
    "myData.deletedItems": [
      "your email address, your name and your password: you can no longer sign in",
      "your volunteer profile: home, distance, interests, times and your notification settings",
      "which opportunities matched your profile",
      "your calendar address",
      "every link in our emails to you, and every email to you we still hold",
      "your memberships of organisations and invitations to you",
      "your sessions: you are signed out on every device at once",
    ],
    "myData.keptHeading": "What stays – and why",
    "myData.keptItems": [
      "Your offers to help stay without you: no name, message or contact details. That way the organisations’ " +
        "figures stay right. You no longer hold a place; it goes to the next person on the waiting list.",
      "What belongs to an organisation or the moderators stays, without your name: reports you sent, " +
        "opportunities and API keys you created for an organisation, invitations you sent.",
      "A random number of your account stays in the change log, which nobody can change, so that moderation " +
        "decisions can be traced. It tells nothing about you and afterwards leads to nobody.",
      "Contact details you entered for an organisation or an opportunity are their public details: change them " +
        "first if they should not stay.",
      "Backups still hold deleted data until they expire.",
    ],
    "myData.owners":
      "If you are the last owner of an organisation with other members or running opportunities, make someone " +
      "else owner first.",
    "myData.password": "Your password",
    "myData.passwordHint": "So that nobody else deletes your account, confirm with your password.",
    "myData.missingPassword": "Enter your password",
    "myData.wrongPassword": "The password is wrong. Nothing was deleted.",
    "myData.delete": "Delete my account for good",
    "myData.cancel": "Cancel and keep my account",
    "myData.deleted": "Your account has been deleted",
    "myData.deletedText": "You are signed out. Your personal data has been deleted.",
    "myData.deletedAgain":
      "You can still search for opportunities without an account. And you can create a new account at any " +
      "time, even with the same email address.",
    "myData.toSearch": "Find opportunities",
    "myData.signUp": "Create a new account",
  },
});

// Set once the account is deleted: the screen (drawn again in another language) says so until someone
// signs in again.
let deleted = false;

export function show(ctx) {
  if (deleted && !currentAccount()) {
    showDeleted(ctx);
    return;
  }
  deleted = false;
  if (ctx.query.get("loeschen") === "1") showConfirmation(ctx);
  else showOverview(ctx);
}

function section(...children) {
  return h("section", { class: "account-section" }, ...children);
}

function showOverview({ main, setTitle }) {
  setTitle(t("myData.title"));
  main.append(
    heading(t("myData.title")),
    paragraph(t("myData.intro")),
    section(
      h("h2", { class: "kern-heading-medium" }, t("myData.exportHeading")),
      paragraph(t("myData.exportText")),
      paragraph(t("myData.exportLimit")),
      exportButton(),
    ),
    section(
      h("h2", { class: "kern-heading-medium" }, t("myData.deleteHeading")),
      paragraph(t("myData.deleteText")),
      buttonLink("#/meine-daten?loeschen=1", t("myData.deleteStart"), "secondary"),
    ),
  );
}

// The export comes through request() (so a lapsed session leads to sign-in and a limit is explained) and is
// saved as the file the API names: volumap-<date>.json.
function exportButton() {
  const result = h("div", { class: "my-data__result" });
  const status = h("p", { class: "kern-body my-data__status", role: "status" });
  const button = h("button", { type: "button", class: "kern-btn kern-btn--primary", onclick: async () => {
    if (button.disabled) return;
    button.disabled = true;
    result.replaceChildren();
    status.textContent = t("myData.exporting");
    try {
      const { data } = await request("GET", "/api/v1/me/export");
      const file = `volumap-${String(data.generated_at).slice(0, 10)}.json`;
      save(file, JSON.stringify(data, null, 2));
      status.textContent = t("myData.exported", file);
    } catch (error) {
      status.textContent = "";
      if (error instanceof ApiProblem && error.kind === "unauthorized") return; // on the way to sign in
      const problem = problemNotice(error);
      problem.tabIndex = -1;
      result.replaceChildren(problem);
      problem.focus();
    } finally {
      button.disabled = false;
    }
  } }, h("span", { class: "kern-label" }, t("myData.export")));
  return h("div", { class: "my-data__export" }, button, status, result);
}

function save(file, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const anchor = h("a", { href: url, download: file, hidden: true });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The download has started from the click; the address is kept a moment for browsers that read it later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function bullets(items) {
  return h("ul", { class: "kern-list kern-list--bullet my-data__list" }, items.map((item) => h("li", {}, item)));
}

function showConfirmation(ctx) {
  const { main, setTitle } = ctx;
  setTitle(t("myData.confirmTitle"));
  main.append(
    heading(t("myData.confirmTitle")),
    paragraph(h("strong", {}, t("myData.confirmIntro"))),
    paragraph(t("myData.downloadFirst")),
    exportButton(),
    h("h2", { class: "kern-heading-medium" }, t("myData.deletedHeading")),
    bullets(t("myData.deletedItems")),
    h("h2", { class: "kern-heading-medium" }, t("myData.keptHeading")),
    bullets(t("myData.keptItems")),
    paragraph(t("myData.owners")),
    form({
      label: t("myData.deleteHeading"),
      fields: [
        field({ name: "password", label: t("myData.password"), hint: t("myData.passwordHint"), type: "password",
          autocomplete: "current-password", required: true }),
      ],
      submit: t("myData.delete"),
      after: [link("#/meine-daten", t("myData.cancel"))],
      async onSubmit(values, element) {
        if (!values.password) {
          showErrors(element, [{ name: "password", reason: t("myData.missingPassword") }]);
          return;
        }
        try {
          await request("DELETE", "/api/v1/me", { body: { password: values.password } });
        } catch (error) {
          if (error instanceof ApiProblem && error.kind === "unauthorized") return; // on the way to sign in
          if (error instanceof ApiProblem && error.status === 403) {
            showErrors(element, [{ name: "password", reason: t("myData.wrongPassword") }]);
            return;
          }
          throw error; // the last owner of an organisation (409) and the like: the API's detail names it
        }
        // The answer cleared the session cookie; the app follows.
        deleted = true;
        setAccount(null);
        main.replaceChildren();
        showDeleted(ctx);
        ctx.focusHeading();
      },
    }),
  );
}

function showDeleted({ main, setTitle }) {
  setTitle(t("myData.deleted"));
  main.append(
    doneHeading(t("myData.deleted")),
    paragraph(t("myData.deletedText")),
    paragraph(t("myData.deletedAgain")),
    buttonLink("#/", t("myData.toSearch")),
    links(link("#/konto/registrieren", t("myData.signUp"))),
  );
}
