// A new link to confirm the e-mail address (#/konto/bestaetigung-senden), for a link that expired or got lost;
// `?gesendet=1` is the confirmation page. The API answers alike for every address (only an account still
// waiting for confirmation gets an e-mail), so the page says "if".

import { addTexts, t } from "../../lib/i18n.js";
import { emailLinkForm, heading, link, links, noEmailHelp, paragraph, rememberedEmail, strong } from "./parts.js";

addTexts({
  de: {
    "resend.title": "Neuen Bestätigungslink anfordern",
    "resend.intro":
      "Gib die E-Mail-Adresse ein, mit der du dein Konto angelegt hast. Wir schicken dir einen neuen Link. " +
      "Ältere Links funktionieren danach nicht mehr.",
    "resend.submit": "Link schicken",
    "resend.sentBefore": "Wenn zu ",
    "resend.sentAfter": " ein Konto gehört, das noch nicht bestätigt ist, haben wir dir einen neuen Link geschickt.",
    "resend.sent": "Wenn zu dieser Adresse ein Konto gehört, das noch nicht bestätigt ist, haben wir dir einen neuen Link geschickt.",
    "resend.next": "Öffne den Link in der E-Mail, um deine Adresse zu bestätigen.",
    "resend.confirmedAlready": "Deine Adresse ist schon bestätigt? Dann kannst du dich einfach anmelden.",
    "resend.again": "Prüfe die Adresse und fordere den Link noch einmal an",
    "resend.forgot": "Passwort vergessen?",
  },
  en: {
    "resend.title": "Get a new confirmation link",
    "resend.intro":
      "Enter the email address you created your account with. We will send you a new link. Older links will " +
      "then stop working.",
    "resend.submit": "Send link",
    "resend.sentBefore": "If ",
    "resend.sentAfter": " belongs to an account that is not confirmed yet, we have sent you a new link.",
    "resend.sent": "If this address belongs to an account that is not confirmed yet, we have sent you a new link.",
    "resend.next": "Open the link in the email to confirm your address.",
    "resend.confirmedAlready": "Is your address already confirmed? Then you can simply sign in.",
    "resend.again": "Check the address and ask for the link again",
    "resend.forgot": "Forgotten your password?",
  },
});

const HERE = "#/konto/bestaetigung-senden";

export function show(ctx) {
  if (ctx.query.get("gesendet")) showSent(ctx);
  else showForm(ctx);
}

function showForm({ main, setTitle, navigate }) {
  setTitle(t("resend.title"));
  main.append(
    heading(t("resend.title")),
    paragraph(t("resend.intro")),
    emailLinkForm({ label: t("resend.title"), submit: t("resend.submit"), endpoint: "/api/v1/accounts/verification/resend", here: HERE, navigate }),
  );
}

function showSent({ main, setTitle }) {
  setTitle(t("account.checkInbox"));
  const email = rememberedEmail();
  main.append(
    heading(t("account.checkInbox")),
    email ? paragraph(t("resend.sentBefore"), strong(email), t("resend.sentAfter")) : paragraph(t("resend.sent")),
    paragraph(t("resend.next")),
    noEmailHelp(link(HERE, t("resend.again"))),
    paragraph(t("resend.confirmedAlready")),
    links(link("#/anmelden", t("account.signIn")), link("#/passwort-vergessen", t("resend.forgot"))),
  );
}
