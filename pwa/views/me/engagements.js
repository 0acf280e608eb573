// "Meine Einsätze" (#/meine-einsaetze, signed in): every "Ich helfe mit" of the person with its offer, its
// status in words, the message sent; a place offered from the waiting list can be taken here, anything still
// open withdrawn after a second question. Below, the private calendar feed: the API keeps only a hash of its
// address and never tells it again, so the screen shows an address only right after creating it (kept in this
// tab until the account changes) and otherwise offers to create a new one, which replaces the old.

import { h, icon } from "../../lib/dom.js";
import { addTexts, formatDateTime, t } from "../../lib/i18n.js";
import { ApiProblem, describeProblem, request } from "../../lib/request.js";
import { currentAccount, onAccountChange } from "../../lib/session.js";
import { buttonLink, heading, notice, paragraph, problemNotice } from "../account/parts.js";

addTexts({
  de: {
    "engagements.title": "Meine Einsätze",
    "engagements.intro":
      "Hier siehst du alle Angebote, bei denen du „Ich helfe mit“ gesagt hast, und wie es darum steht.",
    "engagements.loading": "Deine Einsätze werden geladen …",
    "engagements.listHeading": "Deine Zusagen",
    "engagements.empty": "Du hast noch bei keinem Angebot „Ich helfe mit“ gesagt.",
    "engagements.emptyHint": "Such dir ein Ehrenamt in deiner Nähe aus. Hier siehst du dann, wie es weitergeht.",
    "engagements.toSearch": "Angebote suchen",
    "engagements.organisation": (name) => `von ${name}`,
    "engagements.statusPrefix": "Status: ",
    "engagements.status.pending": "Angemeldet",
    "engagements.status.accepted": "Zugesagt",
    "engagements.status.waiting": (n) => `Auf der Warteliste (Platz ${n})`,
    "engagements.status.offered": "Platz angeboten",
    "engagements.status.declined": "Abgelehnt",
    "engagements.status.withdrawn": "Zurückgezogen",
    "engagements.status.lapsed": "Frist abgelaufen",
    "engagements.status.unknown": "Unbekannt",
    "engagements.explain.pending": "Die Organisation hat deine Zusage bekommen und meldet sich bei dir.",
    "engagements.explain.accepted": "Die Organisation hat dich angenommen. Du bist dabei.",
    "engagements.explain.waiting": "Alle Plätze sind vergeben. Wird ein Platz frei, bekommst du eine E-Mail.",
    "engagements.explain.offered": (until) => `Ein Platz ist für dich frei. Er ist bis ${until} für dich reserviert.`,
    "engagements.explain.offeredOver":
      "Die Zeit zum Annehmen ist vorbei. Der Platz geht an die nächste Person auf der Warteliste.",
    "engagements.explain.declined": "Die Organisation hat für dieses Angebot jemand anderen gefunden.",
    "engagements.explain.withdrawn": "Du hast deine Zusage zurückgezogen. Du kannst beim Angebot neu zusagen.",
    "engagements.explain.lapsed":
      "Du hast den angebotenen Platz nicht rechtzeitig angenommen. Beim Angebot kannst du dich neu melden.",
    "engagements.explain.unknown": "Schau beim Angebot nach, wie es darum steht.",
    "engagements.yourMessage": "Deine Nachricht: ",
    "engagements.yourContact": "Deine Kontaktdaten für die Organisation: ",
    "engagements.takePlace": "Platz annehmen",
    "engagements.withdraw": "Zurückziehen",
    "engagements.confirmQuestion": "Willst du deine Zusage wirklich zurückziehen?",
    "engagements.confirmText":
      "Die Organisation sieht dann, dass du nicht mehr dabei bist. Einen Platz, den du hast, bekommt die nächste " +
      "Person auf der Warteliste. Du kannst später neu zusagen.",
    "engagements.confirmWithdraw": "Ja, zurückziehen",
    "engagements.cancel": "Abbrechen",
    "engagements.withdrawn": "Deine Zusage ist zurückgezogen",
    "engagements.withdrawnText": (title) => `Bei „${title}“ bist du nicht mehr dabei.`,
    "engagements.taken": "Du hast den Platz angenommen",
    "engagements.takenText": (title) => `Du bist bei „${title}“ dabei. Die Organisation meldet sich bei dir.`,
    "engagements.tooLate": "Der Platz kann nicht mehr angenommen werden",
    "engagements.tooLateText": (title) =>
      `„${title}“: Die Zeit zum Annehmen ist vorbei. Der Platz geht an die nächste Person auf der Warteliste. ` +
      "Beim Angebot kannst du dich neu melden.",
    "engagements.feedHeading": "Deine Einsätze im Kalender",
    "engagements.feedIntro":
      "Mit einer Kalender-Adresse stehen die Einsätze, für die du angenommen wurdest, in deinem Kalender auf dem " +
      "Handy oder Computer und bleiben dort aktuell: einmalige als Termin, regelmäßige als wöchentliche Serie. " +
      "Flexible Einsätze haben keine feste Zeit und erscheinen nicht.",
    "engagements.feedSecret":
      "Die Adresse ist geheim: Wer sie kennt, sieht deine Einsätze. Wir zeigen sie nur einmal, direkt nach dem " +
      "Erstellen, denn wir speichern sie nicht lesbar.",
    "engagements.feedCreate": "Kalender-Adresse erstellen",
    "engagements.feedCreateNew": "Neue Kalender-Adresse erstellen",
    "engagements.feedReplaces":
      "Hast du schon eine Adresse erstellt, funktioniert die alte danach nicht mehr. Ein Kalender, der sie " +
      "abonniert hat, braucht dann die neue.",
    "engagements.feedCreated": "Deine Kalender-Adresse ist erstellt",
    "engagements.feedCreatedText":
      "Kopiere sie jetzt in deine Kalender-App: Wenn du diese Seite verlässt, zeigen wir sie nicht noch einmal.",
    "engagements.feedUrl": "Deine Kalender-Adresse",
    "engagements.feedCopy": "Adresse kopieren",
    "engagements.feedCopied": "Die Adresse ist kopiert.",
    "engagements.feedCopyByHand": "Kopieren ging nicht. Die Adresse ist markiert: Kopiere sie selbst.",
    "engagements.feedSubscribe": "Im Kalender abonnieren",
    "engagements.howHeading": "So abonnierst du den Kalender",
    "engagements.iphone": "iPhone und iPad",
    "engagements.iphoneSteps": [
      "Kopiere die Adresse oder tippe auf „Im Kalender abonnieren“.",
      "Öffne Einstellungen → Kalender → Accounts → Account hinzufügen → Andere.",
      "Tippe auf „Kalenderabo hinzufügen“, füge die Adresse ein, tippe auf „Weiter“ und dann auf „Sichern“.",
    ],
    "engagements.android": "Android (Google Kalender)",
    "engagements.androidSteps": [
      "Kopiere die Adresse und öffne Google Kalender im Browser (calendar.google.com), am besten am Computer.",
      "Klicke links bei „Weitere Kalender“ auf das Plus und wähle „Per URL“.",
      "Füge die Adresse ein und klicke auf „Kalender hinzufügen“. Nach dem nächsten Abgleich steht er auch in " +
        "der Kalender-App auf deinem Handy.",
    ],
    "engagements.revokeHeading": "Adresse ungültig machen",
    "engagements.revokeText":
      "Hast du die Adresse weitergegeben oder brauchst du sie nicht mehr? Dann mach sie ungültig. Kalender, die " +
      "sie abonniert haben, bekommen danach keine Einsätze mehr.",
    "engagements.revoke": "Adresse ungültig machen",
    "engagements.revoked": "Deine Kalender-Adresse funktioniert nicht mehr",
    "engagements.revokedText": "Wenn du möchtest, kannst du jederzeit eine neue erstellen.",
  },
  en: {
    "engagements.title": "My engagements",
    "engagements.intro": "Here you see every opportunity you said “I’ll help” to, and where things stand.",
    "engagements.loading": "Loading your engagements …",
    "engagements.listHeading": "Your offers to help",
    "engagements.empty": "You have not said “I’ll help” to any opportunity yet.",
    "engagements.emptyHint": "Find volunteering near you. You will then see here how things go on.",
    "engagements.toSearch": "Find opportunities",
    "engagements.organisation": (name) => `by ${name}`,
    "engagements.statusPrefix": "Status: ",
    "engagements.status.pending": "Applied",
    "engagements.status.accepted": "Accepted",
    "engagements.status.waiting": (n) => `On the waiting list (place ${n})`,
    "engagements.status.offered": "Place offered",
    "engagements.status.declined": "Declined",
    "engagements.status.withdrawn": "Withdrawn",
    "engagements.status.lapsed": "Time ran out",
    "engagements.status.unknown": "Unknown",
    "engagements.explain.pending": "The organisation has your offer to help and will get in touch.",
    "engagements.explain.accepted": "The organisation has accepted you. You’re in.",
    "engagements.explain.waiting": "All places are taken. When a place becomes free, you get an email.",
    "engagements.explain.offered": (until) => `A place is free for you. It is held for you until ${until}.`,
    "engagements.explain.offeredOver":
      "The time to take it is over. The place goes to the next person on the waiting list.",
    "engagements.explain.declined": "The organisation has found someone else for this opportunity.",
    "engagements.explain.withdrawn": "You have withdrawn. You can offer to help again on the opportunity’s page.",
    "engagements.explain.lapsed":
      "You did not take the place offered to you in time. You can offer to help again on the opportunity’s page.",
    "engagements.explain.unknown": "See the opportunity’s page for where things stand.",
    "engagements.yourMessage": "Your message: ",
    "engagements.yourContact": "Your contact details for the organisation: ",
    "engagements.takePlace": "Take the place",
    "engagements.withdraw": "Withdraw",
    "engagements.confirmQuestion": "Do you really want to withdraw?",
    "engagements.confirmText":
      "The organisation will see that you are no longer taking part. A place you hold goes to the next person " +
      "on the waiting list. You can offer to help again later.",
    "engagements.confirmWithdraw": "Yes, withdraw",
    "engagements.cancel": "Cancel",
    "engagements.withdrawn": "You have withdrawn",
    "engagements.withdrawnText": (title) => `You are no longer taking part in “${title}”.`,
    "engagements.taken": "You have taken the place",
    "engagements.takenText": (title) => `You’re in for “${title}”. The organisation will get in touch.`,
    "engagements.tooLate": "The place can no longer be taken",
    "engagements.tooLateText": (title) =>
      `“${title}”: the time to take the place is over. It goes to the next person on the waiting list. You can ` +
      "offer to help again on the opportunity’s page.",
    "engagements.feedHeading": "Your engagements in your calendar",
    "engagements.feedIntro":
      "With a calendar address, the engagements you were accepted for appear in the calendar on your phone or " +
      "computer and stay up to date there: one-off ones as events, regular ones as weekly series. Flexible " +
      "engagements have no fixed time and do not appear.",
    "engagements.feedSecret":
      "The address is secret: anyone who has it sees your engagements. We show it only once, right after " +
      "creating it, because we do not store it readably.",
    "engagements.feedCreate": "Create a calendar address",
    "engagements.feedCreateNew": "Create a new calendar address",
    "engagements.feedReplaces":
      "If you have created an address before, the old one stops working. A calendar subscribed to it then " +
      "needs the new one.",
    "engagements.feedCreated": "Your calendar address has been created",
    "engagements.feedCreatedText":
      "Copy it into your calendar app now: once you leave this page, we do not show it again.",
    "engagements.feedUrl": "Your calendar address",
    "engagements.feedCopy": "Copy the address",
    "engagements.feedCopied": "The address has been copied.",
    "engagements.feedCopyByHand": "Copying did not work. The address is selected: please copy it yourself.",
    "engagements.feedSubscribe": "Subscribe in your calendar",
    "engagements.howHeading": "How to subscribe",
    "engagements.iphone": "iPhone and iPad",
    "engagements.iphoneSteps": [
      "Copy the address or tap “Subscribe in your calendar”.",
      "Open Settings → Calendar → Accounts → Add Account → Other.",
      "Tap “Add Subscribed Calendar”, paste the address, tap “Next” and then “Save”.",
    ],
    "engagements.android": "Android (Google Calendar)",
    "engagements.androidSteps": [
      "Copy the address and open Google Calendar in a browser (calendar.google.com), ideally on a computer.",
      "Next to “Other calendars” on the left, click the plus and choose “From URL”.",
      "Paste the address and click “Add calendar”. After the next sync it also shows in the calendar app on your " +
        "phone.",
    ],
    "engagements.revokeHeading": "Make the address invalid",
    "engagements.revokeText":
      "Have you passed the address on, or do you no longer need it? Then make it invalid. Calendars subscribed " +
      "to it get no more engagements.",
    "engagements.revoke": "Make the address invalid",
    "engagements.revoked": "Your calendar address no longer works",
    "engagements.revokedText": "You can create a new one at any time if you like.",
  },
});

// What the screen remembers while it is shown (drawn again in another language, or after an action): which
// application's withdrawal is being asked about, a message for the next drawing, and the feed's address just
// created with what was last done to the feed. Opening the screen anew, or another account, starts afresh.
const state = { ctx: null, confirming: null, flash: null, feedUrl: null, feedDone: null };

function forget() {
  Object.assign(state, { ctx: null, confirming: null, flash: null, feedUrl: null, feedDone: null });
}

onAccountChange(forget);

// Each card's actions drawn again without moving focus (closing its question when another card asks).
const redrawActions = new Map();

// Statuses in which the person still holds or asks for something (api/db/applications.py ApplicationStatus).
const WITHDRAWABLE = new Set(["pending", "accepted", "waiting", "offered"]);
const KNOWN = new Set(["pending", "accepted", "waiting", "offered", "declined", "withdrawn", "lapsed"]);
// The look of each status's tag: done, open, waiting, or over.
const TONE = { accepted: "done", pending: "open", offered: "open", waiting: "waiting" };

let drawing = 0;

export async function show(ctx) {
  const mine = ++drawing;
  const { main, setTitle } = ctx;
  if (state.ctx !== ctx) {
    forget();
    state.ctx = ctx;
  }
  setTitle(t("engagements.title"));
  if (!main.firstChild) {
    main.append(heading(t("engagements.title")),
      h("p", { class: "kern-body engagements__loading", role: "status" }, t("engagements.loading")));
  }
  let applications;
  try {
    applications = (await request("GET", "/api/v1/me/applications")).data;
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    if (error.kind === "unauthorized") return; // on the way to sign in, and back here afterwards
    if (mine !== drawing || location.hash !== ctx.hash) return;
    main.replaceChildren(heading(t("engagements.title")), problemNotice(error, () => show(ctx)), feedSection());
    return;
  }
  if (mine !== drawing || location.hash !== ctx.hash || !currentAccount()) return;
  const message = state.flash;
  state.flash = null;
  redrawActions.clear();
  main.replaceChildren(
    heading(t("engagements.title")),
    ...(message ? [message] : []),
    paragraph(t("engagements.intro")),
    applications.length ? list(ctx, applications) : empty(),
    feedSection(),
  );
  if (message) {
    message.focus();
    return true;
  }
}

// After an action: the list read again, with `message` at the top, focused.
function reload(ctx, message) {
  state.flash = message;
  return show(ctx);
}

function empty() {
  return h("div", { class: "engagements__empty" },
    paragraph(t("engagements.empty")),
    paragraph(t("engagements.emptyHint")),
    buttonLink("#/", t("engagements.toSearch")));
}

function list(ctx, applications) {
  return h("section", { class: "engagements", "aria-labelledby": "engagements-heading" },
    h("h2", { id: "engagements-heading", class: "kern-heading-medium" }, t("engagements.listHeading")),
    h("ul", { class: "engagements__list" }, applications.map((application) => card(ctx, application))));
}

function statusLabel(application) {
  if (!KNOWN.has(application.status)) return t("engagements.status.unknown");
  if (application.status === "waiting") return t("engagements.status.waiting", application.waiting_position ?? 1);
  return t(`engagements.status.${application.status}`);
}

// A place offered whose time is over, though the worker has not moved it on yet.
function offerOver(application) {
  return application.status === "offered" && application.offered_until &&
    Date.parse(application.offered_until) <= Date.now();
}

function explanation(application) {
  if (!KNOWN.has(application.status)) return t("engagements.explain.unknown");
  if (application.status === "offered") {
    if (offerOver(application)) return t("engagements.explain.offeredOver");
    if (application.offered_until) {
      return t("engagements.explain.offered", formatDateTime(application.offered_until));
    }
  }
  return t(`engagements.explain.${application.status}`);
}

function contactLine(contact) {
  const parts = [contact?.name, contact?.email, contact?.phone].filter(Boolean);
  return parts.length ? parts.join(", ") : null;
}

function card(ctx, application) {
  const titleId = `engagement-${application.id}`;
  const contact = contactLine(application.contact);
  const actions = h("div", { class: "engagement__actions" });
  const element = h("li", { class: "engagement" },
    h("article", { class: "engagement__card", "aria-labelledby": titleId },
      h("h3", { id: titleId, class: "kern-heading-small engagement__title" },
        h("a", { href: `#/angebot/${encodeURIComponent(application.offer_id)}`, class: "kern-link" },
          application.offer_title)),
      h("p", { class: "kern-body engagement__organisation" },
        t("engagements.organisation", application.organisation_name)),
      h("p", { class: "engagement__status" },
        h("span", { class: "visually-hidden" }, t("engagements.statusPrefix")),
        h("span", { class: `engagement__tag engagement__tag--${TONE[application.status] ?? "over"}` },
          statusLabel(application))),
      paragraph(explanation(application)),
      application.message
        ? h("p", { class: "kern-body engagement__message" }, h("strong", {}, t("engagements.yourMessage")),
          application.message)
        : null,
      contact ? paragraph(h("strong", {}, t("engagements.yourContact")), contact) : null,
      actions));
  drawActions(ctx, application, actions);
  return element;
}

// A button whose name says which offer it is for: several cards have the same buttons.
function button(label, application, variant, onclick) {
  return h("button", { type: "button", class: `kern-btn kern-btn--${variant}`, onclick },
    h("span", { class: "kern-label" }, label,
      h("span", { class: "visually-hidden" }, ` (${application.offer_title})`)));
}

function plainButton(label, variant, onclick, extraClass) {
  return h("button", { type: "button", class: ["kern-btn", `kern-btn--${variant}`, extraClass], onclick },
    h("span", { class: "kern-label" }, label));
}

function drawActions(ctx, application, actions, focus) {
  if (!WITHDRAWABLE.has(application.status)) {
    actions.remove();
    return;
  }
  redrawActions.set(application.id, () => drawActions(ctx, application, actions));
  if (state.confirming === application.id) {
    const questionId = `withdraw-question-${application.id}`;
    const question = h("div", { class: "engagement__confirm", role: "group", "aria-labelledby": questionId,
      tabindex: "-1" },
    h("p", { id: questionId, class: "kern-body kern-body--bold" }, t("engagements.confirmQuestion")),
    paragraph(t("engagements.confirmText")),
    h("div", { class: "engagement__buttons" },
      plainButton(t("engagements.confirmWithdraw"), "primary", () => withdraw(ctx, application, question)),
      plainButton(t("engagements.cancel"), "secondary", () => {
        state.confirming = null;
        drawActions(ctx, application, actions, "withdraw");
      })));
    actions.replaceChildren(question);
    if (focus === "question") question.focus();
    return;
  }
  const canTake = application.status === "offered" && !offerOver(application);
  const withdrawButton = button(t("engagements.withdraw"), application, "secondary", () => {
    const other = state.confirming;
    state.confirming = application.id;
    if (other) redrawActions.get(other)?.();
    drawActions(ctx, application, actions, "question");
  });
  actions.replaceChildren(h("div", { class: "engagement__buttons" },
    canTake
      ? button(t("engagements.takePlace"), application, "primary", (event) =>
        takePlace(ctx, application, event.currentTarget, actions))
      : null,
    withdrawButton));
  if (focus === "withdraw") withdrawButton.focus();
}

function showProblem(actions, error) {
  if (error instanceof ApiProblem && error.kind === "unauthorized") return; // on the way to sign in
  const { title, detail } = describeProblem(error);
  const problem = h("div", { class: "kern-alert kern-alert--danger notice", role: "alert", tabindex: "-1" },
    h("div", { class: "kern-alert__header" }, icon("danger"), h("p", { class: "kern-title" }, title)),
    detail ? h("div", { class: "kern-alert__body" }, h("p", { class: "kern-body" }, detail)) : null);
  actions.querySelector(".kern-alert--danger")?.remove();
  actions.prepend(problem);
  problem.focus();
}

async function withdraw(ctx, application, question) {
  if (question.getAttribute("aria-busy")) return;
  question.setAttribute("aria-busy", "true");
  try {
    await request("POST", `/api/v1/me/applications/${encodeURIComponent(application.id)}/withdraw`);
  } catch (error) {
    question.removeAttribute("aria-busy");
    showProblem(question.parentElement, error);
    return;
  }
  state.confirming = null;
  await reload(ctx, notice("success", t("engagements.withdrawn"),
    t("engagements.withdrawnText", application.offer_title), { focusable: true }));
}

async function takePlace(ctx, application, trigger, actions) {
  if (trigger.disabled) return;
  trigger.disabled = true;
  try {
    await request("POST", `/api/v1/me/applications/${encodeURIComponent(application.id)}/take-place`);
  } catch (error) {
    trigger.disabled = false;
    if (error instanceof ApiProblem && (error.status === 409 || error.status === 410)) {
      // The deadline passed (or the worker moved the place on) since the list was read.
      await reload(ctx, notice("danger", t("engagements.tooLate"),
        t("engagements.tooLateText", application.offer_title), { focusable: true }));
      return;
    }
    showProblem(actions, error);
    return;
  }
  await reload(ctx, notice("success", t("engagements.taken"), t("engagements.takenText", application.offer_title),
    { focusable: true }));
}

// The calendar feed: create (replacing any earlier address), show the new address once, revoke.
function feedSection() {
  const body = h("div", { class: "feed__body" });
  const section = h("section", { class: "feed", "aria-labelledby": "feed-heading" },
    h("h2", { id: "feed-heading", class: "kern-heading-medium" }, t("engagements.feedHeading")),
    paragraph(t("engagements.feedIntro")),
    paragraph(t("engagements.feedSecret")),
    body,
    howToSubscribe(),
    h("h3", { class: "kern-heading-small" }, t("engagements.revokeHeading")),
    paragraph(t("engagements.revokeText")),
    plainButton(t("engagements.revoke"), "secondary", (event) => changeFeed(event.currentTarget, draw, "DELETE"),
      "feed__button"));

  function draw(focus) {
    const message = feedMessage(state.feedDone);
    const parts = [];
    if (message) parts.push(message);
    if (state.feedUrl) parts.push(feedAddress(state.feedUrl));
    parts.push(
      paragraph(t("engagements.feedReplaces")),
      plainButton(t(state.feedUrl ? "engagements.feedCreateNew" : "engagements.feedCreate"),
        state.feedUrl ? "secondary" : "primary", (event) => changeFeed(event.currentTarget, draw, "POST"),
        "feed__button"),
    );
    body.replaceChildren(...parts);
    if (focus && message) message.focus();
  }

  draw();
  return section;
}

function feedAddress(url) {
  const id = "feed-url";
  // A text area, so the whole long address is seen (a one-line field would cut it off on a phone).
  const input = h("textarea", { class: "kern-form-input__input feed__url", id, rows: 3, readonly: true,
    spellcheck: "false", autocomplete: "off", "aria-describedby": "feed-url-hint" }, url);
  const copied = h("p", { class: "kern-body feed__copied", role: "status" });
  const copy = plainButton(t("engagements.feedCopy"), "secondary", async () => {
    copied.textContent = "";
    try {
      await navigator.clipboard.writeText(url);
      copied.textContent = t("engagements.feedCopied");
    } catch {
      input.focus();
      input.select();
      copied.textContent = t("engagements.feedCopyByHand");
    }
  });
  return h("div", { class: "feed__address" },
    h("div", { class: "kern-form-input" },
      h("label", { class: "kern-label", for: id }, t("engagements.feedUrl")),
      h("div", { class: "kern-hint", id: "feed-url-hint" }, t("engagements.feedCreatedText")),
      input),
    h("div", { class: "engagement__buttons" },
      copy,
      h("a", { href: url.replace(/^https?:\/\//, "webcal://"), class: "kern-btn kern-btn--primary" },
        h("span", { class: "kern-label" }, t("engagements.feedSubscribe")))),
    copied);
}

function howToSubscribe() {
  const steps = (key) => h("ol", { class: "kern-list kern-list--number feed__steps" },
    t(key).map((step) => h("li", {}, step)));
  return h("div", { class: "feed__how" },
    h("h3", { class: "kern-heading-small" }, t("engagements.howHeading")),
    h("h4", { class: "kern-body kern-body--bold" }, t("engagements.iphone")),
    steps("engagements.iphoneSteps"),
    h("h4", { class: "kern-body kern-body--bold" }, t("engagements.android")),
    steps("engagements.androidSteps"));
}

// What was last done to the feed, said in the current language: "created", "revoked" or a failure.
function feedMessage(done) {
  if (!done) return null;
  if (done === "created") return notice("success", t("engagements.feedCreated"), [], { focusable: true });
  if (done === "revoked") {
    return notice("success", t("engagements.revoked"), t("engagements.revokedText"), { focusable: true });
  }
  const problem = problemNotice(done);
  problem.tabIndex = -1;
  return problem;
}

async function changeFeed(trigger, draw, method) {
  if (trigger.disabled) return;
  trigger.disabled = true;
  try {
    const { data } = await request(method, "/api/v1/me/calendar-feed");
    state.feedUrl = method === "POST" ? data.url : null;
    state.feedDone = method === "POST" ? "created" : "revoked";
  } catch (error) {
    trigger.disabled = false;
    if (error instanceof ApiProblem && error.kind === "unauthorized") return; // on the way to sign in
    state.feedDone = error;
  }
  trigger.disabled = false;
  draw(true);
}
