// Report an offer (#/angebot/<id>/melden): a reason and, if the person likes, what is wrong. Anyone may
// report, with or without an account; the moderators see it on their desk. `?gesendet=1` is the confirmation.

import { h } from "../lib/dom.js";
import { field, form, radios, showErrors } from "../lib/forms.js";
import { addTexts, t } from "../lib/i18n.js";
import { request } from "../lib/request.js";
import { buttonLink, doneHeading, heading, links, paragraph } from "./account/parts.js";

// The reasons the API takes (api/db/reports.py ReportReason), in the order people are asked.
const REASONS = ["wrong_information", "spam", "commercial", "discriminatory", "dangerous", "other"];

addTexts({
  de: {
    "report.title": "Angebot melden",
    "report.about": "Du meldest das Angebot",
    "report.intro":
      "Stimmt etwas mit diesem Angebot nicht? Sag es uns. Das Moderationsteam der Stadt Bielefeld schaut es sich " +
      "an. Dafür brauchst du kein Konto.",
    "report.reason": "Was ist das Problem?",
    "report.reasons": {
      wrong_information: "Die Angaben stimmen nicht",
      spam: "Spam",
      commercial: "Werbung oder bezahlte Arbeit statt Ehrenamt",
      discriminatory: "Diskriminierend oder beleidigend",
      dangerous: "Gefährlich oder verboten",
      other: "Etwas anderes",
    },
    "report.text": "Was sollen wir wissen? (optional)",
    "report.textHint": "Schreib keine persönlichen Daten anderer Personen hinein.",
    "report.submit": "Meldung senden",
    "report.missingReason": "Wähle aus, was das Problem ist",
    "report.sent": "Danke für deine Meldung",
    "report.sentText": "Das Moderationsteam schaut sich das Angebot an und kümmert sich darum.",
    "report.backToOffer": "Zurück zum Angebot",
    "report.toSearch": "Angebote suchen",
    "report.cancel": "Abbrechen und zurück zum Angebot",
  },
  en: {
    "report.title": "Report this opportunity",
    "report.about": "You are reporting the opportunity",
    "report.intro":
      "Is something wrong with this opportunity? Tell us. The City of Bielefeld’s moderation team will look at it. " +
      "You do not need an account for this.",
    "report.reason": "What is the problem?",
    "report.reasons": {
      wrong_information: "The information is wrong",
      spam: "Spam",
      commercial: "Advertising or paid work instead of volunteering",
      discriminatory: "Discriminatory or offensive",
      dangerous: "Dangerous or illegal",
      other: "Something else",
    },
    "report.text": "What should we know? (optional)",
    "report.textHint": "Do not include other people’s personal details.",
    "report.submit": "Send report",
    "report.missingReason": "Choose what the problem is",
    "report.sent": "Thank you for your report",
    "report.sentText": "The moderation team will look at the opportunity and take care of it.",
    "report.backToOffer": "Back to the opportunity",
    "report.toSearch": "Find opportunities",
    "report.cancel": "Cancel and go back to the opportunity",
  },
});

async function offerTitle(id) {
  try {
    return (await request("GET", `/api/v1/offers/${encodeURIComponent(id)}`)).data.title;
  } catch {
    return null; // the form works without the title; the API says if the offer cannot be reported
  }
}

export async function show({ main, params, query, setTitle, navigate }) {
  const offerHref = `#/angebot/${encodeURIComponent(params.id)}`;
  if (query.get("gesendet")) {
    setTitle(t("report.sent"));
    main.append(doneHeading(t("report.sent")), paragraph(t("report.sentText")),
      buttonLink(offerHref, t("report.backToOffer")), links(h("a", { href: "#/", class: "kern-link" }, t("report.toSearch"))));
    return;
  }
  setTitle(t("report.title"));
  const about = h("p", { class: "kern-body report__about" });
  main.append(heading(t("report.title")), about, paragraph(t("report.intro")),
    form({
      label: t("report.title"),
      fields: [
        radios({ name: "reason", legend: t("report.reason"),
          options: REASONS.map((reason) => [reason, t("report.reasons")[reason]]) }),
        field({ name: "text", label: t("report.text"), hint: t("report.textHint"), type: "textarea", rows: 5,
          maxlength: 2000 }),
      ],
      submit: t("report.submit"),
      after: [h("a", { href: offerHref, class: "kern-link" }, t("report.cancel"))],
      async onSubmit(values, element) {
        if (!values.reason) {
          showErrors(element, [{ name: "reason", reason: t("report.missingReason") }]);
          return;
        }
        await request("POST", "/api/v1/reports", {
          body: { target_type: "offer", target_id: params.id, reason: values.reason, text: values.text.trim() },
        });
        navigate(`#/angebot/${encodeURIComponent(params.id)}/melden?gesendet=1`, { replace: true });
      },
    }));
  // The title fills in after the heading is shown; the line keeps its height meanwhile.
  const title = await offerTitle(params.id);
  if (title && about.isConnected) about.append(`${t("report.about")}: `, h("strong", {}, title));
}
