// Feedback (#/feedback): report a barrier, or send an idea or a problem, without an account. It is the feedback
// mechanism of the accessibility statement (§ 5 BITV NRW): POST /api/v1/feedback stores it and e-mails the
// moderators. `?von=#/…` is the screen the person came from (app.js puts it on the footer's link); it is filled
// in as the page the feedback is about, in plain sight, so they can change or remove it before sending.

import { h } from "../../lib/dom.js";
import { field, form, radios, showErrors } from "../../lib/forms.js";
import { addTexts, t } from "../../lib/i18n.js";
import { request } from "../../lib/request.js";

const KINDS = ["barrier", "idea", "problem", "other"];
// How long the API keeps feedback with its reply address (VOLUMAP_FEEDBACK_RETENTION_DAYS) and its limits, as
// GET /api/v1/feedback/terms says; loaded once per visit. Without an answer (offline) the form still works: it
// then names no number of days rather than a wrong one, and the API checks the limits anyway.
let terms;
const NO_TERMS = { retention_days: null, message_max: 5000, page_max: 500 };
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

addTexts({
  de: {
    "feedback.title": "Feedback geben",
    "feedback.intro":
      "Ist dir in VoluMap eine Barriere aufgefallen, hast du eine Idee oder ein Problem? Schreib uns. " +
      "Deine Nachricht geht an das Team von VoluMap. Du brauchst dafür kein Konto.",
    "feedback.kind": "Worum geht es?",
    "feedback.kind.barrier": "Eine Barriere: Etwas ist für mich schwer oder gar nicht zu benutzen",
    "feedback.kind.idea": "Eine Idee",
    "feedback.kind.problem": "Ein Problem oder ein Fehler",
    "feedback.kind.other": "Etwas anderes",
    "feedback.message": "Deine Nachricht",
    "feedback.messageHint":
      "Beschreib, was du gemacht hast und was passiert ist. Persönliche Daten wie deinen Namen brauchen wir " +
      "dafür nicht.",
    "feedback.page": "Um welche Seite geht es? (optional)",
    "feedback.pageHintFrom": "Hier steht die Seite, von der du gekommen bist. Du kannst sie ändern oder löschen.",
    "feedback.pageHint": "Zum Beispiel die Adresse der Seite oder der Name eines Angebots.",
    "feedback.email": "E-Mail-Adresse für eine Antwort (optional)",
    "feedback.emailHint": (days) =>
      "Nur, wenn du eine Antwort möchtest. Wir löschen deine Nachricht und deine Adresse " +
      (days ? `nach ${days} Tagen.` : "nach einer festen Frist."),
    "feedback.submit": "Feedback senden",
    "feedback.missingKind": "Wähle aus, worum es geht",
    "feedback.missingMessage": "Schreib uns deine Nachricht",
    "feedback.tooLong": (max) => `Deine Nachricht darf höchstens ${max} Zeichen lang sein`,
    "feedback.invalidEmail": "Gib eine E-Mail-Adresse im richtigen Format ein, zum Beispiel name@beispiel.de",
    "feedback.sentTitle": "Danke für dein Feedback",
    "feedback.sent": "Deine Nachricht ist bei uns angekommen",
    "feedback.sentRead": "Das Team von VoluMap liest sie.",
    "feedback.sentReply": (email) => `Wir antworten dir an ${email}.`,
    "feedback.sentNoReply": "Du hast keine E-Mail-Adresse angegeben. Deshalb können wir dir nicht antworten.",
    "feedback.sentBarrier":
      "Auf eine gemeldete Barriere antworten wir innerhalb von sechs Wochen. Bist du mit der Antwort nicht " +
      "zufrieden, kannst du dich an die Ombudsstelle wenden. Wie das geht, steht in der",
    "feedback.statement": "Erklärung zur Barrierefreiheit",
    "feedback.back": "Zurück zur Seite, von der du gekommen bist",
    "feedback.home": "Zur Suche nach Angeboten",
  },
  en: {
    "feedback.title": "Give feedback",
    "feedback.intro":
      "Have you found a barrier in VoluMap, do you have an idea or a problem? Write to us. Your message goes " +
      "to the VoluMap team. You do not need an account for it.",
    "feedback.kind": "What is it about?",
    "feedback.kind.barrier": "A barrier: something is hard or impossible for me to use",
    "feedback.kind.idea": "An idea",
    "feedback.kind.problem": "A problem or an error",
    "feedback.kind.other": "Something else",
    "feedback.message": "Your message",
    "feedback.messageHint":
      "Describe what you did and what happened. We do not need personal details such as your name for this.",
    "feedback.page": "Which page is it about? (optional)",
    "feedback.pageHintFrom": "This is the page you came from. You can change or delete it.",
    "feedback.pageHint": "For example the address of the page or the name of an opportunity.",
    "feedback.email": "Email address for a reply (optional)",
    "feedback.emailHint": (days) =>
      "Only if you would like a reply. We delete your message and your address " +
      (days ? `after ${days} days.` : "after a fixed period."),
    "feedback.submit": "Send feedback",
    "feedback.missingKind": "Select what it is about",
    "feedback.missingMessage": "Enter your message",
    "feedback.tooLong": (max) => `Your message must be ${max} characters or fewer`,
    "feedback.invalidEmail": "Enter an email address in the correct format, like name@example.com",
    "feedback.sentTitle": "Thank you for your feedback",
    "feedback.sent": "Your message has reached us",
    "feedback.sentRead": "The VoluMap team will read it.",
    "feedback.sentReply": (email) => `We will reply to ${email}.`,
    "feedback.sentNoReply": "You did not give an email address, so we cannot reply to you.",
    "feedback.sentBarrier":
      "We answer a reported barrier within six weeks. If you are not satisfied with the answer, you can turn to " +
      "the Ombudsstelle. How to do that is explained in the",
    "feedback.statement": "accessibility statement",
    "feedback.back": "Back to the page you came from",
    "feedback.home": "Go to the search for opportunities",
  },
});

// The app's own screen the person came from, without its query: a link's token must never reach an e-mail.
function cameFrom(query) {
  const route = (query.get("von") ?? "").split("?")[0];
  return /^#\/[^\s]*$/.test(route) ? route : null;
}

function problems(values, limits) {
  const found = [];
  const message = (values.message ?? "").trim();
  if (!values.kind) found.push({ name: "kind", reason: t("feedback.missingKind") });
  if (!message) found.push({ name: "message", reason: t("feedback.missingMessage") });
  else if (message.length > limits.message_max) {
    found.push({ name: "message", reason: t("feedback.tooLong", limits.message_max) });
  }
  const email = (values.email ?? "").trim();
  if (email && !EMAIL_SHAPE.test(email)) found.push({ name: "email", reason: t("feedback.invalidEmail") });
  return found;
}

function showForm(ctx, limits) {
  const from = cameFrom(ctx.query);
  const draft = ctx.draft ?? { page: from ? `${location.origin}/${from}` : "" };
  ctx.setTitle(t("feedback.title"));
  ctx.main.append(
    h("h1", { class: "kern-heading-large" }, t("feedback.title")),
    h("p", { class: "kern-body" }, t("feedback.intro")),
    form({
      label: t("feedback.title"),
      fields: [
        radios({ name: "kind", legend: t("feedback.kind"), value: draft.kind,
          options: KINDS.map((kind) => [kind, t(`feedback.kind.${kind}`)]) }),
        field({ name: "message", type: "textarea", label: t("feedback.message"), hint: t("feedback.messageHint"),
          value: draft.message, rows: 8, maxlength: limits.message_max }),
        field({ name: "page", label: t("feedback.page"), value: draft.page, maxlength: limits.page_max,
          hint: draft.page ? t("feedback.pageHintFrom") : t("feedback.pageHint") }),
        field({ name: "email", type: "email", label: t("feedback.email"), hint: t("feedback.emailHint", limits.retention_days),
          value: draft.email, autocomplete: "email", maxlength: 254 }),
      ],
      submit: t("feedback.submit"),
      async onSubmit(values, element) {
        const found = problems(values, limits);
        if (found.length) {
          showErrors(element, found);
          return;
        }
        const email = values.email.trim();
        await request("POST", "/api/v1/feedback", {
          body: { kind: values.kind, message: values.message.trim(), page: values.page.trim() || undefined,
            email: email || undefined },
        });
        ctx.sent = { kind: values.kind, email };
        ctx.draft = null;
        ctx.main.replaceChildren();
        showSent(ctx);
        ctx.focusHeading();
      },
    }),
  );
}

function showSent(ctx) {
  const from = cameFrom(ctx.query);
  const { kind, email } = ctx.sent;
  ctx.setTitle(t("feedback.sentTitle"));
  ctx.main.append(
    h("h1", { class: "kern-heading-large" }, t("feedback.sentTitle")),
    h("div", { class: "kern-alert kern-alert--success notice" },
      h("div", { class: "kern-alert__header" },
        h("span", { class: "kern-icon kern-icon--success", "aria-hidden": "true" }),
        h("p", { class: "kern-title" }, t("feedback.sent"))),
      h("div", { class: "kern-alert__body" }, h("p", { class: "kern-body" }, t("feedback.sentRead")))),
    h("p", { class: "kern-body" }, email ? t("feedback.sentReply", email) : t("feedback.sentNoReply")),
    kind === "barrier"
      ? h("p", { class: "kern-body feedback-note" }, t("feedback.sentBarrier"), " ",
        h("a", { href: "#/barrierefreiheit", class: "kern-link" }, t("feedback.statement")), ".")
      : null,
    h("ul", { class: "actions-list" },
      from ? h("li", {}, h("a", { href: from, class: "kern-link" }, t("feedback.back"))) : null,
      h("li", {}, h("a", { href: "#/", class: "kern-link" }, t("feedback.home")))),
  );
}

export async function show(ctx) {
  if (ctx.sent) {
    showSent(ctx);
    return;
  }
  terms ??= request("GET", "/api/v1/feedback/terms").then((answer) => answer.data, () => null);
  showForm(ctx, (await terms) ?? NO_TERMS);
  if (!(await terms)) terms = undefined; // asked again on the next visit
}

// Switching the language keeps what the person has typed so far.
export async function onLanguageChange(ctx) {
  const current = ctx.main.querySelector("form");
  if (current && !ctx.sent) ctx.draft = Object.fromEntries(new FormData(current));
  ctx.main.replaceChildren();
  await show(ctx);
}
