// VoluMap in Leichte Sprache (#/leichte-sprache): the app explained in easy German, by its rules: short
// sentences, one statement each, common words, hard words explained, no abbreviations, numbers as digits, long
// words split with a hyphen, "Sie" as public bodies write it. Always German (lang="de"); in the English app a
// short English note above the text says so. The text itself is German only, so it is not in addTexts.

import { h } from "../../lib/dom.js";
import { addTexts, language, t } from "../../lib/i18n.js";

addTexts({
  // The note is shown in the English app only; German has it for the same keys in both languages.
  de: {
    "easyLanguage.title": "VoluMap in Leichter Sprache",
    "easyLanguage.note": "Diese Seite ist in Leichter Sprache",
    "easyLanguage.noteText": "Sie erklärt VoluMap mit kurzen Sätzen und einfachen Wörtern.",
  },
  en: {
    "easyLanguage.title": "VoluMap in Leichte Sprache (easy German)",
    "easyLanguage.note": "This page is in easy German",
    "easyLanguage.noteText":
      "It explains VoluMap in Leichte Sprache: German with short sentences and simple words. It is only " +
      "available in German.",
  },
});

// [heading, ...parts]; a part is a sentence, a link, or a list ({ list } or numbered { steps }) whose items are
// their sentences, each on a line of its own.
const SECTIONS = [
  ["Was ist VoluMap?",
    "VoluMap ist eine App.",
    "Eine App ist ein Programm für das Handy oder für den Computer.",
    "Die App ist von der Stadt Bielefeld.",
    "In der App finden Sie Angebote für ein Ehren-Amt in Bielefeld."],
  ["Was ist ein Ehren-Amt?",
    "Bei einem Ehren-Amt helfen Sie anderen Menschen.",
    "Sie machen das freiwillig.",
    "Das heißt: Sie wollen das selbst.",
    "Sie bekommen dafür kein Geld.",
    "Zum Beispiel:",
    { list: [
      ["Sie lesen Kindern etwas vor."],
      ["Sie helfen in einem Garten."],
      ["Sie fahren ältere Menschen zum Einkaufen."],
    ] }],
  ["So finden Sie Angebote in Ihrer Nähe",
    { steps: [
      ["Öffnen Sie die Seite „Angebote suchen“."],
      ["Wählen Sie Ihren Stadt-Bezirk.", "Ein Stadt-Bezirk ist ein Teil von Bielefeld.", "Zum Beispiel: Mitte.",
        "Sie können auch Ihren Standort nehmen.", "Der Standort ist der Ort, an dem Sie gerade sind."],
      ["Wählen Sie, wie weit weg das Angebot sein darf.", "Zum Beispiel: 5 Kilometer."],
      ["Drücken Sie auf den Knopf „Suchen“."],
    ] },
    "Dann sehen Sie eine Liste mit Angeboten.",
    "Drücken Sie auf ein Angebot.",
    "Dann sehen Sie mehr über das Angebot.",
    { link: ["#/", "Hier geht es zu den Angeboten."] }],
  ["Zum Suchen brauchen Sie kein Konto",
    "Ein Konto ist Ihr eigener Zugang zur App.",
    "Zum Suchen brauchen Sie kein Konto.",
    "Sie müssen dafür auch nichts über sich sagen."],
  ["So sagen Sie: „Ich helfe mit“",
    "Sie haben ein Angebot gefunden?",
    "Sie möchten dort helfen?",
    "Dann drücken Sie bei dem Angebot auf „Ich helfe mit“.",
    "Dafür brauchen Sie ein Konto.",
    "Dann bekommt der Verein von dem Angebot Bescheid.",
    "Der Verein meldet sich bei Ihnen."],
  ["So bekommen Sie ein Konto",
    { steps: [
      ["Drücken Sie oben auf „Registrieren“."],
      ["Schreiben Sie Ihre E-Mail-Adresse auf."],
      ["Denken Sie sich ein Pass-Wort aus.", "Ein Pass-Wort ist ein geheimes Wort.", "Nur Sie kennen das Pass-Wort."],
      ["Sie bekommen eine E-Mail.", "In der E-Mail ist ein Link.",
        "Ein Link ist ein Text zum Drücken.", "Drücken Sie auf den Link."],
    ] },
    "Dann ist Ihr Konto fertig."],
  ["Wer macht VoluMap?",
    "VoluMap ist von der Stadt Bielefeld.",
    "Das Digitalisierungs-Büro von der Stadt Bielefeld macht die App.",
    "Das ist ein Büro von der Stadt.",
    "Das Büro kümmert sich um Dinge im Internet.",
    "Die Angebote in der App sind von Vereinen und Gruppen aus Bielefeld."],
  ["Sie brauchen Hilfe?",
    "Sie haben eine Frage?",
    "Etwas in der App klappt nicht?",
    "Dann schreiben Sie uns.",
    "Dafür gibt es ein Formular.",
    "Ein Formular ist eine Seite zum Ausfüllen.",
    "Sie müssen dort nicht Ihren Namen sagen.",
    "Sie möchten eine Antwort?",
    "Dann schreiben Sie Ihre E-Mail-Adresse dazu.",
    { link: [`#/feedback?von=${encodeURIComponent("#/leichte-sprache")}`, "Hier geht es zum Formular."] }],
];

function part(content) {
  if (typeof content === "string") return h("p", { class: "kern-body" }, content);
  if (content.link) return h("p", { class: "kern-body" }, h("a", { href: content.link[0], class: "kern-link" }, content.link[1]));
  const ordered = Boolean(content.steps);
  return h(ordered ? "ol" : "ul", { class: ["kern-list", ordered ? "kern-list--number" : "kern-list--bullet"] },
    (content.steps ?? content.list).map((sentences) =>
      h("li", {}, sentences.map((sentence) => h("span", { class: "easy-language__line" }, sentence)))));
}

export function show({ main, setTitle }) {
  setTitle(t("easyLanguage.title"));
  main.append(
    h("div", { class: "easy-language", lang: "de" },
      h("h1", { class: "kern-heading-large" }, "VoluMap in Leichter Sprache"),
      language() === "de" ? null
        : h("div", { class: "kern-alert kern-alert--info notice", lang: "en" },
          h("div", { class: "kern-alert__header" },
            h("span", { class: "kern-icon kern-icon--info", "aria-hidden": "true" }),
            h("p", { class: "kern-title" }, t("easyLanguage.note"))),
          h("div", { class: "kern-alert__body" }, h("p", { class: "kern-body" }, t("easyLanguage.noteText")))),
      SECTIONS.map(([heading, ...parts]) =>
        h("section", { class: "page-section" }, h("h2", { class: "kern-heading-medium" }, heading), parts.map(part)))),
  );
}
