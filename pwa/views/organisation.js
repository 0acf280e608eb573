// An organisation's own page (#/organisation/<slug>): what it is, how to reach it, and its published offers.

import { h } from "../lib/dom.js";
import { addTexts, t } from "../lib/i18n.js";
import { describeProblem, request } from "../lib/request.js";
import { renderRichText, webLink } from "../lib/rich-text.js";

addTexts({
  de: {
    "organisation.loading": "Organisation wird geladen …",
    "organisation.unavailable": "Organisation nicht verfügbar",
    "organisation.verified": "Von der Stadt Bielefeld geprüft",
    "organisation.contact": "Kontakt",
    "organisation.website": "Website",
    "organisation.websiteNote": "(externe Seite)",
    "organisation.email": "E-Mail",
    "organisation.phone": "Telefon",
    "organisation.address": "Adresse",
    "organisation.offers": "Angebote dieser Organisation",
    "organisation.noOffers": "Gerade hat diese Organisation keine veröffentlichten Angebote.",
  },
  en: {
    "organisation.loading": "Loading the organisation …",
    "organisation.unavailable": "Organisation not available",
    "organisation.verified": "Checked by the City of Bielefeld",
    "organisation.contact": "Contact",
    "organisation.website": "Website",
    "organisation.websiteNote": "(external site)",
    "organisation.email": "Email",
    "organisation.phone": "Phone",
    "organisation.address": "Address",
    "organisation.offers": "Opportunities of this organisation",
    "organisation.noOffers": "This organisation has no published opportunities right now.",
  },
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function contactRows(organisation) {
  const rows = [];
  const website = organisation.website && webLink(organisation.website);
  if (website) {
    rows.push([t("organisation.website"), h("a", { href: website, class: "kern-link", rel: "noopener noreferrer",
      target: "_blank" }, new URL(website).host, h("span", { class: "visually-hidden" }, ` ${t("organisation.websiteNote")}`))]);
  }
  if (organisation.contact_email) {
    rows.push([t("organisation.email"), EMAIL.test(organisation.contact_email)
      ? h("a", { href: `mailto:${organisation.contact_email}`, class: "kern-link" }, organisation.contact_email)
      : organisation.contact_email]);
  }
  if (organisation.contact_phone) {
    rows.push([t("organisation.phone"), h("a", { class: "kern-link",
      href: `tel:${organisation.contact_phone.replace(/[^\d+]/g, "")}` }, organisation.contact_phone)]);
  }
  const address = [organisation.address, organisation.district].filter(Boolean).join(", ");
  if (address) rows.push([t("organisation.address"), address]);
  return rows;
}

function page(organisation) {
  const description = h("div", { class: "kern-body organisation__description" });
  renderRichText(description, organisation.description);
  const rows = contactRows(organisation);
  return [
    h("h1", { class: "kern-heading-large" }, organisation.name),
    organisation.verified ? h("p", { class: "kern-body kern-body--muted" }, t("organisation.verified")) : null,
    description,
    rows.length
      ? h("section", { "aria-labelledby": "organisation-contact" },
        h("h2", { id: "organisation-contact", class: "kern-heading-medium" }, t("organisation.contact")),
        h("dl", { class: "facts" }, rows.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])))
      : null,
    h("section", { "aria-labelledby": "organisation-offers" },
      h("h2", { id: "organisation-offers", class: "kern-heading-medium" }, t("organisation.offers")),
      organisation.offers.length
        ? h("ul", { class: "kern-list organisation__offers" }, organisation.offers.map((offer) =>
          h("li", {}, h("a", { href: `#/angebot/${offer.id}`, class: "kern-link" }, offer.title),
            offer.summary ? h("p", { class: "kern-body organisation__summary" }, offer.summary) : null)))
        : h("p", { class: "kern-body" }, t("organisation.noOffers"))),
  ];
}

export async function show({ main, params, setTitle }) {
  setTitle(t("organisation.loading"));
  const loading = h("div", { class: "organisation__loading", "aria-busy": "true" },
    h("h1", { class: "kern-heading-large" }, t("organisation.loading")));
  main.append(loading);
  try {
    const { data } = await request("GET", `/api/v1/organisations/${encodeURIComponent(params.slug)}`);
    if (!loading.isConnected) return;
    setTitle(data.name);
    main.replaceChildren(...page(data).filter(Boolean));
  } catch (error) {
    if (error.name === "AbortError" || !loading.isConnected) return;
    const { title, detail } = describeProblem(error);
    setTitle(t("organisation.unavailable"));
    main.replaceChildren(h("h1", { class: "kern-heading-large" }, t("organisation.unavailable")),
      h("div", { class: "kern-alert kern-alert--danger notice", role: "alert" },
        h("div", { class: "kern-alert__header" }, h("p", { class: "kern-title" }, title)),
        detail ? h("div", { class: "kern-alert__body" }, h("p", { class: "kern-body" }, detail)) : null));
  }
}
