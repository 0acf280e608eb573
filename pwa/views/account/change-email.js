// Change the e-mail address (#/konto/email, signed in): the new address gets a link (#/konto/email-bestaetigen)
// and counts only once it is opened. `?gesendet=1` is the confirmation page. The API sends nothing to an
// address that already has an account and answers alike, so the page mentions that case among "no e-mail?".

import { field, form, showErrors } from "../../lib/forms.js";
import { addTexts, t } from "../../lib/i18n.js";
import { request } from "../../lib/request.js";
import { currentAccount } from "../../lib/session.js";
import { buttonLink, heading, link, links, noEmailHelp, paragraph, strong, unlessSignedOut } from "./parts.js";

addTexts({
  de: {
    "changeEmail.title": "E-Mail-Adresse ändern",
    "changeEmail.currentBefore": "Deine E-Mail-Adresse ist zurzeit ",
    "changeEmail.currentAfter": ".",
    "changeEmail.new": "Neue E-Mail-Adresse",
    "changeEmail.newHint":
      "Wir schicken einen Link an die neue Adresse. Sie gilt erst, wenn du ihn öffnest. Bis dahin bleibt alles, " +
      "wie es ist.",
    "changeEmail.password": "Dein Passwort",
    "changeEmail.passwordHint": "Zur Sicherheit fragen wir nach deinem Passwort.",
    "changeEmail.submit": "Link schicken",
    "changeEmail.missingNew": "Gib deine neue E-Mail-Adresse ein",
    "changeEmail.sentTitle": "Schau in dein neues Postfach",
    "changeEmail.sentBefore": "Wir haben einen Link an ",
    "changeEmail.sentAfter": " geschickt.",
    "changeEmail.sent": "Wir haben einen Link an deine neue Adresse geschickt.",
    "changeEmail.next": "Öffne den Link, um die neue Adresse zu bestätigen. Bis dahin gilt deine bisherige Adresse.",
    "changeEmail.taken": "Gehört die neue Adresse schon zu einem anderen Konto, schicken wir keinen Link.",
    "changeEmail.again": "Prüfe die Adresse und versuche es noch einmal",
  },
  en: {
    "changeEmail.title": "Change your email address",
    "changeEmail.currentBefore": "Your email address is currently ",
    "changeEmail.currentAfter": ".",
    "changeEmail.new": "New email address",
    "changeEmail.newHint":
      "We will send a link to the new address. It only counts once you open the link. Until then nothing " +
      "changes.",
    "changeEmail.password": "Your password",
    "changeEmail.passwordHint": "To keep your account safe, we ask for your password.",
    "changeEmail.submit": "Send link",
    "changeEmail.missingNew": "Enter your new email address",
    "changeEmail.sentTitle": "Check your new inbox",
    "changeEmail.sentBefore": "We have sent a link to ",
    "changeEmail.sentAfter": ".",
    "changeEmail.sent": "We have sent a link to your new address.",
    "changeEmail.next": "Open the link to confirm the new address. Until then, your previous address stays valid.",
    "changeEmail.taken": "If the new address already belongs to another account, we do not send a link.",
    "changeEmail.again": "Check the address and try again",
  },
});

const HERE = "#/konto/email";
let sentTo = "";

export function show(ctx) {
  if (ctx.query.get("gesendet")) showSent(ctx);
  else showForm(ctx);
}

function showForm({ main, setTitle, navigate }) {
  setTitle(t("changeEmail.title"));
  const account = currentAccount();
  main.append(
    heading(t("changeEmail.title")),
    ...(account
      ? [paragraph(t("changeEmail.currentBefore"), strong(account.email), t("changeEmail.currentAfter"))]
      : []),
    form({
      label: t("changeEmail.title"),
      fields: [
        field({ name: "new_email", label: t("changeEmail.new"), hint: t("changeEmail.newHint"), type: "email",
          autocomplete: "email", required: true }),
        field({ name: "password", label: t("changeEmail.password"), hint: t("changeEmail.passwordHint"),
          type: "password", autocomplete: "current-password", required: true }),
      ],
      submit: t("changeEmail.submit"),
      async onSubmit(values, element) {
        const missing = [];
        if (!values.new_email.trim()) missing.push({ name: "new_email", reason: t("changeEmail.missingNew") });
        if (!values.password) missing.push({ name: "password", reason: t("account.missingPassword") });
        if (missing.length) {
          showErrors(element, missing);
          return;
        }
        try {
          await request("POST", "/api/v1/me/email", {
            body: { new_email: values.new_email.trim(), password: values.password },
          });
        } catch (error) {
          unlessSignedOut(error);
          return;
        }
        sentTo = values.new_email.trim();
        navigate(`${HERE}?gesendet=1`, { replace: true });
      },
    }),
    links(link("#/konto", t("account.backToAccount"))),
  );
}

function showSent({ main, setTitle }) {
  setTitle(t("changeEmail.sentTitle"));
  main.append(
    heading(t("changeEmail.sentTitle")),
    sentTo
      ? paragraph(t("changeEmail.sentBefore"), strong(sentTo), t("changeEmail.sentAfter"))
      : paragraph(t("changeEmail.sent")),
    paragraph(t("changeEmail.next")),
    noEmailHelp(t("changeEmail.taken"), link(HERE, t("changeEmail.again"))),
    buttonLink("#/konto", t("account.backToAccount")),
  );
}
