// "Für dich" (#/fuer-dich, signed in): the published offers ranked for the resident's volunteer profile
// (GET /api/v1/me/offers/for-you), best first and full ones last, each with why it was picked. Without a
// profile (404) the screen explains and leads to #/profil.
//
// The reasons are short texts the API writes in the account's language (README "For you"); they are marked
// with that language, so a screen reader reads them right when the app is shown in the other one. The last
// reason of an offer with a capacity is its places ("noch 2 Plätze frei"): the screen says that itself, in
// the app's language, on a line of its own.

import { h } from "../../lib/dom.js";
import { addTexts, language, t } from "../../lib/i18n.js";
import { ApiProblem, request } from "../../lib/request.js";
import { currentAccount } from "../../lib/session.js";
import { buttonLink, heading, link, links, paragraph, problemNotice } from "../account/parts.js";
import { offerListItem } from "../offer-parts.js";

addTexts({
  de: {
    "forYou.title": "Für dich",
    "forYou.intro": "Angebote, die zu deinem Profil passen – die besten zuerst. Ausgebuchte stehen am Ende.",
    "forYou.noProfile": "Dafür brauchen wir dein Ehrenamtsprofil",
    "forYou.noProfileText":
      "Sag uns in deinem Profil, wo, wofür und wann du helfen möchtest. Dann suchen wir hier Angebote für dich aus.",
    "forYou.createProfile": "Profil anlegen",
    "forYou.editProfile": "Profil ändern",
    "forYou.search": "Alle Angebote suchen",
    "forYou.found": (n) => (n === 1 ? "1 Angebot passt zu dir" : `${n} Angebote passen zu dir`),
    "forYou.empty": "Gerade passt kein Angebot zu deinem Profil",
    "forYou.emptyText":
      "Schau bald wieder vorbei – oder vergrößere in deinem Profil den Umkreis oder wähle mehr Bereiche.",
    "forYou.why": "Warum:",
    "forYou.placesLeft": (n) => (n === 1 ? "Noch 1 Platz frei" : `Noch ${n} Plätze frei`),
    "forYou.full": "Ausgebucht – du kannst auf die Warteliste",
  },
  en: {
    "forYou.title": "For you",
    "forYou.intro": "Opportunities that suit your profile – the best first. Fully booked ones come last.",
    "forYou.noProfile": "For this we need your volunteer profile",
    "forYou.noProfileText":
      "Tell us in your profile where, for what and when you would like to help. Then we pick opportunities for you here.",
    "forYou.createProfile": "Create profile",
    "forYou.editProfile": "Change profile",
    "forYou.search": "Find all opportunities",
    "forYou.found": (n) => (n === 1 ? "1 opportunity suits you" : `${n} opportunities suit you`),
    "forYou.empty": "No opportunity suits your profile right now",
    "forYou.emptyText": "Come back soon – or choose a larger distance or more areas in your profile.",
    "forYou.why": "Why:",
    "forYou.placesLeft": (n) => (n === 1 ? "1 place left" : `${n} places left`),
    "forYou.full": "Fully booked – you can join the waiting list",
  },
});

let drawing = 0;

export async function show(ctx) {
  const mine = ++drawing;
  const { main, setTitle } = ctx;
  setTitle(t("forYou.title"));
  let ranked;
  let categories;
  try {
    [ranked, categories] = await Promise.all([
      request("GET", "/api/v1/me/offers/for-you").then((answer) => answer.data, (error) => {
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      }),
      request("GET", "/api/v1/categories", { query: { lang: language() } }).then((answer) => answer.data),
    ]);
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    if (error.kind === "unauthorized") return true; // on the way to sign in, and back here afterwards
    if (mine !== drawing) return true;
    main.replaceChildren(heading(t("forYou.title")), problemNotice(error, async () => {
      await show(ctx);
      ctx.focusHeading();
    }));
    return false;
  }
  if (mine !== drawing || location.hash !== ctx.hash) return true;
  main.replaceChildren(heading(t("forYou.title")), ...body(ranked, categories));
  return false;
}

function body(ranked, categories) {
  if (ranked === null) {
    return [
      h("h2", { class: "kern-heading-medium" }, t("forYou.noProfile")),
      paragraph(t("forYou.noProfileText")),
      buttonLink("#/profil", t("forYou.createProfile")),
    ];
  }
  if (!ranked.items.length) {
    return [
      h("div", { class: "empty for-you__empty" },
        h("h2", { class: "kern-heading-medium" }, t("forYou.empty")),
        paragraph(t("forYou.emptyText"))),
      links(link("#/profil", t("forYou.editProfile")), link("#/", t("forYou.search"))),
    ];
  }
  const labels = new Map(categories.map((category) => [category.slug, category.label]));
  return [
    paragraph(t("forYou.intro")),
    links(link("#/profil", t("forYou.editProfile"))),
    h("h2", { class: "kern-heading-medium for-you__count" }, t("forYou.found", ranked.items.length)),
    h("ul", { class: "results for-you__results" }, ranked.items.map((offer) => rankedItem(offer, labels))),
  ];
}

function rankedItem(offer, labels) {
  const item = offerListItem(offer, labels);
  const hasPlaces = offer.places_left !== null && offer.places_left !== undefined;
  const reasons = hasPlaces ? offer.reasons.slice(0, -1) : offer.reasons;
  if (reasons.length) {
    const whyId = `for-you-why-${offer.id}`;
    item.append(h("div", { class: "for-you__reasons" },
      h("span", { class: "for-you__why", id: whyId }, t("forYou.why")),
      h("ul", { class: "for-you__reason-list", "aria-labelledby": whyId, lang: currentAccount()?.locale ?? null },
        reasons.map((reason) => h("li", { class: "for-you__reason" }, reason)))));
  }
  if (hasPlaces) {
    const full = offer.places_left <= 0;
    item.append(h("p", { class: ["for-you__places", full && "for-you__places--full"] },
      full ? t("forYou.full") : t("forYou.placesLeft", offer.places_left)));
  }
  return item;
}
