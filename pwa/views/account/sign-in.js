// Sign in (#/anmelden). `?weiter=#/…` is where the person was when the app asked them to sign in (a screen
// that needs an account, or a session that expired): they go back there afterwards. `?abgemeldet=1` says
// that they have just signed out.

import { h } from "../../lib/dom.js";
import { field, form, showErrors } from "../../lib/forms.js";
import { addTexts, t } from "../../lib/i18n.js";
import { request } from "../../lib/request.js";
import { setAccount } from "../../lib/session.js";

addTexts({
  de: {
    "signIn.title": "Anmelden",
    "signIn.intro": "Zum Suchen brauchst du kein Konto. Mit einem Konto kannst du sagen „Ich helfe mit“ und deine Einsätze im Blick behalten.",
    "signIn.returning": "Bitte melde dich an, um fortzufahren. Danach geht es dort weiter, wo du warst.",
    "signIn.signedOut": "Du bist abgemeldet.",
    "signIn.email": "E-Mail-Adresse",
    "signIn.password": "Passwort",
    "signIn.submit": "Anmelden",
    "signIn.forgot": "Passwort vergessen?",
    "signIn.noAccount": "Noch kein Konto?",
    "signIn.signUp": "Konto anlegen",
    "signIn.resend": "Bestätigungs-E-Mail nicht bekommen?",
    "signIn.missingEmail": "Gib deine E-Mail-Adresse ein",
    "signIn.missingPassword": "Gib dein Passwort ein",
  },
  en: {
    "signIn.title": "Sign in",
    "signIn.intro": "You do not need an account to search. With an account you can say “I’ll help” and keep track of your engagements.",
    "signIn.returning": "Please sign in to continue. You will then be taken back to where you were.",
    "signIn.signedOut": "You have signed out.",
    "signIn.email": "Email address",
    "signIn.password": "Password",
    "signIn.submit": "Sign in",
    "signIn.forgot": "Forgotten your password?",
    "signIn.noAccount": "No account yet?",
    "signIn.signUp": "Create an account",
    "signIn.resend": "Did not get the confirmation email?",
    "signIn.missingEmail": "Enter your email address",
    "signIn.missingPassword": "Enter your password",
  },
});

// Only the app's own routes: a crafted link must not send anyone elsewhere after signing in.
function returnTarget(query) {
  const next = query.get("weiter") ?? "";
  return /^#\/[^\s]*$/.test(next) && !next.startsWith("#/anmelden") ? next : "#/konto";
}

export function show({ main, query, setTitle, navigate }) {
  setTitle(t("signIn.title"));
  const notices = [];
  if (query.get("abgemeldet")) {
    notices.push(h("div", { class: "kern-alert kern-alert--success notice", role: "status" },
      h("div", { class: "kern-alert__header" },
        h("span", { class: "kern-icon kern-icon--success", "aria-hidden": "true" }),
        h("p", { class: "kern-title" }, t("signIn.signedOut")))));
  }
  main.append(
    h("h1", { class: "kern-heading-large" }, t("signIn.title")),
    ...notices,
    h("p", { class: "kern-body" }, query.get("weiter") ? t("signIn.returning") : t("signIn.intro")),
    form({
      label: t("signIn.title"),
      fields: [
        field({ name: "email", label: t("signIn.email"), type: "email", autocomplete: "username", required: true }),
        field({ name: "password", label: t("signIn.password"), type: "password", autocomplete: "current-password",
          required: true }),
      ],
      submit: t("signIn.submit"),
      async onSubmit(values, element) {
        const missing = [];
        if (!values.email.trim()) missing.push({ name: "email", reason: t("signIn.missingEmail") });
        if (!values.password) missing.push({ name: "password", reason: t("signIn.missingPassword") });
        if (missing.length) {
          showErrors(element, missing);
          return;
        }
        const { data } = await request("POST", "/api/v1/session", {
          body: { email: values.email.trim(), password: values.password },
          signIn: false,
        });
        setAccount(data);
        navigate(returnTarget(query), { replace: true });
      },
    }),
    h("ul", { class: "actions-list" },
      h("li", {}, h("a", { href: "#/passwort-vergessen", class: "kern-link" }, t("signIn.forgot"))),
      h("li", {}, `${t("signIn.noAccount")} `, h("a", { href: "#/konto/registrieren", class: "kern-link" },
        t("signIn.signUp"))),
      h("li", {}, h("a", { href: "#/konto/bestaetigung-senden", class: "kern-link" }, t("signIn.resend")))),
  );
}
