// Confirming the e-mail address with the link from the sign-up e-mail (#/konto/bestaetigen?token=…): the
// screen confirms as soon as it opens and says how it went (parts.js useTokenOnOpen).

import { addTexts, t } from "../../lib/i18n.js";
import { request } from "../../lib/request.js";
import { currentAccount } from "../../lib/session.js";
import { buttonLink, doneHeading, heading, link, links, paragraph, useTokenOnOpen } from "./parts.js";

addTexts({
  de: {
    "confirm.title": "E-Mail-Adresse bestätigen",
    "confirm.done": "Deine E-Mail-Adresse ist bestätigt",
    "confirm.doneText": "Jetzt kannst du bei Angeboten sagen „Ich helfe mit“.",
    "confirm.signInNext": "Melde dich an, um loszulegen.",
    "confirm.confirmedAlready": "Hast du deine Adresse schon bestätigt? Dann kannst du dich einfach anmelden.",
    "confirm.newLinkText": "Sonst lass dir einen neuen Link schicken.",
    "confirm.newLink": "Neuen Bestätigungslink anfordern",
  },
  en: {
    "confirm.title": "Confirm your email address",
    "confirm.done": "Your email address is confirmed",
    "confirm.doneText": "Now you can say “I’ll help” on opportunities.",
    "confirm.signInNext": "Sign in to get started.",
    "confirm.confirmedAlready": "Have you already confirmed your address? Then you can simply sign in.",
    "confirm.newLinkText": "Otherwise, ask for a new link.",
    "confirm.newLink": "Get a new confirmation link",
  },
});

const outcomes = new Map();

export function show(ctx) {
  return useTokenOnOpen(ctx, {
    title: t("confirm.title"),
    use: (token) => request("POST", "/api/v1/accounts/verification", { body: { token }, signIn: false }),
    outcomes,
    screens: { confirmed, refused, taken: refused, incomplete },
  });
}

function confirmed({ main, setTitle }) {
  setTitle(t("confirm.done"));
  const signedIn = Boolean(currentAccount());
  main.append(
    doneHeading(t("confirm.done")),
    paragraph(t("confirm.doneText")),
    ...(signedIn ? [] : [paragraph(t("confirm.signInNext"))]),
    signedIn ? buttonLink("#/konto", t("account.toAccount")) : buttonLink("#/anmelden", t("account.signIn")),
    links(link("#/", t("account.toSearch"))),
  );
}

function refused({ main, setTitle }) {
  setTitle(t("account.linkUnusable"));
  main.append(
    heading(t("account.linkUnusable")),
    paragraph(t("account.linkUnusableText")),
    paragraph(t("confirm.confirmedAlready"), " ", link("#/anmelden", t("account.signIn"))),
    paragraph(t("confirm.newLinkText")),
    buttonLink("#/konto/bestaetigung-senden", t("confirm.newLink")),
  );
}

function incomplete({ main, setTitle }) {
  setTitle(t("account.linkIncomplete"));
  main.append(
    heading(t("account.linkIncomplete")),
    paragraph(t("account.linkIncompleteText")),
    paragraph(t("confirm.newLinkText")),
    buttonLink("#/konto/bestaetigung-senden", t("confirm.newLink")),
  );
}
