// Change the password (#/konto/passwort, signed in). The API ends every other session of the account and
// keeps this one; `?geaendert=1` is the confirmation page that says so.

import { field, form, showErrors } from "../../lib/forms.js";
import { addTexts, t } from "../../lib/i18n.js";
import { request } from "../../lib/request.js";
import { buttonLink, doneHeading, heading, link, links, paragraph, unlessSignedOut } from "./parts.js";

addTexts({
  de: {
    "changePassword.title": "Passwort ändern",
    "changePassword.current": "Aktuelles Passwort",
    "changePassword.new": "Neues Passwort",
    "changePassword.submit": "Passwort ändern",
    "changePassword.missingCurrent": "Gib dein aktuelles Passwort ein",
    "changePassword.forgot": "Aktuelles Passwort vergessen?",
    "changePassword.done": "Dein Passwort ist geändert",
    "changePassword.doneText":
      "Auf diesem Gerät bleibst du angemeldet. Auf allen anderen Geräten haben wir dich abgemeldet: Melde dich " +
      "dort mit dem neuen Passwort wieder an.",
  },
  en: {
    "changePassword.title": "Change your password",
    "changePassword.current": "Current password",
    "changePassword.new": "New password",
    "changePassword.submit": "Change password",
    "changePassword.missingCurrent": "Enter your current password",
    "changePassword.forgot": "Forgotten your current password?",
    "changePassword.done": "Your password has been changed",
    "changePassword.doneText":
      "You stay signed in on this device. We have signed you out on all other devices: sign in there again " +
      "with your new password.",
  },
});

export function show(ctx) {
  if (ctx.query.get("geaendert")) showDone(ctx);
  else showForm(ctx);
}

function showForm({ main, setTitle, navigate }) {
  setTitle(t("changePassword.title"));
  main.append(
    heading(t("changePassword.title")),
    form({
      label: t("changePassword.title"),
      fields: [
        field({ name: "current_password", label: t("changePassword.current"), type: "password",
          autocomplete: "current-password", required: true }),
        field({ name: "new_password", label: t("changePassword.new"), hint: t("account.passwordHint"),
          type: "password", autocomplete: "new-password", required: true }),
      ],
      submit: t("changePassword.submit"),
      async onSubmit(values, element) {
        const missing = [];
        if (!values.current_password) {
          missing.push({ name: "current_password", reason: t("changePassword.missingCurrent") });
        }
        if (!values.new_password) missing.push({ name: "new_password", reason: t("account.missingNewPassword") });
        if (missing.length) {
          showErrors(element, missing);
          return;
        }
        try {
          await request("PUT", "/api/v1/me/password", {
            body: { current_password: values.current_password, new_password: values.new_password },
          });
        } catch (error) {
          unlessSignedOut(error);
          return;
        }
        navigate("#/konto/passwort?geaendert=1", { replace: true });
      },
    }),
    links(link("#/passwort-vergessen", t("changePassword.forgot")), link("#/konto", t("account.backToAccount"))),
  );
}

function showDone({ main, setTitle }) {
  setTitle(t("changePassword.done"));
  main.append(
    doneHeading(t("changePassword.done")),
    paragraph(t("changePassword.doneText")),
    buttonLink("#/konto", t("account.backToAccount")),
  );
}
