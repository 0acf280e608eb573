// "Ehrenamt in deiner Nähe": search, results, detail (routes "#/" and "#/angebot/:id"). Unlike the other
// screens it keeps its DOM (index.html's #search-view and #detail-view) while another screen is shown, so
// that coming back finds the list, its results and the link that was opened, as they were.

import { language, t } from "../lib/i18n.js";
import { DEFAULT_DISTRICT, DISTRICTS } from "../lib/places.js";
import { describeProblem, request } from "../lib/request.js";
import { offerDetail, offerListItem } from "./offer-parts.js";

export const ownsContainer = true;

async function fetchCategories(lang) {
  return (await request("GET", "/api/v1/categories", { query: { lang } })).data;
}

async function searchOffers(search, cursor, signal) {
  return (await request("GET", "/api/v1/offers", { query: { ...search, cursor }, signal })).data;
}

async function fetchOffer(id, signal) {
  return (await request("GET", `/api/v1/offers/${encodeURIComponent(id)}`, { signal })).data;
}

const MY_LOCATION = "me";

const byId = (id) => document.getElementById(id);
const ui = {
  problem: byId("problem"),
  searchView: byId("search-view"),
  searchHeading: byId("search-heading"),
  form: byId("search-form"),
  place: byId("place"),
  locate: byId("locate"),
  radius: byId("radius"),
  category: byId("category"),
  q: byId("q"),
  status: byId("search-status"),
  results: byId("results"),
  empty: byId("empty"),
  more: byId("more"),
  detailView: byId("detail-view"),
  detailTitle: byId("detail-title"),
  detailBody: byId("detail-body"),
  back: byId("back"),
};

const state = {
  view: null,
  labels: new Map(),
  position: null,
  search: null,
  offers: [],
  nextCursor: null,
  status: null,
  searchRequest: null,
  detailRequest: null,
  offer: null,
  openedFromList: false,
  returnTo: null,
};

let pendingAnnouncement = 0;

function announce(text) {
  // Emptying first and filling a moment later makes screen readers repeat a message that did not
  // change, such as the same count after a second search.
  clearTimeout(pendingAnnouncement);
  ui.status.textContent = "";
  pendingAnnouncement = setTimeout(() => {
    ui.status.textContent = text;
  }, 100);
}

function renderStatus() {
  if (state.status === "searching") announce(t("searching"));
  else if (state.status === "locating") announce(t("locating"));
  else if (state.status === "found") {
    const more = state.nextCursor ? ` ${t("moreAvailable")}` : "";
    announce(`${t("found", state.offers.length)}.${more}`);
  } else announce("");
}

function setStatus(status) {
  state.status = status;
  renderStatus();
}

const describe = describeProblem;

function showProblem({ title, detail }) {
  const heading = document.createElement("p");
  heading.className = "problem__title";
  heading.textContent = title;
  const text = document.createElement("p");
  text.textContent = detail;
  ui.problem.replaceChildren(heading, text);
}

function clearProblem() {
  ui.problem.replaceChildren();
}

function renderPlaceOptions() {
  const selected = ui.place.value || DEFAULT_DISTRICT;
  const options = DISTRICTS.map((district) => new Option(district.name, district.id));
  if (state.position) options.unshift(new Option(t("myLocation"), MY_LOCATION));
  ui.place.replaceChildren(...options);
  ui.place.value = selected;
}

async function loadCategories() {
  try {
    const categories = await fetchCategories(language());
    state.labels = new Map(categories.map((category) => [category.slug, category.label]));
    const selected = ui.category.value;
    const all = new Option(t("allCategories"), "");
    all.dataset.i18n = "allCategories";
    const options = categories.map((category) => new Option(category.label, category.slug));
    ui.category.replaceChildren(all, ...options);
    ui.category.value = selected;
  } catch (error) {
    showProblem(describe(error));
  }
}

function currentSearch() {
  const district = DISTRICTS.find((candidate) => candidate.id === ui.place.value);
  const origin = ui.place.value === MY_LOCATION ? state.position : district;
  return {
    lat: origin.lat,
    lon: origin.lon,
    radius_km: ui.radius.value,
    category: ui.category.value,
    q: ui.q.value.trim(),
  };
}

function offerLink(id) {
  return ui.results.querySelector(`a[data-offer-id="${CSS.escape(id)}"]`);
}

function renderResults() {
  ui.results.replaceChildren(...state.offers.map((offer) => offerListItem(offer, state.labels)));
  ui.empty.hidden = state.search === null || state.offers.length > 0;
  ui.more.hidden = !state.nextCursor;
}

async function runSearch({ append = false } = {}) {
  state.searchRequest?.abort();
  const request = new AbortController();
  state.searchRequest = request;
  clearProblem();
  if (!append) state.search = currentSearch();
  ui.results.setAttribute("aria-busy", "true");
  setStatus("searching");
  try {
    const page = await searchOffers(state.search, append ? state.nextCursor : undefined, request.signal);
    const firstNew = append ? state.offers.length : 0;
    state.offers = append ? state.offers.concat(page.items) : page.items;
    state.nextCursor = page.next_cursor;
    renderResults();
    setStatus("found");
    // The "Mehr laden" button may vanish with the last page; keyboard users continue at the new results.
    if (append && state.offers[firstNew]) offerLink(state.offers[firstNew].id)?.focus();
  } catch (error) {
    if (error.name === "AbortError") return;
    setStatus(null);
    showProblem(describe(error));
  } finally {
    if (state.searchRequest === request) {
      state.searchRequest = null;
      ui.results.removeAttribute("aria-busy");
    }
  }
}

function renderDetail() {
  document.title = `${state.offer.title} – ${t("appName")}`;
  ui.detailTitle.textContent = state.offer.title;
  ui.detailBody.replaceChildren(offerDetail(state.offer, state.labels));
}

async function showDetail(id) {
  state.detailRequest?.abort();
  const request = new AbortController();
  state.detailRequest = request;
  state.view = "detail";
  state.offer = null;
  clearProblem();
  ui.searchView.hidden = true;
  ui.detailView.hidden = false;
  ui.detailTitle.textContent = t("loadingOffer");
  // Nothing stands in for the offer while it loads: the page (main) is at least a screen high, so what comes
  // appears without moving anything in view; placeholders would be moved by a title on two lines.
  ui.detailBody.replaceChildren();
  try {
    state.offer = await fetchOffer(id, request.signal);
    renderDetail();
  } catch (error) {
    if (error.name === "AbortError") return;
    ui.detailTitle.textContent = t("offerUnavailable");
    showProblem(describe(error));
  }
  if (state.detailRequest === request) {
    state.detailRequest = null;
    ui.detailTitle.focus();
  }
}

function showList() {
  const fromDetail = state.view === "detail";
  const returnTo = state.returnTo;
  state.detailRequest?.abort();
  state.detailRequest = null;
  state.view = "list";
  state.offer = null;
  state.openedFromList = false;
  state.returnTo = null;
  if (fromDetail) clearProblem();
  ui.detailView.hidden = true;
  ui.searchView.hidden = false;
  document.title = t("pageTitle");
  if (state.search === null) runSearch();
  if (!fromDetail) return;
  const link = returnTo && offerLink(returnTo);
  (link || ui.searchHeading).focus();
}

async function applyLanguage() {
  document.title = state.offer ? `${state.offer.title} – ${t("appName")}` : t("pageTitle");
  renderPlaceOptions();
  await loadCategories();
  renderResults();
  if (state.offer) renderDetail();
  if (state.status) renderStatus();
}

function locate() {
  clearProblem();
  setStatus("locating");
  navigator.geolocation.getCurrentPosition(
    (position) => {
      // About 100 m: precise enough to find what is near, and the exact position never reaches the server.
      const round = (degrees) => Math.round(degrees * 1000) / 1000;
      state.position = { lat: round(position.coords.latitude), lon: round(position.coords.longitude) };
      renderPlaceOptions();
      ui.place.value = MY_LOCATION;
      runSearch();
    },
    (error) => {
      setStatus(null);
      const denied = error.code === error.PERMISSION_DENIED;
      showProblem({ title: t("locationProblem"), detail: t(denied ? "locationDenied" : "locationFailed") });
    },
    { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
  );
}

function bindEvents() {
  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    runSearch();
  });
  if ("geolocation" in navigator) {
    ui.locate.hidden = false;
    ui.locate.addEventListener("click", locate);
  }
  ui.more.addEventListener("click", () => runSearch({ append: true }));
  ui.results.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-offer-id]");
    if (!link) return;
    state.openedFromList = true;
    state.returnTo = link.dataset.offerId;
  });
  ui.back.addEventListener("click", (event) => {
    // Going back in history (rather than to a new "#/" entry) keeps Back and this link in step.
    if (!state.openedFromList) return;
    event.preventDefault();
    history.back();
  });
}

let started = false;

// The router's entry: the list for "#/", an offer for "#/angebot/:id". Says whether it moved the focus itself
// (to an offer's heading, or back to the link it was opened from).
export async function show(ctx) {
  if (!started) {
    started = true;
    bindEvents();
    await applyLanguage();
  }
  if (ctx.params.id) {
    await showDetail(ctx.params.id);
    return true;
  }
  const fromDetail = state.view === "detail";
  showList();
  return fromDetail;
}

export function hide() {
  state.searchRequest?.abort();
  state.detailRequest?.abort();
  clearProblem();
  ui.searchView.hidden = true;
  ui.detailView.hidden = true;
  state.view = null;
}

export const onLanguageChange = applyLanguage;
