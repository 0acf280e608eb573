// Confirming a new e-mail address with the link sent to it (#/konto/email-bestaetigen?token=…). Needs no
// session: the link may be opened on another device. Confirms as soon as it opens (parts.js useTokenOnOpen).

import { addTexts, t } from "../../lib/i18n.js";
import { request } from "../../lib/request.js";
import { currentAccount } from "../../lib/session.js";
import { buttonLink, doneHeading, heading, link, links, paragraph, useTokenOnOpen } from "./parts.js";

addTexts({
  de: {
    "confirmEmail.title": "Neue E-Mail-Adresse bestätigen",
    "confirmEmail.done": "Deine neue E-Mail-Adresse ist bestätigt",
    "confirmEmail.doneText": "Melde dich ab jetzt mit der neuen Adresse an. Unsere E-Mails gehen nur noch dorthin.",
    "confirmEmail.retry": "Du kannst die Änderung unter „Mein Konto“ noch einmal anfordern.",
    "confirmEmail.change": "E-Mail-Adresse ändern",
    "confirmEmail.taken": "Diese Adresse gehört inzwischen zu einem anderen Konto",
    "confirmEmail.takenText": "Deshalb konnten wir sie nicht übernehmen. Deine bisherige Adresse gilt weiter.",
  },
  en: {
    "confirmEmail.title": "Confirm your new email address",
    "confirmEmail.done": "Your new email address is confirmed",
    "confirmEmail.doneText": "From now on, sign in with the new address. Our emails only go there.",
    "confirmEmail.retry": "You can ask for the change again under “My account”.",
    "confirmEmail.change": "Change email address",
    "confirmEmail.taken": "This address now belongs to another account",
    "confirmEmail.takenText": "So we could not switch to it. Your previous address stays valid.",
  },
});

const outcomes = new Map();

export function show(ctx) {
  return useTokenOnOpen(ctx, {
    title: t("confirmEmail.title"),
    use: (token) => request("POST", "/api/v1/me/email/confirmation", { body: { token }, signIn: false }),
    outcomes,
    screens: {
      confirmed,
      refused: (ctx) => problem(ctx, "account.linkUnusable", "account.linkUnusableText"),
      taken: (ctx) => problem(ctx, "confirmEmail.taken", "confirmEmail.takenText"),
      incomplete: (ctx) => problem(ctx, "account.linkIncomplete", "account.linkIncompleteText"),
    },
  });
}

function confirmed({ main, setTitle }) {
  setTitle(t("confirmEmail.done"));
  main.append(
    doneHeading(t("confirmEmail.done")),
    paragraph(t("confirmEmail.doneText")),
    currentAccount() ? buttonLink("#/konto", t("account.toAccount")) : buttonLink("#/anmelden", t("account.signIn")),
    links(link("#/", t("account.toSearch"))),
  );
}

function problem({ main, setTitle }, titleKey, textKey) {
  setTitle(t(titleKey));
  main.append(
    heading(t(titleKey)),
    paragraph(t(textKey)),
    paragraph(t("confirmEmail.retry")),
    // Signed out, the router asks to sign in first and comes back.
    buttonLink("#/konto/email", t("confirmEmail.change")),
  );
}
