// Create an account (#/konto/registrieren). After sending, `?gesendet=1` is the confirmation page: check your
// inbox, and what to do if nothing arrives. The API answers alike whether or not the address already has an
// account (that one gets a "you already have an account" e-mail), so the page says the same either way.

import { h } from "../../lib/dom.js";
import { field, form, showErrors } from "../../lib/forms.js";
import { addTexts, language, t } from "../../lib/i18n.js";
import { request } from "../../lib/request.js";
import { heading, link, links, noEmailHelp, paragraph, rememberEmail, rememberedEmail, strong } from "./parts.js";

addTexts({
  de: {
    "signUp.title": "Konto anlegen",
    "signUp.noAccountNeeded": "Zum Suchen nach Angeboten brauchst du kein Konto.",
    "signUp.why":
      "Mit einem Konto kannst du bei einem Angebot sagen „Ich helfe mit“. Dafür muss deine E-Mail-Adresse " +
      "bestätigt sein: Wir schicken dir gleich einen Link dafür.",
    "signUp.name": "Dein Name",
    "signUp.nameHint": "So sprechen wir dich an. Du kannst ihn später ändern.",
    "signUp.emailHint": "An diese Adresse schicken wir den Link zum Bestätigen.",
    "signUp.submit": "Konto anlegen",
    "signUp.haveAccount": "Du hast schon ein Konto?",
    "signUp.missingName": "Gib deinen Namen ein",
    "signUp.sentBefore": "Wir haben eine E-Mail an ",
    "signUp.sentAfter": " geschickt.",
    "signUp.sent": "Wir haben dir eine E-Mail geschickt.",
    "signUp.next":
      "Öffne den Link in der E-Mail, um deine Adresse zu bestätigen. Danach kannst du dich anmelden und sagen " +
      "„Ich helfe mit“.",
    "signUp.resend": "Lass dir einen neuen Link schicken",
    "signUp.wrongAddress": "Hast du dich bei der Adresse vertippt?",
    "signUp.again": "Lege das Konto noch einmal an",
  },
  en: {
    "signUp.title": "Create an account",
    "signUp.noAccountNeeded": "You do not need an account to search for opportunities.",
    "signUp.why":
      "With an account you can say “I’ll help” on an opportunity. For that your email address must be " +
      "confirmed: we will send you a link for it.",
    "signUp.name": "Your name",
    "signUp.nameHint": "This is what we call you. You can change it later.",
    "signUp.emailHint": "We will send the confirmation link to this address.",
    "signUp.submit": "Create account",
    "signUp.haveAccount": "Already have an account?",
    "signUp.missingName": "Enter your name",
    "signUp.sentBefore": "We have sent an email to ",
    "signUp.sentAfter": ".",
    "signUp.sent": "We have sent you an email.",
    "signUp.next":
      "Open the link in the email to confirm your address. Then you can sign in and say “I’ll help”.",
    "signUp.resend": "Get a new link",
    "signUp.wrongAddress": "Did you mistype the address?",
    "signUp.again": "Create the account again",
  },
});

const HERE = "#/konto/registrieren";

export function show(ctx) {
  if (ctx.query.get("gesendet")) showSent(ctx);
  else showForm(ctx);
}

function showForm({ main, setTitle, navigate }) {
  setTitle(t("signUp.title"));
  main.append(
    heading(t("signUp.title")),
    paragraph(t("signUp.noAccountNeeded"), " ", link("#/", t("account.toSearch"))),
    paragraph(t("signUp.why")),
    form({
      label: t("signUp.title"),
      fields: [
        field({ name: "display_name", label: t("signUp.name"), hint: t("signUp.nameHint"), autocomplete: "name",
          maxlength: 80, required: true }),
        field({ name: "email", label: t("account.email"), hint: t("signUp.emailHint"), type: "email",
          autocomplete: "email", required: true }),
        field({ name: "password", label: t("account.password"), hint: t("account.passwordHint"), type: "password",
          autocomplete: "new-password", required: true }),
      ],
      submit: t("signUp.submit"),
      async onSubmit(values, element) {
        const missing = [];
        if (!values.display_name.trim()) missing.push({ name: "display_name", reason: t("signUp.missingName") });
        if (!values.email.trim()) missing.push({ name: "email", reason: t("account.missingEmail") });
        if (!values.password) missing.push({ name: "password", reason: t("account.missingPassword") });
        if (missing.length) {
          showErrors(element, missing);
          return;
        }
        const email = values.email.trim();
        await request("POST", "/api/v1/accounts", {
          body: { display_name: values.display_name.trim(), email, password: values.password, locale: language() },
          signIn: false,
        });
        rememberEmail(email);
        navigate(`${HERE}?gesendet=1`, { replace: true });
      },
    }),
    paragraph(`${t("signUp.haveAccount")} `, link("#/anmelden", t("account.signIn"))),
  );
}

function showSent({ main, setTitle }) {
  setTitle(t("account.checkInbox"));
  const email = rememberedEmail();
  main.append(
    heading(t("account.checkInbox")),
    email
      ? paragraph(t("signUp.sentBefore"), strong(email), t("signUp.sentAfter"))
      : paragraph(t("signUp.sent")),
    paragraph(t("signUp.next")),
    noEmailHelp(
      link("#/konto/bestaetigung-senden", t("signUp.resend")),
      h("span", {}, `${t("signUp.wrongAddress")} `, link(HERE, t("signUp.again"))),
    ),
    links(link("#/anmelden", t("account.signIn"))),
  );
}
