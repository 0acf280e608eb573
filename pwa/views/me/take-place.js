// Taking a place offered from the waiting list with the e-mailed link (#/platz-annehmen?token=…), signed in
// or not: the token is the proof. Nothing happens on opening (mail scanners open links); the button takes the
// place. A token works once, so its outcome is kept for this tab: another language, or Back and forth, shows
// it again instead of asking the API a second time (which would answer "already used").

import { h } from "../../lib/dom.js";
import { addTexts, t } from "../../lib/i18n.js";
import { ApiProblem, request } from "../../lib/request.js";
import { currentAccount } from "../../lib/session.js";
import {
  buttonLink, doneHeading, heading, isTokenProblem, link, links, paragraph, problemNotice,
} from "../account/parts.js";

addTexts({
  de: {
    "takePlace.title": "Platz annehmen",
    "takePlace.intro":
      "Bei einem Angebot, für das du auf der Warteliste standest, ist ein Platz für dich frei geworden.",
    "takePlace.howLong":
      "Der Platz ist 48 Stunden ab unserer E-Mail für dich reserviert. Danach geht er an die nächste Person auf " +
      "der Warteliste.",
    "takePlace.noSignIn": "Du musst dich dafür nicht anmelden.",
    "takePlace.take": "Platz annehmen",
    "takePlace.notNow": "Möchtest du den Platz nicht? Dann musst du nichts tun.",
    "takePlace.working": "Einen Moment bitte …",
    "takePlace.done": "Du hast den Platz angenommen",
    "takePlace.doneText": (title, organisation) => `Du bist bei „${title}“ von ${organisation} dabei.`,
    "takePlace.doneNext": "Die Organisation meldet sich bei dir.",
    "takePlace.toOffer": "Zum Angebot",
    "takePlace.toEngagements": "Zu meinen Einsätzen",
    "takePlace.unusable": "Dieser Link funktioniert nicht mehr",
    "takePlace.unusableText":
      "Der Link ist abgelaufen, wurde schon benutzt oder ist unvollständig. Ein angebotener Platz ist 48 Stunden " +
      "für dich reserviert; danach geht er an die nächste Person auf der Warteliste.",
    "takePlace.unusableNext": "Unter „Meine Einsätze“ siehst du, wie es um deine Zusagen steht.",
  },
  en: {
    "takePlace.title": "Take the place",
    "takePlace.intro": "A place has become free for you on an opportunity whose waiting list you were on.",
    "takePlace.howLong":
      "The place is held for you for 48 hours from our email. After that it goes to the next person on the " +
      "waiting list.",
    "takePlace.noSignIn": "You do not need to sign in for this.",
    "takePlace.take": "Take the place",
    "takePlace.notNow": "Don’t want the place? Then you need not do anything.",
    "takePlace.working": "One moment please …",
    "takePlace.done": "You have taken the place",
    "takePlace.doneText": (title, organisation) => `You’re in for “${title}” by ${organisation}.`,
    "takePlace.doneNext": "The organisation will get in touch.",
    "takePlace.toOffer": "Go to the opportunity",
    "takePlace.toEngagements": "Go to my engagements",
    "takePlace.unusable": "This link no longer works",
    "takePlace.unusableText":
      "The link has expired, has already been used or is incomplete. A place offered to you is held for 48 " +
      "hours; after that it goes to the next person on the waiting list.",
    "takePlace.unusableNext": "Under “My engagements” you can see where your offers to help stand.",
  },
});

// token → the application as the API answered, or "refused".
const outcomes = new Map();

export function show(ctx) {
  const token = ctx.query.get("token");
  if (!token) {
    refused(ctx);
    return;
  }
  const outcome = outcomes.get(token);
  if (outcome === "refused") refused(ctx);
  else if (outcome) taken(ctx, outcome);
  else ask(ctx, token);
}

function ask(ctx, token) {
  const { main, setTitle } = ctx;
  setTitle(t("takePlace.title"));
  const result = h("div", { class: "take-place__result" });
  const button = h("button", { type: "button", class: "kern-btn kern-btn--primary", onclick: async () => {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute("aria-describedby", "take-place-working");
    result.replaceChildren(h("p", { class: "kern-body", id: "take-place-working", role: "status" },
      t("takePlace.working")));
    const outcome = await take(token);
    if (!button.isConnected) return; // drawn again (another language) or left meanwhile
    button.disabled = false;
    button.removeAttribute("aria-describedby");
    if (outcome instanceof Error) {
      const problem = problemNotice(outcome);
      problem.tabIndex = -1;
      result.replaceChildren(problem);
      problem.focus();
      return;
    }
    main.replaceChildren();
    show(ctx);
    ctx.focusHeading();
  } }, h("span", { class: "kern-label" }, t("takePlace.take")));
  main.append(
    heading(t("takePlace.title")),
    paragraph(t("takePlace.intro")),
    paragraph(t("takePlace.howLong")),
    currentAccount() ? null : paragraph(t("takePlace.noSignIn")),
    h("div", { class: "take-place__action" }, button),
    result,
    paragraph(t("takePlace.notNow")),
  );
}

// Asks the API once per token; what it answered is kept (a failure of the network is not: try again).
async function take(token) {
  try {
    const { data } = await request("POST", "/api/v1/applications/take-place", { body: { token }, signIn: false });
    outcomes.set(token, data);
  } catch (error) {
    // 400 names the token: unknown, used, or the time is over. 404 and 409 mean as much for this link.
    if (isTokenProblem(error) || (error instanceof ApiProblem && [400, 404, 409, 410].includes(error.status))) {
      outcomes.set(token, "refused");
    } else {
      return error;
    }
  }
  return outcomes.get(token);
}

function taken({ main, setTitle }, application) {
  setTitle(t("takePlace.done"));
  main.append(
    doneHeading(t("takePlace.done")),
    paragraph(t("takePlace.doneText", application.offer_title, application.organisation_name)),
    paragraph(t("takePlace.doneNext")),
    buttonLink(`#/angebot/${encodeURIComponent(application.offer_id)}`, t("takePlace.toOffer")),
    links(link("#/meine-einsaetze", t("takePlace.toEngagements"))),
  );
}

function refused({ main, setTitle }) {
  setTitle(t("takePlace.unusable"));
  main.append(
    heading(t("takePlace.unusable")),
    paragraph(t("takePlace.unusableText")),
    paragraph(t("takePlace.unusableNext")),
    buttonLink("#/meine-einsaetze", t("takePlace.toEngagements")),
  );
}
