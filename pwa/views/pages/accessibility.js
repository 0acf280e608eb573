// The accessibility statement (#/barrierefreiheit), as § 10b BGG NRW and § 4 BITV NRW require it, in the order
// of the EU's model statement (implementing decision (EU) 2018/1523): what it covers, how far VoluMap meets the
// requirements, what is not accessible yet and the alternatives, how and when this was assessed, the feedback
// form (§ 5 BITV NRW) and the Ombudsstelle (§ 10d BGG NRW). A change to the app that adds or removes a
// limitation changes this page and its review date.

import { h } from "../../lib/dom.js";
import { addTexts, language, t } from "../../lib/i18n.js";

const MADE_ON = "2026-12-02";
const REVIEWED_ON = "2026-12-02";
const OMBUDSSTELLE = "https://www.lbbp.nrw.de/ombudsstelle";

addTexts({
  de: {
    "accessibility.title": "Erklärung zur Barrierefreiheit",
    "accessibility.intro":
      "Die Stadt Bielefeld möchte, dass alle Menschen VoluMap gut nutzen können. Deshalb gestalten wir die App " +
      "barrierefrei, wie es das Behindertengleichstellungsgesetz Nordrhein-Westfalen (BGG NRW) und die " +
      "Barrierefreie-Informationstechnik-Verordnung Nordrhein-Westfalen (BITV NRW) verlangen. Beide setzen die " +
      "EU-Richtlinie 2016/2102 um.",
    "accessibility.scopeHeading": "Wofür diese Erklärung gilt",
    "accessibility.scope":
      "Diese Erklärung gilt für die App VoluMap Bielefeld – im Browser und als installierte App – und für die " +
      "Beschreibung ihrer Schnittstelle (API) unter",
    "accessibility.statusHeading": "Wie barrierefrei VoluMap ist",
    "accessibility.statusLabel": "Stand:",
    "accessibility.status": "teilweise vereinbar",
    "accessibility.statusText":
      "VoluMap ist mit den Anforderungen der BITV NRW teilweise vereinbar. Maßstab sind die europäische Norm " +
      "EN 301 549 (V3.2.1) und die Web Content Accessibility Guidelines (WCAG) 2.1 in der Stufe AA. " +
      "Teilweise, weil die folgenden Einschränkungen bekannt sind.",
    "accessibility.limitsHeading": "Was noch nicht barrierefrei ist",
    "accessibility.limitsIntro": "Diese Inhalte sind noch nicht oder nicht vollständig barrierefrei:",
    "accessibility.alternative": "Alternative:",
    "accessibility.apiDocsHeading": "Die Beschreibung der Schnittstelle (/schema)",
    "accessibility.apiDocs":
      "Die Seite /schema zeigt die Beschreibung der Schnittstelle mit Swagger UI, einer Software von Dritten. " +
      "Swagger UI erfüllt nicht alle Anforderungen der WCAG 2.1 AA, vor allem bei der Bedienung mit Tastatur " +
      "und Screenreader. Wir können Swagger UI nicht selbst ändern.",
    "accessibility.apiDocsAlternative": "Dieselbe Beschreibung gibt es als Datei im Format OpenAPI (JSON):",
    "accessibility.mapHeading": "Eine Karte der Angebote",
    "accessibility.map":
      "Eine Kartenansicht gibt es noch nicht. Alle Angebote findest du in der Liste, mit Entfernung und " +
      "Stadtbezirk. Kommt eine Karte dazu, bleibt die Liste als gleichwertiger Weg.",
    "accessibility.offersHeading": "Die Beschreibungen der Angebote",
    "accessibility.offers":
      "Die Texte der Angebote schreiben die Vereine und Organisationen selbst. Sie sind nicht immer gut " +
      "gegliedert: Manchmal fehlen Überschriften oder Listen, oder ein Link sagt nicht, wohin er führt. Die " +
      "Moderation prüft jedes Angebot vor der Veröffentlichung, aber nicht jeden Text auf Barrierefreiheit.",
    "accessibility.offersAlternative":
      "Ort, Zeit, Kategorie und Kontakt zeigt VoluMap bei jedem Angebot in derselben, barrierefreien Form. " +
      "Bei Fragen zu einem Angebot hilft dir seine Kontaktperson.",
    "accessibility.signLanguageHeading": "Deutsche Gebärdensprache",
    "accessibility.signLanguage": "Ein Video in Deutscher Gebärdensprache, das VoluMap erklärt, gibt es noch nicht.",
    "accessibility.signLanguageAlternative": "Eine Erklärung der App gibt es in",
    "accessibility.easyLanguage": "Leichter Sprache",
    "accessibility.documentsHeading": "Dokumente und Anhänge",
    "accessibility.documents":
      "VoluMap bietet keine PDF-Dokumente oder anderen Anhänge an. Kalender-Dateien (ICS) für Termine " +
      "enthalten nur Angaben, die auch in der App stehen.",
    "accessibility.methodHeading": "Wie wir die Barrierefreiheit geprüft haben",
    "accessibility.made": (made, reviewed) =>
      `Diese Erklärung wurde am ${made} erstellt und zuletzt am ${reviewed} überprüft.`,
    "accessibility.method": "Sie beruht auf einer Selbstbewertung des Entwicklungsteams:",
    "accessibility.methodAutomated":
      "Jeder Bildschirm der App wird bei jeder Änderung automatisch mit dem Prüfprogramm axe-core auf die " +
      "Regeln der WCAG 2.1 in den Stufen A und AA geprüft, auf Deutsch und auf Englisch.",
    "accessibility.methodManual": "Das Entwicklungsteam bedient die App mit der Tastatur und mit einem Screenreader.",
    "accessibility.methodExternal":
      "Einen externen BITV-Test, also eine Prüfung durch eine unabhängige Prüfstelle, gab es noch nicht.",
    "accessibility.feedbackHeading": "Barrieren melden: Feedback und Kontakt",
    "accessibility.feedback":
      "Ist dir eine Barriere aufgefallen, oder brauchst du einen Inhalt in einer barrierefreien Form? " +
      "Dann schreib uns über das Feedback-Formular. Du brauchst dafür kein Konto.",
    "accessibility.feedbackLink": "Zum Feedback-Formular",
    "accessibility.feedbackAnswer":
      "Deine Nachricht geht an das Team von VoluMap. Wenn du eine E-Mail-Adresse angibst, antworten wir dir " +
      "innerhalb von sechs Wochen. Dauert die Lösung länger, bekommst du in dieser Zeit eine Zwischennachricht.",
    "accessibility.contactLabel": "Zuständig:",
    "accessibility.contact": "Digitalisierungsbüro der Stadt Bielefeld",
    "accessibility.enforcementHeading": "Schlichtung: die Ombudsstelle",
    "accessibility.enforcement":
      "Bekommst du von uns innerhalb von sechs Wochen keine zufriedenstellende Antwort, kannst du dich an die " +
      "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen wenden. Sie gehört " +
      "zur Beauftragten der Landesregierung für die Belange der Menschen mit Behinderung. Im Ombudsverfahren " +
      "(§ 10d BGG NRW) vermittelt sie zwischen dir und der Stadt Bielefeld und sucht mit euch eine Lösung.",
    "accessibility.enforcementFree": "Das Verfahren ist für dich kostenlos.",
    "accessibility.enforcementHow": "Den Antrag und die Kontaktdaten findest du auf der",
    "accessibility.enforcementLink": "Website der Ombudsstelle",
  },
  en: {
    "accessibility.title": "Accessibility statement",
    "accessibility.intro":
      "The City of Bielefeld wants everyone to be able to use VoluMap well. So we make the app accessible, as " +
      "the Disability Equality Act of North Rhine-Westphalia (BGG NRW) and its regulation on accessible " +
      "information technology (BITV NRW) require. Both implement EU Directive 2016/2102.",
    "accessibility.scopeHeading": "What this statement covers",
    "accessibility.scope":
      "This statement covers the app VoluMap Bielefeld – in the browser and installed as an app – and the " +
      "description of its interface (API) at",
    "accessibility.statusHeading": "How accessible VoluMap is",
    "accessibility.statusLabel": "Status:",
    "accessibility.status": "partially compliant",
    "accessibility.statusText":
      "VoluMap is partially compliant with the requirements of the BITV NRW. The standards are the European " +
      "standard EN 301 549 (V3.2.1) and the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA. " +
      "Partially, because of the known limitations below.",
    "accessibility.limitsHeading": "What is not accessible yet",
    "accessibility.limitsIntro": "This content is not accessible, or not fully accessible, yet:",
    "accessibility.alternative": "Alternative:",
    "accessibility.apiDocsHeading": "The description of the interface (/schema)",
    "accessibility.apiDocs":
      "The page /schema shows the description of the interface with Swagger UI, third-party software. " +
      "Swagger UI does not meet all requirements of WCAG 2.1 AA, especially when used with a keyboard and a " +
      "screen reader. We cannot change Swagger UI ourselves.",
    "accessibility.apiDocsAlternative": "The same description is available as a file in the OpenAPI format (JSON):",
    "accessibility.mapHeading": "A map of the opportunities",
    "accessibility.map":
      "There is no map view yet. You find every opportunity in the list, with its distance and district. " +
      "When a map is added, the list stays as an equal way to find them.",
    "accessibility.offersHeading": "The descriptions of the opportunities",
    "accessibility.offers":
      "Associations and organisations write the descriptions of their opportunities themselves. They are not " +
      "always well structured: headings or lists may be missing, or a link may not say where it leads. The " +
      "moderators check every opportunity before it is published, but not every text for accessibility.",
    "accessibility.offersAlternative":
      "VoluMap shows the place, time, category and contact of every opportunity in the same accessible form. " +
      "For questions about an opportunity, its contact person can help.",
    "accessibility.signLanguageHeading": "German Sign Language",
    "accessibility.signLanguage": "There is no video in German Sign Language explaining VoluMap yet.",
    "accessibility.signLanguageAlternative": "The app is explained in",
    "accessibility.easyLanguage": "Leichte Sprache (easy German)",
    "accessibility.documentsHeading": "Documents and attachments",
    "accessibility.documents":
      "VoluMap offers no PDF documents or other attachments. Calendar files (ICS) for dates contain only " +
      "details that are also shown in the app.",
    "accessibility.methodHeading": "How we assessed accessibility",
    "accessibility.made": (made, reviewed) => `This statement was prepared on ${made} and last reviewed on ${reviewed}.`,
    "accessibility.method": "It is based on a self-assessment by the development team:",
    "accessibility.methodAutomated":
      "Every screen of the app is checked automatically with every change, with the testing tool axe-core, " +
      "against the rules of WCAG 2.1 at levels A and AA, in German and in English.",
    "accessibility.methodManual": "The development team uses the app with a keyboard and with a screen reader.",
    "accessibility.methodExternal":
      "There has been no external BITV test, that is, a test by an independent testing body, yet.",
    "accessibility.feedbackHeading": "Report a barrier: feedback and contact",
    "accessibility.feedback":
      "Have you found a barrier, or do you need content in an accessible form? Then write to us with the " +
      "feedback form. You do not need an account for it.",
    "accessibility.feedbackLink": "Go to the feedback form",
    "accessibility.feedbackAnswer":
      "Your message goes to the VoluMap team. If you give an email address, we answer within six weeks. If a " +
      "solution takes longer, you get an interim reply within that time.",
    "accessibility.contactLabel": "Responsible:",
    "accessibility.contact": "Digitalisierungsbüro der Stadt Bielefeld (the City of Bielefeld’s digitalisation office)",
    "accessibility.enforcementHeading": "Enforcement: the Ombudsstelle",
    "accessibility.enforcement":
      "If you do not get a satisfactory answer from us within six weeks, you can turn to the Ombudsstelle für " +
      "barrierefreie Informationstechnik, the ombudsman office for accessible information technology of the " +
      "state of North Rhine-Westphalia. It belongs to the state government’s commissioner for people with " +
      "disabilities. In its procedure (§ 10d BGG NRW) it mediates between you and the City of Bielefeld and " +
      "looks for a solution with both of you.",
    "accessibility.enforcementFree": "The procedure is free of charge for you.",
    "accessibility.enforcementHow": "You find the application and the contact details on the",
    "accessibility.enforcementLink": "website of the Ombudsstelle (in German)",
  },
});

function formatDay(isoDate) {
  const locale = language() === "de" ? "de-DE" : "en-GB";
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${isoDate}T00:00:00Z`));
}

const text = (key, ...args) => h("p", { class: "kern-body" }, t(key, ...args));
const section = (key, ...content) =>
  h("section", { class: "page-section", "aria-labelledby": `accessibility-${key}` },
    h("h2", { class: "kern-heading-medium", id: `accessibility-${key}` }, t(`accessibility.${key}Heading`)),
    ...content);
const limitation = (key, ...alternative) =>
  h("li", {},
    h("h3", { class: "kern-heading-small" }, t(`accessibility.${key}Heading`)),
    text(`accessibility.${key}`),
    alternative.length
      ? h("p", { class: "kern-body" }, h("strong", {}, t("accessibility.alternative")), " ", ...alternative)
      : null);

export function show({ main, setTitle }) {
  setTitle(t("accessibility.title"));
  main.append(
    h("h1", { class: "kern-heading-large" }, t("accessibility.title")),
    text("accessibility.intro"),
    section("scope",
      h("p", { class: "kern-body" }, t("accessibility.scope"), " ", h("a", { href: "/schema", class: "kern-link" },
        "/schema"), ".")),
    section("status",
      h("p", { class: "kern-body statement-status" }, h("strong", {}, t("accessibility.statusLabel")), " ",
        t("accessibility.status")),
      text("accessibility.statusText")),
    section("limits",
      text("accessibility.limitsIntro"),
      h("ul", { class: "statement-limits" },
        limitation("apiDocs", t("accessibility.apiDocsAlternative"), " ",
          h("a", { href: "/schema/openapi.json", class: "kern-link" }, "/schema/openapi.json"), "."),
        limitation("map"),
        limitation("offers", t("accessibility.offersAlternative")),
        limitation("signLanguage", t("accessibility.signLanguageAlternative"), " ",
          h("a", { href: "#/leichte-sprache", class: "kern-link" }, t("accessibility.easyLanguage")),
          "."),
        limitation("documents"))),
    section("method",
      text("accessibility.made", formatDay(MADE_ON), formatDay(REVIEWED_ON)),
      text("accessibility.method"),
      h("ul", { class: "kern-list kern-list--bullet" },
        h("li", {}, t("accessibility.methodAutomated")),
        h("li", {}, t("accessibility.methodManual")),
        h("li", {}, t("accessibility.methodExternal")))),
    section("feedback",
      text("accessibility.feedback"),
      h("p", { class: "kern-body" },
        h("a", { href: `#/feedback?von=${encodeURIComponent("#/barrierefreiheit")}`, class: "kern-link" },
          t("accessibility.feedbackLink"))),
      text("accessibility.feedbackAnswer"),
      h("p", { class: "kern-body" }, h("strong", {}, t("accessibility.contactLabel")), " ", t("accessibility.contact"))),
    section("enforcement",
      text("accessibility.enforcement"),
      text("accessibility.enforcementFree"),
      h("p", { class: "kern-body" }, t("accessibility.enforcementHow"), " ",
        h("a", { href: OMBUDSSTELLE, class: "kern-link", rel: "noopener" },
          t("accessibility.enforcementLink")), ".")),
  );
}
