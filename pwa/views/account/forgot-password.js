// Forgotten password (#/passwort-vergessen): the address gets a link to set a new one (#/passwort-neu);
// `?gesendet=1` is the confirmation page. The API answers alike whether or not the address has an account.

import { addTexts, t } from "../../lib/i18n.js";
import { emailLinkForm, heading, link, links, noEmailHelp, paragraph, rememberedEmail, strong } from "./parts.js";

addTexts({
  de: {
    "forgotPassword.title": "Passwort vergessen",
    "forgotPassword.intro":
      "Gib die E-Mail-Adresse deines Kontos ein. Wir schicken dir einen Link, mit dem du ein neues Passwort " +
      "festlegen kannst.",
    "forgotPassword.submit": "Link schicken",
    "forgotPassword.sentBefore": "Wenn zu ",
    "forgotPassword.sentAfter": " ein Konto gehört, haben wir dir einen Link für ein neues Passwort geschickt.",
    "forgotPassword.sent": "Wenn zu dieser Adresse ein Konto gehört, haben wir dir einen Link für ein neues Passwort geschickt.",
    "forgotPassword.next": "Der Link gilt nur kurze Zeit und nur einmal. Dein bisheriges Passwort gilt, bis du ein neues festlegst.",
    "forgotPassword.again": "Prüfe die Adresse und fordere den Link noch einmal an",
    "forgotPassword.remembered": "Passwort wieder eingefallen?",
  },
  en: {
    "forgotPassword.title": "Forgotten your password",
    "forgotPassword.intro":
      "Enter the email address of your account. We will send you a link to set a new password.",
    "forgotPassword.submit": "Send link",
    "forgotPassword.sentBefore": "If ",
    "forgotPassword.sentAfter": " belongs to an account, we have sent you a link to set a new password.",
    "forgotPassword.sent": "If this address belongs to an account, we have sent you a link to set a new password.",
    "forgotPassword.next": "The link only works for a short time and only once. Your old password stays valid until you set a new one.",
    "forgotPassword.again": "Check the address and ask for the link again",
    "forgotPassword.remembered": "Remembered your password?",
  },
});

const HERE = "#/passwort-vergessen";

export function show(ctx) {
  if (ctx.query.get("gesendet")) showSent(ctx);
  else showForm(ctx);
}

function showForm({ main, setTitle, navigate }) {
  setTitle(t("forgotPassword.title"));
  main.append(
    heading(t("forgotPassword.title")),
    paragraph(t("forgotPassword.intro")),
    emailLinkForm({ label: t("forgotPassword.title"), submit: t("forgotPassword.submit"), endpoint: "/api/v1/password-resets", here: HERE, navigate }),
    paragraph(`${t("forgotPassword.remembered")} `, link("#/anmelden", t("account.signIn"))),
  );
}

function showSent({ main, setTitle }) {
  setTitle(t("account.checkInbox"));
  const email = rememberedEmail();
  main.append(
    heading(t("account.checkInbox")),
    email
      ? paragraph(t("forgotPassword.sentBefore"), strong(email), t("forgotPassword.sentAfter"))
      : paragraph(t("forgotPassword.sent")),
    paragraph(t("forgotPassword.next")),
    noEmailHelp(link(HERE, t("forgotPassword.again"))),
    links(link("#/anmelden", t("account.signIn"))),
  );
}
