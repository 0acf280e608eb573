// "Ehrenamt in deiner Nähe": search, results, detail (routes "#/" and "#/angebot/:id"). Unlike the other
// screens it keeps its DOM (index.html's #search-view and #detail-view) while another screen is shown, so
// that coming back finds the list, its results and the link that was opened, as they were.

import { h } from "../lib/dom.js";
import { language, t } from "../lib/i18n.js";
import { describeProblem, request } from "../lib/request.js";
import { offerDetail, offerListItem } from "./offer-parts.js";

export const ownsContainer = true;


async function fetchCategories(lang) {
  return (await request("GET", "/api/v1/categories", { query: { lang } })).data;
}

async function searchOffers(search, cursor, signal) {
  return (await request("GET", "/api/v1/offers", { query: { ...search, cursor }, signal })).data;
}

async function fetchPlaces(q, signal) {
  return (await request("GET", "/api/v1/places", { query: { q, limit: 8 }, signal })).data;
}

async function fetchOffer(id, signal) {
  return (await request("GET", `/api/v1/offers/${encodeURIComponent(id)}`, { signal })).data;
}

const SUGGEST_DELAY_MS = 250;
// Where a search starts before anything is chosen: found through /api/v1/places like any typed place.
const START_PLACE = "Mitte";

const byId = (id) => document.getElementById(id);
const ui = {
  problem: byId("problem"),
  searchView: byId("search-view"),
  searchHeading: byId("search-heading"),
  form: byId("search-form"),
  place: byId("place"),
  placeHint: byId("place-hint"),
  placeOptions: byId("place-options"),
  locate: byId("locate"),
  radius: byId("radius"),
  filters: byId("filters"),
  filtersSummary: byId("filters-summary"),
  categories: byId("category-options"),
  startsAfter: byId("starts-after"),
  startsBefore: byId("starts-before"),
  accessible: byId("accessible"),
  q: byId("q"),
  resultsHeading: byId("results-heading"),
  status: byId("search-status"),
  results: byId("results"),
  empty: byId("empty"),
  more: byId("more"),
  showList: byId("show-list"),
  showMap: byId("show-map"),
  mapPanel: byId("map-panel"),
  map: byId("map"),
  mapPlain: byId("map-plain"),
  mapSelection: byId("map-selection"),
  remote: byId("remote"),
  remoteResults: byId("remote-results"),
  remoteMore: byId("remote-more"),
  detailView: byId("detail-view"),
  detailTitle: byId("detail-title"),
  detailBody: byId("detail-body"),
  back: byId("back"),
};

const state = {
  view: null,
  labels: new Map(),
  place: null,
  addressSearch: null,
  search: null,
  hashQuery: null,
  offers: [],
  remoteOffers: [],
  nextCursor: null,
  remoteCursor: null,
  display: "list",
  map: null,
  mapLoading: null,
  mapSelected: null,
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

function setPlace(place) {
  state.place = place;
  ui.place.value = place.mine ? t("myLocation") : place.label;
}

function renderPlaceHint() {
  if (state.addressSearch === null) return;
  ui.placeHint.textContent = t(state.addressSearch ? "searchPlaceHintAddress" : "searchPlaceHintNoAddress");
}

// The place field is a combobox (WAI-ARIA APG "list autocomplete"): typing asks /api/v1/places after a pause,
// arrow keys move through the suggestions, Enter takes one, Escape closes them.
const suggestions = { places: [], active: -1, timer: 0, request: null };

function closeSuggestions() {
  clearTimeout(suggestions.timer);
  suggestions.request?.abort();
  suggestions.request = null;
  suggestions.places = [];
  suggestions.active = -1;
  renderSuggestions();
}

function renderSuggestions() {
  const kinds = t("searchPlaceKinds");
  ui.placeOptions.replaceChildren(
    ...suggestions.places.map((place, index) =>
      h("div", { id: `place-option-${index}`, role: "option", class: "combobox__option",
        "aria-selected": index === suggestions.active ? "true" : "false",
        // Pressing would blur the field first and close the list before the click arrives.
        onmousedown: (event) => event.preventDefault(), onclick: () => choosePlace(place) },
        place.label, h("span", { class: "combobox__kind" }, ` · ${kinds[place.kind] ?? place.kind}`)),
    ),
  );
  const open = suggestions.places.length > 0;
  ui.placeOptions.hidden = !open;
  ui.place.setAttribute("aria-expanded", String(open));
  if (open && suggestions.active >= 0) {
    ui.place.setAttribute("aria-activedescendant", `place-option-${suggestions.active}`);
    ui.placeOptions.children[suggestions.active].scrollIntoView({ block: "nearest" });
  } else ui.place.removeAttribute("aria-activedescendant");
}

function choosePlace(place) {
  setPlace({ lat: place.lat, lon: place.lon, label: place.label });
  closeSuggestions();
}

async function suggest() {
  const text = ui.place.value.trim();
  suggestions.request?.abort();
  if (!text) {
    closeSuggestions();
    return;
  }
  const request = new AbortController();
  suggestions.request = request;
  try {
    const answer = await fetchPlaces(text, request.signal);
    if (suggestions.request !== request) return;
    state.addressSearch = answer.address_search;
    renderPlaceHint();
    suggestions.places = answer.places;
    suggestions.active = -1;
    renderSuggestions();
  } catch (error) {
    if (error.name === "AbortError") return;
    closeSuggestions();
    showProblem(describe(error));
  }
}

function moveSuggestion(step) {
  const count = suggestions.places.length;
  if (!count) return;
  suggestions.active = (suggestions.active + step + count) % count;
  renderSuggestions();
}

function bindPlaceField() {
  ui.place.addEventListener("input", () => {
    clearTimeout(suggestions.timer);
    suggestions.timer = setTimeout(suggest, SUGGEST_DELAY_MS);
  });
  ui.place.addEventListener("keydown", (event) => {
    const open = suggestions.places.length > 0;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (open) moveSuggestion(event.key === "ArrowDown" ? 1 : -1);
      else suggest();
    } else if (event.key === "Enter" && open && suggestions.active >= 0) {
      event.preventDefault();
      choosePlace(suggestions.places[suggestions.active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      closeSuggestions();
    }
  });
  ui.place.addEventListener("blur", closeSuggestions);
}

// What was typed but not chosen from the list: its first suggestion, as if it had been chosen.
async function resolvePlace() {
  const text = ui.place.value.trim();
  const chosen = state.place && (state.place.mine ? t("myLocation") : state.place.label);
  if (text === chosen) return true;
  closeSuggestions();
  const answer = text ? await fetchPlaces(text) : { places: [] };
  if (!answer.places.length) {
    showProblem({ title: t("searchPlaceUnknown"), detail: t("searchPlaceUnknownDetail") });
    ui.place.focus();
    return false;
  }
  choosePlace(answer.places[0]);
  return true;
}

async function loadAddressSearch() {
  try {
    state.addressSearch = (await fetchPlaces(START_PLACE)).address_search;
    renderPlaceHint();
  } catch {
    // The hint waits for the first suggestions then; the search itself does not need it.
  }
}

async function loadCategories() {
  try {
    const categories = await fetchCategories(language());
    state.labels = new Map(categories.map((category) => [category.slug, category.label]));
    const selected = new Set(checkedCategories());
    ui.categories.replaceChildren(...categories.map((category) => categoryCheckbox(category, selected)));
  } catch (error) {
    showProblem(describe(error));
  }
}

function categoryCheckbox(category, selected) {
  const id = `category-${category.slug}`;
  return h("div", { class: "kern-form-check" },
    h("input", { class: "kern-form-check__checkbox", type: "checkbox", id, name: "category", value: category.slug,
      checked: selected.has(category.slug) }),
    h("label", { class: "kern-label", for: id }, category.label));
}

function checkedCategories() {
  return [...ui.categories.querySelectorAll("input:checked")].map((input) => input.value);
}

function commitmentInput(value) {
  return ui.form.querySelector(`input[name=commitment][value="${CSS.escape(value)}"]`);
}

// A day from the date field as the API's time: the start (or the end) of that day where the person is.
function dayBoundary(value, end) {
  if (!value) return "";
  return new Date(`${value}T${end ? "23:59:59" : "00:00:00"}`).toISOString();
}

function currentSearch() {
  const { lat, lon, label } = state.place;
  return {
    place: { lat, lon, label },
    radius_km: ui.radius.value,
    category: checkedCategories(),
    commitment: ui.form.querySelector("input[name=commitment]:checked")?.value ?? "",
    starts_after: ui.startsAfter.value,
    starts_before: ui.startsBefore.value,
    accessible: ui.accessible.checked,
    q: ui.q.value.trim(),
  };
}

// Offers without a fixed place never appear around a point: the same filters without one, remote only.
function remoteQuery(search) {
  const { lat, lon, radius_km, ...filters } = apiQuery(search);
  return { ...filters, remote: "true" };
}

function apiQuery(search) {
  return {
    lat: search.place.lat,
    lon: search.place.lon,
    radius_km: search.radius_km,
    category: search.category,
    commitment: search.commitment,
    starts_after: dayBoundary(search.starts_after, false),
    starts_before: dayBoundary(search.starts_before, true),
    accessible: search.accessible ? "true" : "",
    q: search.q,
  };
}

// The search in the address ("#/?ort=Mitte&lat=…&kategorie=…"), in German like the app's paths: a link to it
// repeats the search, and so does a reload.
function hashQuery(search) {
  const query = new URLSearchParams();
  query.set("ort", search.place.label);
  query.set("lat", String(search.place.lat));
  query.set("lon", String(search.place.lon));
  query.set("umkreis", search.radius_km);
  for (const slug of search.category) query.append("kategorie", slug);
  if (search.commitment) query.set("einsatz", search.commitment);
  if (search.starts_after) query.set("ab", search.starts_after);
  if (search.starts_before) query.set("bis", search.starts_before);
  if (search.accessible) query.set("barrierefrei", "1");
  if (search.q) query.set("suche", search.q);
  if (state.display === "map") query.set("ansicht", "karte");
  return query.toString();
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// Fills the form from a search's address; false when the address holds no usable place.
function applyHashQuery(query) {
  const lat = Number(query.get("lat"));
  const lon = Number(query.get("lon"));
  if (!query.has("lat") || !query.has("lon") || !Number.isFinite(lat) || !Number.isFinite(lon)) return false;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return false;
  setPlace({ lat, lon, label: (query.get("ort") || `${lat}, ${lon}`).slice(0, 100) });
  const radius = query.get("umkreis");
  if ([...ui.radius.options].some((option) => option.value === radius)) ui.radius.value = radius;
  const categories = new Set(query.getAll("kategorie"));
  for (const input of ui.categories.querySelectorAll("input")) input.checked = categories.has(input.value);
  (commitmentInput(query.get("einsatz") ?? "") ?? commitmentInput("")).checked = true;
  ui.startsAfter.value = DATE.test(query.get("ab") ?? "") ? query.get("ab") : "";
  ui.startsBefore.value = DATE.test(query.get("bis") ?? "") ? query.get("bis") : "";
  ui.accessible.checked = query.get("barrierefrei") === "1";
  ui.q.value = (query.get("suche") ?? "").slice(0, 200);
  renderFiltersSummary();
  setDisplay(query.get("ansicht") === "karte" ? "map" : "list");
  return true;
}

// The filters beyond place, distance and words fill more than a phone's screen: they fold away, and the summary
// counts those set, so that a folded search still shows that it is filtered.
function renderFiltersSummary() {
  const set = checkedCategories().length + [
    ui.form.querySelector("input[name=commitment]:checked")?.value,
    ui.startsAfter.value,
    ui.startsBefore.value,
    ui.accessible.checked,
  ].filter(Boolean).length;
  ui.filtersSummary.textContent = t("searchFilters", set);
}

function writeHashQuery(search) {
  const query = hashQuery(search);
  state.hashQuery = query;
  ui.back.href = `#/?${query}`;
  // Replacing, not adding, the entry: Back leaves the search instead of stepping through every change of filter.
  if (location.hash !== `#/?${query}`) history.replaceState(history.state, "", `#/?${query}`);
}

function offerLink(id) {
  const selector = `a[data-offer-id="${CSS.escape(id)}"]`;
  const shown = state.display === "map" ? ui.mapSelection : ui.results;
  return shown.querySelector(selector) ?? ui.remoteResults.querySelector(selector);
}

function renderResults() {
  ui.results.replaceChildren(...state.offers.map((offer) => offerListItem(offer, state.labels)));
  ui.empty.hidden = state.search === null || state.offers.length > 0;
  ui.more.hidden = !state.nextCursor;
  ui.remoteResults.replaceChildren(...state.remoteOffers.map((offer) => offerListItem(offer, state.labels)));
  ui.remote.hidden = state.remoteOffers.length === 0;
  ui.remoteMore.hidden = !state.remoteCursor;
  renderMapSelection();
  if (state.map && state.search) showOnMap();
}

async function searchRemote(search, cursor, signal) {
  try {
    return await searchOffers(remoteQuery(search), cursor, signal);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    // The offers near the place matter most: a failure here leaves the section out, not the list.
    return { items: [], next_cursor: null };
  }
}

// The list or the map: the same offers, the list always the alternative. The map is loaded when first opened.
function setDisplay(display) {
  state.display = display;
  const onMap = display === "map";
  ui.showList.setAttribute("aria-pressed", String(!onMap));
  ui.showMap.setAttribute("aria-pressed", String(onMap));
  ui.results.hidden = onMap;
  // Shown before the map has loaded, at its full height, so that nothing below it moves when it arrives.
  ui.mapPanel.hidden = !onMap;
  if (onMap) openMap();
}

function switchDisplay(display) {
  if (state.display === display) return;
  setDisplay(display);
  if (state.search) writeHashQuery(state.search);
  if (display === "map") state.map?.resize();
}

async function openMap() {
  if (state.map || state.mapLoading) return;
  ui.map.replaceChildren(h("p", { class: "map__loading" }, t("mapLoading")));
  const loading = import("./search-map.js").then(({ createResultsMap }) =>
    createResultsMap(ui.map, { onSelect: selectOnMap }));
  state.mapLoading = loading;
  try {
    const map = await loading;
    if (state.mapLoading !== loading) {
      map.destroy();
      return;
    }
    state.map = map;
    ui.mapPlain.hidden = !ui.map.classList.contains("map--plain");
    if (state.search && state.status !== "searching") {
      showOnMap();
      announce(t("mapShown", state.offers.filter((offer) => offer.location).length));
    }
  } catch (error) {
    ui.map.replaceChildren();
    showProblem({ title: t("mapUnavailable"), detail: error.status ? describe(error).detail : t("mapUnavailableDetail") });
    switchDisplay("list");
  } finally {
    if (state.mapLoading === loading) state.mapLoading = null;
  }
}

function closeMap() {
  state.mapLoading = null;
  state.map?.destroy();
  state.map = null;
}

function showOnMap() {
  const { place, radius_km } = state.search;
  state.map.show({ lat: place.lat, lon: place.lon, radiusKm: Number(radius_km), offers: state.offers });
}

// A marker chosen: its offer under the map, as in the list, and the focus on its link.
function selectOnMap(id, { moveFocus }) {
  state.mapSelected = id;
  renderMapSelection();
  if (moveFocus) ui.mapSelection.querySelector("a[data-offer-id]")?.focus();
}

function renderMapSelection() {
  const offer = state.offers.find((candidate) => candidate.id === state.mapSelected);
  if (!offer) {
    state.mapSelected = null;
    ui.mapSelection.replaceChildren();
    return;
  }
  ui.mapSelection.replaceChildren(
    h("p", { class: "map-selection__label" }, t("mapSelected")),
    h("ul", { class: "results" }, offerListItem(offer, state.labels)),
  );
}

async function runSearch({ append = false, revealResults = false } = {}) {
  state.searchRequest?.abort();
  const request = new AbortController();
  state.searchRequest = request;
  clearProblem();
  ui.results.setAttribute("aria-busy", "true");
  setStatus("searching");
  if (!append) {
    // The previous search's next page is no longer what this one continues.
    ui.more.hidden = true;
    let resolved = false;
    try {
      resolved = await resolvePlace();
    } catch (error) {
      showProblem(describe(error));
    }
    if (state.searchRequest !== request) return;
    if (!resolved) {
      state.searchRequest = null;
      ui.results.removeAttribute("aria-busy");
      setStatus(null);
      return;
    }
    state.search = currentSearch();
    writeHashQuery(state.search);
    // Folded after searching, so that on a phone the results follow the form closely.
    if (revealResults) ui.filters.open = false;
  }
  try {
    const [page, remotePage] = await Promise.all([
      searchOffers(apiQuery(state.search), append ? state.nextCursor : undefined, request.signal),
      append ? null : searchRemote(state.search, undefined, request.signal),
    ]);
    if (remotePage) {
      state.remoteOffers = remotePage.items;
      state.remoteCursor = remotePage.next_cursor;
    }
    const firstNew = append ? state.offers.length : 0;
    state.offers = append ? state.offers.concat(page.items) : page.items;
    state.nextCursor = page.next_cursor;
    renderResults();
    setStatus("found");
    // On a phone the form fills the first screen: after a search the results come into view.
    if (revealResults) {
      ui.resultsHeading.scrollIntoView({ block: "start" });
      ui.resultsHeading.focus({ preventScroll: true });
    }
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
  state.map?.resize();
  document.title = t("pageTitle");
  if (state.search === null) runSearch();
  if (!fromDetail) return;
  const link = returnTo && offerLink(returnTo);
  (link || ui.searchHeading).focus();
}

async function loadMoreRemote() {
  const request = new AbortController();
  state.searchRequest?.abort();
  state.searchRequest = request;
  try {
    const page = await searchRemote(state.search, state.remoteCursor, request.signal);
    const firstNew = state.remoteOffers.length;
    state.remoteOffers = state.remoteOffers.concat(page.items);
    state.remoteCursor = page.next_cursor;
    renderResults();
    const first = state.remoteOffers[firstNew];
    if (first) ui.remoteResults.querySelector(`a[data-offer-id="${CSS.escape(first.id)}"]`)?.focus();
  } catch (error) {
    if (error.name !== "AbortError") showProblem(describe(error));
  } finally {
    if (state.searchRequest === request) state.searchRequest = null;
  }
}

async function applyLanguage() {
  document.title = state.offer ? `${state.offer.title} – ${t("appName")}` : t("pageTitle");
  if (state.place?.mine) setPlace(state.place);
  renderPlaceHint();
  await loadCategories();
  renderFiltersSummary();
  // The map's own texts (zoom buttons, marker names) are set when it is made: made again in the new language.
  if (state.map || state.mapLoading) {
    closeMap();
    if (state.display === "map") openMap();
  }
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
      setPlace({ lat: round(position.coords.latitude), lon: round(position.coords.longitude), label: t("myLocation"),
        mine: true });
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
  bindPlaceField();
  ui.filters.addEventListener("change", renderFiltersSummary);
  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    runSearch({ revealResults: true });
  });
  if ("geolocation" in navigator) {
    ui.locate.hidden = false;
    ui.locate.addEventListener("click", locate);
  }
  ui.more.addEventListener("click", () => runSearch({ append: true }));
  ui.remoteMore.addEventListener("click", loadMoreRemote);
  ui.showList.addEventListener("click", () => switchDisplay("list"));
  ui.showMap.addEventListener("click", () => switchDisplay("map"));
  for (const list of [ui.results, ui.remoteResults, ui.mapSelection]) {
    list.addEventListener("click", (event) => {
      const link = event.target.closest("a[data-offer-id]");
      if (!link) return;
      state.openedFromList = true;
      state.returnTo = link.dataset.offerId;
    });
  }
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
    ui.place.value = START_PLACE;
    bindEvents();
    loadAddressSearch();
    await applyLanguage();
  }
  if (ctx.params.id) {
    await showDetail(ctx.params.id);
    return true;
  }
  const fromDetail = state.view === "detail";
  // A search's address opened (a shared link, a reload, one typed in): that search, unless it is the one shown.
  const query = ctx.query?.toString() ?? "";
  if (query && query !== state.hashQuery && applyHashQuery(ctx.query)) {
    state.hashQuery = query;
    state.search = null;
  }
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
