// DOM for offers: a result in the list and the detail. Text goes in through textContent only; the
// description goes through lib/rich-text.js.

import { announce, h, icon } from "../lib/dom.js";
import { addTexts, formatDateTime, formatDistance, formatNumber, languageName, t } from "../lib/i18n.js";
import { renderRichText } from "../lib/rich-text.js";

addTexts({
  de: {
    "offer.places": "Freie Plätze",
    "offer.placesLeft": (left, capacity) => (left === 1 ? `1 von ${capacity} Plätzen frei` : `${left} von ${capacity} Plätzen frei`),
    "offer.full": "Alle Plätze vergeben – du kannst auf die Warteliste",
    "offer.organisationLabel": "Organisation",
    "offer.actions": "Mehr zu diesem Angebot",
    "offer.calendar": "Zum Kalender hinzufügen",
    "offer.share": "Teilen",
    "offer.copied": "Link kopiert. Du kannst ihn jetzt einfügen und weitergeben.",
    "offer.copyFailed": (url) => `Der Link konnte nicht kopiert werden. Hier ist er: ${url}`,
    "offer.report": "Angebot melden",
  },
  en: {
    "offer.places": "Places left",
    "offer.placesLeft": (left, capacity) => (left === 1 ? `1 of ${capacity} places left` : `${left} of ${capacity} places left`),
    "offer.full": "All places are taken – you can join the waiting list",
    "offer.organisationLabel": "Organisation",
    "offer.actions": "More about this opportunity",
    "offer.calendar": "Add to calendar",
    "offer.share": "Share",
    "offer.copied": "Link copied. You can now paste it and pass it on.",
    "offer.copyFailed": (url) => `The link could not be copied. Here it is: ${url}`,
    "offer.report": "Report this opportunity",
  },
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined && text !== null) element.textContent = text;
  return element;
}

function categoryList(slugs, labels) {
  const list = el("ul", "tags");
  list.setAttribute("aria-label", t("categories"));
  for (const slug of slugs) list.append(el("li", "tag", labels.get(slug) ?? slug));
  return list;
}

function fact(label, valueClass, value) {
  const item = el("li");
  item.append(el("span", "visually-hidden", `${label}: `), el("span", valueClass, value));
  return item;
}

export function offerListItem(offer, labels) {
  const item = el("li", "offer");
  const title = el("h3", "offer__title");
  const link = el("a", "offer__link", offer.title);
  link.href = `#/angebot/${offer.id}`;
  link.dataset.offerId = offer.id;
  title.append(link);

  const facts = el("ul", "offer__facts");
  if (offer.distance_m !== null && offer.distance_m !== undefined) {
    facts.append(fact(t("distance"), "offer__distance", formatDistance(offer.distance_m)));
  } else if (offer.is_remote) {
    facts.append(fact(t("distance"), "offer__distance", t("remote")));
  }
  const commitment = t("commitments")[offer.commitment] ?? offer.commitment;
  facts.append(fact(t("commitment"), "offer__commitment", commitment));
  if (offer.district) facts.append(fact(t("district"), "offer__district", offer.district));

  item.append(title, el("p", "offer__organisation", offer.organisation.name));
  if (offer.categories.length) item.append(categoryList(offer.categories, labels));
  item.append(facts);
  return item;
}

function commitmentText(offer) {
  const words = t("commitments")[offer.commitment] ?? offer.commitment;
  return offer.hours_per_week ? `${words}, ${t("hoursPerWeek", formatNumber(offer.hours_per_week))}` : words;
}

function whenText(offer) {
  if (offer.starts_at) {
    const start = formatDateTime(offer.starts_at);
    return offer.ends_at ? `${start} – ${formatDateTime(offer.ends_at)}` : start;
  }
  if (offer.weekly_pattern?.length) {
    const days = t("weekdays");
    return offer.weekly_pattern.map((slot) => `${days[slot.day]} ${slot.start}–${slot.end}`).join(", ");
  }
  return null;
}

function definitionList(rows) {
  const list = el("dl", "facts");
  for (const [term, value] of rows) {
    if (value === null || value === undefined || value === "") continue;
    list.append(el("dt", null, term), el("dd", null, value));
  }
  return list;
}

function contactSection(offer) {
  const section = el("section", "contact");
  section.setAttribute("aria-labelledby", "contact-heading");
  const heading = el("h2", null, t("contact"));
  heading.id = "contact-heading";
  section.append(heading);
  if (offer.contact_name) section.append(el("p", "contact__name", offer.contact_name));
  if (offer.contact_email) {
    const line = el("p");
    line.append(`${t("email")}: `);
    if (EMAIL.test(offer.contact_email)) {
      const link = el("a", null, offer.contact_email);
      link.href = `mailto:${offer.contact_email}`;
      line.append(link);
    } else {
      line.append(offer.contact_email);
    }
    section.append(line);
  }
  if (offer.contact_phone) {
    const line = el("p");
    const link = el("a", null, offer.contact_phone);
    link.href = `tel:${offer.contact_phone.replace(/[^\d+]/g, "")}`;
    line.append(`${t("phone")}: `, link);
    section.append(line);
  }
  return section;
}

function placesText(offer) {
  if (offer.is_full) return t("offer.full");
  if (offer.places_left === null || offer.places_left === undefined || !offer.capacity) return null;
  return t("offer.placesLeft", offer.places_left, offer.capacity);
}

function organisationLine(offer) {
  return h("p", { class: "detail__organisation" },
    h("span", { class: "visually-hidden" }, `${t("offer.organisationLabel")}: `),
    h("a", { href: `#/organisation/${encodeURIComponent(offer.organisation.slug)}`, class: "kern-link" },
      offer.organisation.name));
}

function offerUrl(offer) {
  return `${location.origin}/#/angebot/${offer.id}`;
}

// The Web Share API where the device has it (phones); elsewhere the link goes to the clipboard, and the
// page says so, visibly and to screen readers.
async function share(offer, output) {
  const url = offerUrl(offer);
  if (navigator.share) {
    try {
      await navigator.share({ title: offer.title, url });
      return;
    } catch (error) {
      if (error.name === "AbortError") return; // the person closed the share sheet
    }
  }
  let text;
  try {
    await navigator.clipboard.writeText(url);
    text = t("offer.copied");
  } catch {
    text = t("offer.copyFailed", url);
  }
  output.textContent = text;
  announce(text);
}

function actions(offer) {
  const output = h("p", { class: "kern-body detail__shared" });
  const items = [
    offer.commitment === "one_off" && offer.starts_at
      ? h("a", { href: `/api/v1/offers/${offer.id}.ics`, download: `${offer.id}.ics`, class: "kern-btn kern-btn--secondary" },
        icon("calendar-today"), h("span", { class: "kern-label" }, t("offer.calendar")))
      : null,
    h("button", { type: "button", class: "kern-btn kern-btn--secondary", onclick: () => share(offer, output) },
      h("span", { class: "kern-label" }, t("offer.share"))),
    h("a", { href: `#/angebot/${offer.id}/melden`, class: "kern-link detail__report" }, t("offer.report")),
  ];
  return h("section", { class: "detail__actions", "aria-label": t("offer.actions") },
    h("ul", { class: "detail__action-list" }, items.filter(Boolean).map((item) => h("li", {}, item))),
    output);
}

export function offerDetail(offer, labels) {
  const body = document.createDocumentFragment();
  body.append(organisationLine(offer));
  if (offer.categories.length) body.append(categoryList(offer.categories, labels));
  const places = placesText(offer);
  if (places) body.append(h("p", { class: ["detail__places", offer.is_full && "detail__places--full"] }, places));
  if (offer.summary) body.append(el("p", "detail__summary", offer.summary));

  const description = el("div", "detail__description");
  renderRichText(description, offer.description);
  body.append(description);

  const where = offer.is_remote ? t("remote") : [offer.address, offer.district].filter(Boolean).join(", ");
  const accessibility = [offer.accessible ? t("accessible") : null, offer.accessibility_notes]
    .filter(Boolean)
    .join(". ");
  const glance = el("section", "glance");
  glance.setAttribute("aria-labelledby", "glance-heading");
  const heading = el("h2", null, t("atAGlance"));
  heading.id = "glance-heading";
  glance.append(
    heading,
    definitionList([
      [t("commitment"), commitmentText(offer)],
      [t("when"), whenText(offer)],
      [t("where"), where],
      [t("minAge"), offer.min_age ? t("years", offer.min_age) : null],
      [t("capacity"), offer.capacity],
      [t("skills"), offer.skills.join(", ")],
      [t("languages"), offer.languages.map(languageName).join(", ")],
      [t("accessibility"), accessibility],
    ]),
  );
  // "Ich helfe mit" and the form helper it needs load with the first offer opened, not with the app: the list
  // does not need them. The empty area keeps its height meanwhile, so nothing below it moves.
  const help = h("section", { class: "help", "aria-busy": "true" });
  import("./offer-help.js").then(({ helpArea }) => help.replaceWith(helpArea(offer)));
  body.append(glance, help, contactSection(offer), actions(offer));
  return body;
}
