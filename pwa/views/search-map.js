// The search results on a map (Leaflet, from pwa/vendor/leaflet/): loaded only when the map is opened, so the
// list costs nothing of it. The list stays the alternative; the map adds where the offers are.
//
// Each offer is a numbered marker (the number is its place in the list): a button, reachable by Tab in list
// order, named "3. Title, 1,2 km"; Enter, Space or a tap shows the offer under the map (views/search.js). The
// tiles come from the settings (GET /api/v1/map); without them the markers stand on a plain background.

import { h } from "../lib/dom.js";
import { t } from "../lib/i18n.js";
import { request } from "../lib/request.js";

const LEAFLET = new URL("../vendor/leaflet/", import.meta.url);
const MARKER_PX = 36;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

function loadOnce(element, key) {
  const existing = document.head.querySelector(`[data-vendor="${key}"]`);
  if (existing) return existing.loaded;
  element.dataset.vendor = key;
  element.loaded = new Promise((resolve, reject) => {
    element.addEventListener("load", resolve, { once: true });
    element.addEventListener("error", () => {
      element.remove(); // so that the next attempt loads it again
      reject(new Error(`${key} could not be loaded`));
    }, { once: true });
  });
  document.head.append(element);
  return element.loaded;
}

let leaflet = null;

// Leaflet's script (it sets window.L) and styles, once per page.
export function loadLeaflet() {
  leaflet ??= Promise.all([
    loadOnce(h("link", { rel: "stylesheet", href: new URL("leaflet.css", LEAFLET).href }), "leaflet-css"),
    loadOnce(h("script", { src: new URL("leaflet.js", LEAFLET).href }), "leaflet-js"),
  ]).then(() => window.L, (error) => {
    leaflet = null;
    throw error;
  });
  return leaflet;
}

let settings = null;

export async function mapSettings() {
  settings ??= request("GET", "/api/v1/map").then((answer) => answer.data, (error) => {
    settings = null;
    throw error;
  });
  return settings;
}

export async function createResultsMap(container, { onSelect }) {
  const [L, config] = await Promise.all([loadLeaflet(), mapSettings()]);
  container.replaceChildren(); // the "loading" note
  const [west, south, east, north] = config.service_area;
  const map = L.map(container, {
    zoomControl: false,
    keyboard: true,
    minZoom: 7,
    maxZoom: config.max_zoom,
    maxBounds: L.latLngBounds([south, west], [north, east]).pad(0.2),
  });
  L.control.zoom({ zoomInTitle: t("mapZoomIn"), zoomOutTitle: t("mapZoomOut") }).addTo(map);
  map.attributionControl.setPrefix(false);
  if (config.tile_url) {
    // The attribution is the operator's plain text; Leaflet would read it as HTML.
    const attribution = h("span", {}, config.attribution).innerHTML;
    L.tileLayer(config.tile_url, { maxZoom: config.max_zoom, attribution }).addTo(map);
  }
  container.classList.toggle("map--plain", !config.tile_url);
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", t("mapLabel"));

  const layers = L.layerGroup().addTo(map);
  const markers = new Map();
  let selected = null;

  function select(id, { moveFocus = true } = {}) {
    if (selected) markers.get(selected)?.getElement()?.setAttribute("aria-pressed", "false");
    selected = id;
    markers.get(id)?.getElement()?.setAttribute("aria-pressed", "true");
    onSelect(id, { moveFocus });
  }

  function marker(offer, rank) {
    const label = h("span", { "aria-hidden": "true" }, String(rank));
    const item = L.marker([offer.location.lat, offer.location.lon], {
      icon: L.divIcon({ className: "map-marker", html: label, iconSize: [MARKER_PX, MARKER_PX] }),
      keyboard: true,
      riseOnHover: true,
    });
    item.on("click", () => select(offer.id));
    item.on("add", () => {
      const element = item.getElement();
      element.setAttribute("aria-label", t("mapMarker", rank, offer.title, offer.distance_m));
      element.setAttribute("aria-pressed", String(offer.id === selected));
      element.dataset.offerId = offer.id;
      element.addEventListener("keydown", (event) => {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        select(offer.id);
      });
    });
    return item;
  }

  // Markers closer than their size would cover each other, and a finger could not pick one: in list order,
  // each that would touch one already placed moves out along a spiral around its point until it is free. Done
  // again at every zoom; the offset is a CSS translate, so Leaflet's own positioning stays as it is.
  function declutter() {
    const taken = [];
    for (const item of markers.values()) {
      const origin = map.latLngToLayerPoint(item.getLatLng());
      let point = origin;
      for (let step = 1; step < 200 && taken.some((other) => other.distanceTo(point) < MARKER_PX + 4); step++) {
        const radius = (MARKER_PX + 4) * 0.6 * Math.sqrt(step);
        point = origin.add([radius * Math.cos(step * GOLDEN_ANGLE), radius * Math.sin(step * GOLDEN_ANGLE)]);
      }
      taken.push(point);
      item.getElement().style.translate = `${point.x - origin.x}px ${point.y - origin.y}px`;
    }
  }
  map.on("zoomend", declutter);

  return {
    // The search's place and radius, and its offers (those with a place) numbered as in the list.
    show({ lat, lon, radiusKm, offers }) {
      layers.clearLayers();
      markers.clear();
      const centre = L.latLng(lat, lon);
      const placed = offers.map((offer, index) => ({ offer, rank: index + 1 })).filter(({ offer }) => offer.location);
      // The view first (Leaflet places layers only on a map that has one): the offers and the search's point,
      // or the whole radius when nothing was found.
      const bounds = placed.length ? L.latLngBounds([centre]) : centre.toBounds(radiusKm * 2000);
      for (const { offer } of placed) bounds.extend([offer.location.lat, offer.location.lon]);
      map.invalidateSize();
      // Clear of the zoom buttons (top left) and the attribution (bottom right).
      map.fitBounds(bounds, { paddingTopLeft: [72, MARKER_PX], paddingBottomRight: [MARKER_PX, 40], maxZoom: 16 });
      layers.addLayer(L.circle(centre, { radius: radiusKm * 1000, interactive: false, className: "map-area" }));
      layers.addLayer(L.circleMarker(centre, { radius: 6, interactive: false, className: "map-centre" }));
      // Added in list order: that is the order Tab reaches them in.
      for (const { offer, rank } of placed) {
        const item = marker(offer, rank);
        markers.set(offer.id, item);
        layers.addLayer(item);
      }
      declutter();
      if (selected && !markers.has(selected)) selected = null;
    },
    // After the container was hidden: Leaflet measures it again.
    resize() {
      map.invalidateSize();
    },
    focusMarker(id) {
      const element = markers.get(id)?.getElement();
      if (!element) return false;
      element.focus();
      return true;
    },
    select,
    destroy() {
      map.remove();
      container.replaceChildren();
      container.className = "map";
    },
  };
}
