// A route nobody knows: says so, and offers the way back. Never the search list in disguise.

import { h } from "../lib/dom.js";
import { addTexts, t } from "../lib/i18n.js";

addTexts({
  de: {
    "notFound.title": "Seite nicht gefunden",
    "notFound.text": "Diese Adresse kennen wir nicht. Vielleicht ist der Link unvollständig oder veraltet.",
    "notFound.home": "Zur Suche nach Angeboten",
  },
  en: {
    "notFound.title": "Page not found",
    "notFound.text": "We do not know this address. Perhaps the link is incomplete or out of date.",
    "notFound.home": "Go to the search for opportunities",
  },
});

export function show({ main, setTitle }) {
  setTitle(t("notFound.title"));
  main.append(
    h("h1", { class: "kern-heading-large", tabindex: "-1" }, t("notFound.title")),
    h("p", { class: "kern-body" }, t("notFound.text")),
    h("p", { class: "kern-body" }, h("a", { href: "#/", class: "kern-link" }, t("notFound.home"))),
  );
}
