// A new password with the e-mailed link (#/passwort-neu?token=…). Whether the token still works shows only
// when the form is sent (the API has no call that checks it first): a refused token turns the screen into an
// explanation with a way to ask for a new link. `?geaendert=1` is the confirmation page.

import { field, form, showErrors } from "../../lib/forms.js";
import { addTexts, t } from "../../lib/i18n.js";
import { request } from "../../lib/request.js";
import { buttonLink, doneHeading, heading, isTokenProblem, link, links, paragraph } from "./parts.js";

addTexts({
  de: {
    "resetPassword.title": "Neues Passwort festlegen",
    "resetPassword.intro": "Wähle ein neues Passwort für dein Konto.",
    "resetPassword.newPassword": "Neues Passwort",
    "resetPassword.submit": "Passwort speichern",
    "resetPassword.done": "Dein neues Passwort ist gespeichert",
    "resetPassword.doneText": "Melde dich ab jetzt mit deinem neuen Passwort an.",
    "resetPassword.newLink": "Neuen Link anfordern",
    "resetPassword.newLinkText": "Fordere einen neuen Link an. Er gilt nur kurze Zeit und nur einmal.",
  },
  en: {
    "resetPassword.title": "Set a new password",
    "resetPassword.intro": "Choose a new password for your account.",
    "resetPassword.newPassword": "New password",
    "resetPassword.submit": "Save password",
    "resetPassword.done": "Your new password has been saved",
    "resetPassword.doneText": "From now on, sign in with your new password.",
    "resetPassword.newLink": "Get a new link",
    "resetPassword.newLinkText": "Ask for a new link. It only works for a short time and only once.",
  },
});

// Tokens the API refused in this tab: the explanation stays when the language changes or the page is shown again.
const refused = new Set();

export function show(ctx) {
  const token = ctx.query.get("token");
  if (ctx.query.get("geaendert")) showDone(ctx);
  else if (!token) showUnusable(ctx, "account.linkIncomplete", "account.linkIncompleteText");
  else if (refused.has(token)) showUnusable(ctx, "account.linkUnusable", "account.linkUnusableText");
  else showForm(ctx, token);
}

function showForm({ main, setTitle, navigate, focusHeading }, token) {
  setTitle(t("resetPassword.title"));
  main.append(
    heading(t("resetPassword.title")),
    paragraph(t("resetPassword.intro")),
    form({
      label: t("resetPassword.title"),
      fields: [
        field({ name: "new_password", label: t("resetPassword.newPassword"), hint: t("account.passwordHint"),
          type: "password", autocomplete: "new-password", required: true }),
      ],
      submit: t("resetPassword.submit"),
      async onSubmit(values, element) {
        if (!values.new_password) {
          showErrors(element, [{ name: "new_password", reason: t("account.missingNewPassword") }]);
          return;
        }
        try {
          await request("POST", "/api/v1/password-resets/confirmation", {
            body: { token, new_password: values.new_password },
            signIn: false,
          });
        } catch (error) {
          if (!isTokenProblem(error)) throw error;
          refused.add(token);
          main.replaceChildren();
          showUnusable({ main, setTitle }, "account.linkUnusable", "account.linkUnusableText");
          focusHeading();
          return;
        }
        navigate("#/passwort-neu?geaendert=1", { replace: true });
      },
    }),
  );
}

function showUnusable({ main, setTitle }, titleKey, textKey) {
  setTitle(t(titleKey));
  main.append(
    heading(t(titleKey)),
    paragraph(t(textKey)),
    paragraph(t("resetPassword.newLinkText")),
    buttonLink("#/passwort-vergessen", t("resetPassword.newLink")),
  );
}

function showDone({ main, setTitle }) {
  setTitle(t("resetPassword.done"));
  main.append(
    doneHeading(t("resetPassword.done")),
    paragraph(t("resetPassword.doneText")),
    buttonLink("#/anmelden", t("account.signIn")),
    links(link("#/", t("account.toSearch"))),
  );
}
