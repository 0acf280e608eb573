// A screen that a later version of the app brings (routes.js names it): a link from an e-mail or a
// notification opens a page that says what it is for, never the search list. Association members and
// moderators are asked to sign in first, since their screens will need it.

import { h } from "../lib/dom.js";
import { addTexts, language, t } from "../lib/i18n.js";

addTexts({
  de: {
    "comingSoon.text": "Diese Seite gibt es in der App bald. Bis dahin kannst du hier weitersuchen.",
    "comingSoon.signIn": "Diese Seite ist für Mitglieder von Organisationen und für die Moderation. Bitte melde dich an.",
    "comingSoon.signInLink": "Anmelden",
    "comingSoon.signedIn": (name) => `Du bist angemeldet als ${name}.`,
    "comingSoon.home": "Zur Suche nach Angeboten",
  },
  en: {
    "comingSoon.text": "This page is coming to the app soon. Until then you can keep searching here.",
    "comingSoon.signIn": "This page is for members of organisations and for moderators. Please sign in.",
    "comingSoon.signInLink": "Sign in",
    "comingSoon.signedIn": (name) => `You are signed in as ${name}.`,
    "comingSoon.home": "Go to the search for opportunities",
  },
});

export function show({ main, route, account, hash, setTitle }) {
  const name = route.name[language()];
  setTitle(name);
  const needsSignIn = route.audience !== "resident";
  main.append(
    h("h1", { class: "kern-heading-large", tabindex: "-1" }, name),
    h("p", { class: "kern-body" }, t("comingSoon.text")),
  );
  if (needsSignIn && !account) {
    main.append(
      h("p", { class: "kern-body" }, t("comingSoon.signIn")),
      h("p", { class: "kern-body" },
        h("a", { href: `#/anmelden?weiter=${encodeURIComponent(hash)}`, class: "kern-btn kern-btn--primary" },
          h("span", { class: "kern-label" }, t("comingSoon.signInLink")))),
    );
  } else if (needsSignIn) {
    main.append(h("p", { class: "kern-body" }, t("comingSoon.signedIn", account.display_name)));
  }
  main.append(h("p", { class: "kern-body" }, h("a", { href: "#/", class: "kern-link" }, t("comingSoon.home"))));
}
