// Notifications (#/benachrichtigungen): Web Push on this device, with or without an account.
//
// The browser asks for permission only after the person pressed the button that says what they will get.
// Without an account the device listens around a place and for categories (the API's anonymous subscription);
// signed in, it is bound to the account and what it hears, the quiet hours and the daily cap come from the
// profile. Subscribing has a timeout: a push service out of reach (a network that blocks it, a browser
// without one) ends in a clear message instead of a button that never answers. On iPhone and iPad, push
// works only in the app added to the home screen (Safari 16.4 and later), which the screen explains.
// Signed in, the screen lists the account's devices; each can be removed.

import { h } from "../../lib/dom.js";
import { field, form, showErrors } from "../../lib/forms.js";
import { addTexts, formatDateTime, language, t } from "../../lib/i18n.js";
import { ApiProblem, request } from "../../lib/request.js";
import { deviceRecord, forgetDevice, saveDeviceRecord } from "../../lib/push-device.js";
import { currentAccount } from "../../lib/session.js";
import { heading, link, notice, paragraph, problemNotice, unlessSignedOut } from "../account/parts.js";

const SUBSCRIBE_TIMEOUT_MS = 20000;

addTexts({
  de: {
    "notify.title": "Benachrichtigungen",
    "notify.intro":
      "Wir melden dir neue Ehrenamt-Angebote in deiner Nähe – nicht in deinen Ruhezeiten (21 bis 8 Uhr, wenn " +
      "du nichts anderes einstellst) und höchstens dreimal am Tag.",
    "notify.introAccount":
      "Angemeldet bekommst du außerdem Bescheid, wenn eine Organisation deine Zusage annimmt oder ablehnt, ein " +
      "Platz von der Warteliste frei wird und einen Tag vor einem Einsatz.",
    "notify.unsupported": "Dieser Browser kann keine Benachrichtigungen empfangen",
    "notify.unsupportedText":
      "Nutze einen aktuellen Browser (Chrome, Edge, Firefox oder Safari). Neue Angebote findest du jederzeit " +
      "über die Suche.",
    "notify.iosTitle": "Auf dem iPhone und iPad",
    "notify.iosText":
      "Benachrichtigungen kommen dort nur, wenn du VoluMap zum Home-Bildschirm hinzugefügt hast (ab iOS 16.4): " +
      "In Safari auf „Teilen“ tippen, dann „Zum Home-Bildschirm“. Öffne VoluMap danach über das neue Symbol " +
      "und schalte die Benachrichtigungen hier ein.",
    "notify.iosNow": "Füge VoluMap zuerst zum Home-Bildschirm hinzu",
    "notify.place": "Ort oder Postleitzahl",
    "notify.placeHint": "Um diesen Ort herum melden wir dir neue Angebote. Wir speichern ihn auf etwa 250 m gerundet.",
    "notify.radius": "Umkreis",
    "notify.categories": "Nur diese Kategorien (keine gewählt: alle)",
    "notify.switchOn": "Benachrichtigungen einschalten",
    "notify.switchOnAccount": "Benachrichtigungen auf diesem Gerät einschalten",
    "notify.fromProfile":
      "Was du bekommst, richtet sich nach deinem Profil: Interessen, Wohnort und Umkreis, Ruhezeiten und wie " +
      "viele Meldungen am Tag.",
    "notify.editProfile": "Profil bearbeiten",
    "notify.noProfile": "Lege dein Profil an, damit wir wissen, welche neuen Angebote zu dir passen.",
    "notify.unknownPlace": "Zu dieser Eingabe kennen wir keinen Ort in Bielefeld",
    "notify.missingPlace": "Gib einen Ort oder eine Postleitzahl ein",
    "notify.askingBrowser": "Dein Browser fragt jetzt, ob VoluMap dir Benachrichtigungen schicken darf …",
    "notify.denied": "Benachrichtigungen sind blockiert",
    "notify.deniedText":
      "Du hast Benachrichtigungen für VoluMap nicht erlaubt. Du kannst das in den Website-Einstellungen deines " +
      "Browsers ändern (meist über das Schloss-Symbol neben der Adresse) und es dann hier noch einmal versuchen.",
    "notify.unreachable": "Der Benachrichtigungsdienst deines Browsers antwortet nicht",
    "notify.unreachableText":
      "Dein Browser konnte sich nicht bei seinem Benachrichtigungsdienst anmelden. Vielleicht blockiert das Netz " +
      "ihn, oder der Browser hat keinen. Versuche es später oder in einem anderen Netz noch einmal.",
    "notify.on": "Dieses Gerät bekommt Benachrichtigungen",
    "notify.switchedOn": "Benachrichtigungen sind eingeschaltet",
    "notify.switchedOnText": "Probier es aus: Schick dir eine Testbenachrichtigung.",
    "notify.onAnonymous": (place, km) => `Neue Angebote im Umkreis von ${km} km um ${place}.`,
    "notify.onAccount": "Es ist mit deinem Konto verbunden: Was es bekommt, steht in deinem Profil.",
    "notify.bind": "Mit meinem Konto verbinden",
    "notify.bindText":
      "Dieses Gerät bekommt Benachrichtigungen ohne Konto. Verbunden mit deinem Konto gelten dein Profil, deine " +
      "Ruhezeiten und dein Tageslimit, und du erfährst auch, wie es mit deinen Zusagen weitergeht.",
    "notify.test": "Testbenachrichtigung senden",
    "notify.testSent": "Testbenachrichtigung ist unterwegs",
    "notify.testSentText": "Sie sollte in wenigen Sekunden erscheinen. Kommt nichts, prüfe die Einstellungen deines Geräts.",
    "notify.off": "Auf diesem Gerät ausschalten",
    "notify.offDone": "Benachrichtigungen auf diesem Gerät sind ausgeschaltet",
    "notify.devices": "Deine Geräte mit Benachrichtigungen",
    "notify.noDevices": "Noch kein Gerät bekommt Benachrichtigungen.",
    "notify.thisDevice": "dieses Gerät",
    "notify.since": (date) => `seit ${date}`,
    "notify.lastSent": (date) => `zuletzt ${date}`,
    "notify.remove": (device) => `${device} entfernen`,
    "notify.removed": (device) => `${device} bekommt keine Benachrichtigungen mehr`,
  },
  en: {
    "notify.title": "Notifications",
    "notify.intro":
      "We tell you about new volunteering opportunities near you – not in your quiet hours (9 pm to 8 am unless " +
      "you set others) and at most three times a day.",
    "notify.introAccount":
      "Signed in, you also hear when an organisation accepts or declines you, when a place on a waiting list " +
      "becomes free, and a day before an engagement.",
    "notify.unsupported": "This browser cannot receive notifications",
    "notify.unsupportedText":
      "Use an up-to-date browser (Chrome, Edge, Firefox or Safari). You can always find new opportunities with " +
      "the search.",
    "notify.iosTitle": "On iPhone and iPad",
    "notify.iosText":
      "Notifications arrive there only when you have added VoluMap to your home screen (iOS 16.4 or later): in " +
      "Safari tap “Share”, then “Add to Home Screen”. Then open VoluMap from the new icon and switch " +
      "notifications on here.",
    "notify.iosNow": "Add VoluMap to your home screen first",
    "notify.place": "Place or postcode",
    "notify.placeHint": "We tell you about new opportunities around this place. We store it rounded to about 250 m.",
    "notify.radius": "Distance",
    "notify.categories": "Only these categories (none chosen: all)",
    "notify.switchOn": "Switch notifications on",
    "notify.switchOnAccount": "Switch notifications on for this device",
    "notify.fromProfile":
      "What you get follows your profile: interests, home area and distance, quiet hours and how many a day.",
    "notify.editProfile": "Edit profile",
    "notify.noProfile": "Set up your profile so that we know which new opportunities suit you.",
    "notify.unknownPlace": "We know no place in Bielefeld for this",
    "notify.missingPlace": "Enter a place or a postcode",
    "notify.askingBrowser": "Your browser now asks whether VoluMap may send you notifications …",
    "notify.denied": "Notifications are blocked",
    "notify.deniedText":
      "You did not allow notifications for VoluMap. You can change that in your browser's site settings " +
      "(usually behind the padlock next to the address) and then try again here.",
    "notify.unreachable": "Your browser's notification service does not answer",
    "notify.unreachableText":
      "Your browser could not register with its notification service. The network may block it, or the browser " +
      "has none. Try again later or on another network.",
    "notify.on": "This device gets notifications",
    "notify.switchedOn": "Notifications are switched on",
    "notify.switchedOnText": "Try it: send yourself a test notification.",
    "notify.onAnonymous": (place, km) => `New opportunities within ${km} km of ${place}.`,
    "notify.onAccount": "It is linked to your account: what it gets is set in your profile.",
    "notify.bind": "Link to my account",
    "notify.bindText":
      "This device gets notifications without an account. Linked to your account, your profile, quiet hours and " +
      "daily limit apply, and you also hear how your applications go.",
    "notify.test": "Send a test notification",
    "notify.testSent": "A test notification is on its way",
    "notify.testSentText": "It should appear in a few seconds. If nothing comes, check your device's settings.",
    "notify.off": "Switch off on this device",
    "notify.offDone": "Notifications are switched off on this device",
    "notify.devices": "Your devices with notifications",
    "notify.noDevices": "No device gets notifications yet.",
    "notify.thisDevice": "this device",
    "notify.since": (date) => `since ${date}`,
    "notify.lastSent": (date) => `last ${date}`,
    "notify.remove": (device) => `Remove ${device}`,
    "notify.removed": (device) => `${device} no longer gets notifications`,
  },
});

function supported() {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

// iPhone and iPad (iPadOS says it is a Mac, but has touch), not yet opened from the home screen.
function iosOutsideHomeScreen() {
  const ios = /iPhone|iPad|iPod/.test(navigator.userAgent) ||
    (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  const standalone = window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
  return ios && !standalone;
}

// Subscribing needs the active service worker; the app registers it after the first screen is drawn.
async function pushManager() {
  return (await navigator.serviceWorker.ready).pushManager;
}

// What this browser is subscribed to, without waiting for a service worker that may not be registered yet
// (this screen is drawn before the app registers it).
async function liveSubscription() {
  const registration = await navigator.serviceWorker.getRegistration();
  return registration ? registration.pushManager.getSubscription() : null;
}

// The VAPID key is base64url; pushManager.subscribe wants its bytes.
function keyBytes(base64url) {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(raw, (char) => char.charCodeAt(0));
}

class Unreachable extends Error {}

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Unreachable("timeout")), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Permission, then the browser's push service, then the API. Throws ApiProblem (the API), Unreachable (the
// push service) or a DOMException named NotAllowedError (permission refused).
async function subscribeDevice(extra) {
  const permission = await Notification.requestPermission();
  if (permission !== "granted") throw new DOMException("denied", "NotAllowedError");
  const key = (await request("GET", "/api/v1/push/key")).data.public_key;
  const manager = await pushManager();
  let subscription;
  try {
    subscription = await withTimeout(
      manager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) }), SUBSCRIBE_TIMEOUT_MS);
  } catch (error) {
    if (error?.name === "NotAllowedError") throw error;
    throw new Unreachable(String(error?.message ?? error));
  }
  const json = subscription.toJSON();
  const answer = (await request("POST", "/api/v1/push/subscriptions", {
    body: { endpoint: json.endpoint, keys: json.keys, locale: language(), ...extra },
  })).data;
  return { endpoint: json.endpoint, auth: json.keys.auth, bound: answer.bound_to_account, id: answer.id };
}

function proof(record) {
  return { endpoint: record.endpoint, auth: record.auth };
}

async function switchOff(record) {
  try {
    await request("DELETE", "/api/v1/push/subscriptions", { body: proof(record) });
  } catch (error) {
    // Already gone at the API (removed from another device, or retired): switching off still goes on here.
    if (!(error instanceof ApiProblem) || error.status !== 404) throw error;
  }
  await (await liveSubscription())?.unsubscribe();
  await forgetDevice();
}

// This device's state: subscribed (the record and a live browser subscription agree) or not.
async function currentDevice() {
  const record = await deviceRecord();
  if (!record) return null;
  const live = await liveSubscription();
  if (live?.endpoint === record.endpoint) return record;
  await forgetDevice(); // the browser dropped it (permission withdrawn, data cleared)
  return null;
}

export async function show(ctx) {
  const { main, setTitle } = ctx;
  setTitle(t("notify.title"));
  const status = h("div", { class: "notify-status" });
  const account = currentAccount();
  // The device's state and the account's devices are asked for first and the screen is drawn once, so that
  // nothing moves when they arrive.
  if (supported()) await render({ ctx, status, account, message: null });
  else status.replaceChildren(notice("info", t("notify.unsupported"), t("notify.unsupportedText")));
  main.replaceChildren(
    heading(t("notify.title")),
    paragraph(t("notify.intro")),
    account ? paragraph(t("notify.introAccount")) : null,
    status,
    h("section", { class: "notify-ios", "aria-labelledby": "notify-ios" },
      h("h2", { id: "notify-ios", class: "kern-heading-small" }, t("notify.iosTitle")),
      paragraph(t("notify.iosText"))),
  );
}

async function render(screen) {
  const device = await currentDevice();
  const parts = [];
  if (screen.message) parts.push(screen.message);
  if (device) parts.push(...subscribedParts(screen, device));
  else if (iosOutsideHomeScreen()) parts.push(notice("warning", t("notify.iosNow"), t("notify.iosText")));
  else parts.push(screen.account ? await accountOptIn(screen) : await anonymousOptIn(screen));
  if (screen.account) parts.push(await devicesSection(screen, device));
  screen.status.replaceChildren(...parts);
  screen.message?.focus();
  screen.message = null;
}

// After an action: what happened, focused, above the screen's new state.
function say(screen, kind, title, body) {
  screen.message = notice(kind, title, body, { focusable: true });
  return render(screen);
}

function failure(screen, error) {
  if (error instanceof Unreachable) return say(screen, "danger", t("notify.unreachable"), t("notify.unreachableText"));
  if (error?.name === "NotAllowedError") return say(screen, "danger", t("notify.denied"), t("notify.deniedText"));
  if (error instanceof ApiProblem) {
    if (error.kind === "unauthorized") return undefined;
    screen.message = problemNotice(error);
    screen.message.tabIndex = -1;
    return render(screen);
  }
  throw error;
}

function actionButton(label, onclick, variant = "secondary") {
  return h("button", { type: "button", class: `kern-btn kern-btn--${variant}`, onclick },
    h("span", { class: "kern-label" }, label));
}

async function accountOptIn(screen) {
  let hasProfile = true;
  try {
    await request("GET", "/api/v1/me/volunteer-profile");
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 404) unlessSignedOut(error);
    hasProfile = false;
  }
  return h("div", { class: "notify-optin" },
    paragraph(t("notify.fromProfile"), " ", link("#/profil", t("notify.editProfile"))),
    hasProfile ? null : notice("info", t("notify.noProfile")),
    actionButton(t("notify.switchOnAccount"), (event) => switchOn(screen, event.currentTarget, {}), "primary"));
}

async function categoriesField() {
  let categories = [];
  try {
    categories = (await request("GET", "/api/v1/categories", { query: { lang: language() } })).data;
  } catch {
    // Without the list the device hears about every category, which is the default anyway.
  }
  return h("fieldset", { class: "kern-fieldset kern-form-input", dataset: { field: "categories" } },
    h("legend", { class: "kern-label" }, t("notify.categories")),
    h("div", { class: "kern-fieldset__body notify-categories" }, categories.map((category) =>
      h("div", { class: "kern-form-check" },
        h("input", { class: "kern-form-check__checkbox", type: "checkbox", id: `notify-category-${category.slug}`,
          name: "categories", value: category.slug }),
        h("label", { class: "kern-label", for: `notify-category-${category.slug}` }, category.label)))));
}

async function anonymousOptIn(screen) {
  const element = form({
    label: t("notify.title"),
    fields: [
      field({ name: "place", label: t("notify.place"), hint: t("notify.placeHint"), autocomplete: "off",
        maxlength: 100 }),
      field({ name: "radius_km", label: t("notify.radius"), value: "10",
        options: [["2", "2 km"], ["5", "5 km"], ["10", "10 km"], ["25", "25 km"]] }),
      await categoriesField(),
    ],
    submit: t("notify.switchOn"),
    onSubmit: async (values, formElement) => {
      const text = values.place.trim();
      if (!text) {
        showErrors(formElement, [{ name: "place", reason: t("notify.missingPlace") }]);
        return;
      }
      const [place] = (await request("GET", "/api/v1/places", { query: { q: text, limit: 1 } })).data.places;
      if (!place) {
        showErrors(formElement, [{ name: "place", reason: t("notify.unknownPlace") }]);
        return;
      }
      const categories = [...formElement.querySelectorAll("input[name=categories]:checked")].map((box) => box.value);
      await switchOn(screen, formElement.querySelector("button[type=submit]"), {
        area: { lat: place.lat, lon: place.lon, radius_km: Number(values.radius_km) }, categories,
      }, { place: place.label, radius_km: Number(values.radius_km) });
    },
  });
  return element;
}

async function switchOn(screen, button, extra, remember = {}) {
  const waiting = h("p", { class: "kern-body", role: "status" }, t("notify.askingBrowser"));
  button.after(waiting);
  button.disabled = true;
  try {
    const record = await subscribeDevice(extra);
    await saveDeviceRecord({ ...record, ...remember });
    await say(screen, "success", t("notify.switchedOn"), t("notify.switchedOnText"));
  } catch (error) {
    await failure(screen, error);
  } finally {
    button.disabled = false;
    waiting.remove();
  }
}

function subscribedParts(screen, device) {
  const what = device.bound ? t("notify.onAccount")
    : device.place ? t("notify.onAnonymous", device.place, device.radius_km) : "";
  const parts = [
    h("div", { class: "notify-on" },
      h("h2", { class: "kern-heading-medium" }, t("notify.on")),
      what ? paragraph(what) : null,
      h("div", { class: "notify-actions" },
        actionButton(t("notify.test"), () => sendTest(screen, device), "primary"),
        actionButton(t("notify.off"), () => off(screen, device)))),
  ];
  if (screen.account && !device.bound) {
    parts.push(h("div", { class: "notify-bind" }, paragraph(t("notify.bindText")),
      actionButton(t("notify.bind"), (event) => switchOn(screen, event.currentTarget, {}))));
  }
  return parts;
}

async function sendTest(screen, device) {
  try {
    await request("POST", "/api/v1/push/test", { body: proof(device) });
    await say(screen, "success", t("notify.testSent"), t("notify.testSentText"));
  } catch (error) {
    await failure(screen, error);
  }
}

async function off(screen, device) {
  try {
    await switchOff(device);
    await say(screen, "success", t("notify.offDone"));
  } catch (error) {
    await failure(screen, error);
  }
}

async function devicesSection(screen, device) {
  const section = h("section", { class: "notify-devices", "aria-labelledby": "notify-devices" },
    h("h2", { id: "notify-devices", class: "kern-heading-medium" }, t("notify.devices")));
  let devices;
  try {
    devices = (await request("GET", "/api/v1/me/push-subscriptions")).data;
  } catch (error) {
    unlessSignedOut(error);
    section.append(problemNotice(error));
    return section;
  }
  if (!devices.length) {
    section.append(paragraph(t("notify.noDevices")));
    return section;
  }
  section.append(h("ul", { class: "notify-device-list" }, devices.map((item) => {
    const mine = device && item.endpoint === device.endpoint;
    const name = mine ? `${item.device} (${t("notify.thisDevice")})` : item.device;
    return h("li", { class: "notify-device" },
      h("p", { class: "notify-device__name" }, name),
      h("p", { class: "notify-device__dates" }, [t("notify.since", formatDateTime(item.created_at)),
        item.last_notified_at ? t("notify.lastSent", formatDateTime(item.last_notified_at)) : null]
        .filter(Boolean).join(" · ")),
      actionButton(t("notify.remove", name), () => removeDevice(screen, item, mine, name)));
  })));
  return section;
}

async function removeDevice(screen, item, mine, name) {
  try {
    await request("DELETE", `/api/v1/me/push-subscriptions/${encodeURIComponent(item.id)}`);
    if (mine) {
      await (await liveSubscription())?.unsubscribe();
      await forgetDevice();
    }
    await say(screen, "success", t("notify.removed", name));
  } catch (error) {
    await failure(screen, error);
  }
}

