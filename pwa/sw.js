// The service worker. The server writes in the asset version, the asset path and the files to keep
// (api/domain/system/app_shell.py), so a new version of the app is a new cache and nothing is listed by hand.
// The app (every file under the versioned asset path) comes from the cache; "/" is fetched first and falls back
// to the cached copy offline; public API reads go to the network first and fall back to their last answer, so
// the last results stay readable offline. Nothing but GET is ever cached, and nothing personal: answers marked
// no-store or private, and a person's own data, go past the cache.

const VERSION = "__VERSION__";
const ASSETS = "__ASSETS__";
const PRECACHE = ["__PRECACHE__"];
const SHELL_CACHE = `volumap-shell-${VERSION}`;
const API_CACHE = "volumap-api-v1";
const API_CACHE_ENTRIES = 60;
const PERSONAL = ["/api/v1/me", "/api/v1/session", "/api/v1/calendar/", "/api/v1/manage/", "/api/v1/moderation/"];
// This device's push subscription as the app registered it (pwa/lib/push-device.js writes it).
const DEVICE_CACHE = "volumap-device";
const DEVICE_KEY = "/__volumap/push-device";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((path) => new Request(path, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => {
        const outdated = names.filter((name) => ![SHELL_CACHE, API_CACHE, DEVICE_CACHE].includes(name));
        return Promise.all(outdated.map((name) => caches.delete(name)));
      })
      .then(() => self.clients.claim()),
  );
});

async function trim(cache) {
  const keys = await cache.keys();
  const oldest = keys.slice(0, Math.max(0, keys.length - API_CACHE_ENTRIES));
  await Promise.all(oldest.map((key) => cache.delete(key)));
}

async function networkFirst(event, cacheName, key = event.request) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(event.request);
    if (response.ok && !/no-store|private/.test(response.headers.get("Cache-Control") ?? "")) {
      event.waitUntil(cache.put(key, response.clone()).then(() => (cacheName === API_CACHE ? trim(cache) : null)));
    }
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(event) {
  const cached = await caches.match(event.request);
  if (cached) return cached;
  const response = await fetch(event.request);
  if (response.ok) {
    const cache = await caches.open(SHELL_CACHE);
    event.waitUntil(cache.put(event.request, response.clone()));
  }
  return response;
}

async function appOrOfflineNotice(event) {
  try {
    return await networkFirst(event, SHELL_CACHE, "/");
  } catch {
    return (await caches.match(`${ASSETS}/offline.html`)) ?? Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // A person's own data (their account, applications, export, devices) is never kept on the device.
  if (PERSONAL.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (url.pathname.startsWith("/api/")) {
    event.respondWith(networkFirst(event, API_CACHE));
  } else if (url.pathname.startsWith(`${ASSETS}/`)) {
    event.respondWith(cacheFirst(event));
  } else if (request.mode === "navigate" && url.pathname === "/") {
    event.respondWith(appOrOfflineNotice(event));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(async () => (await caches.match(`${ASSETS}/offline.html`)) ?? Response.error()));
  }
});

// A notification only ever opens this app: a link elsewhere becomes the app's start page.
function ownLink(url) {
  try {
    const target = new URL(url, self.location.origin);
    return target.origin === self.location.origin ? target.href : `${self.location.origin}/`;
  } catch {
    return `${self.location.origin}/`;
  }
}

// Web Push: the API's payload is JSON {type, title, body, url, tag}. The tag makes a repeated message
// replace the one already shown instead of adding a second.
self.addEventListener("push", (event) => {
  let message;
  try {
    message = event.data ? event.data.json() : null;
  } catch {
    message = null;
  }
  if (!message || typeof message.title !== "string") return;
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: typeof message.body === "string" ? message.body : "",
      tag: typeof message.tag === "string" ? message.tag : undefined,
      icon: `${ASSETS}/icons/icon-192.png`,
      badge: `${ASSETS}/icons/icon-192.png`,
      lang: self.navigator.language?.startsWith("en") ? "en" : "de",
      data: { url: ownLink(typeof message.url === "string" ? message.url : "/") },
    }),
  );
});

// Opening a notification goes to its screen: a window of the app already showing it is focused; otherwise an
// open window of the app is focused and told to go there (the app routes by the hash, pwa/app.js listens);
// without one, a new window opens. `clients` is passed in so that tests can call this with their own.
async function openFromNotification(data, clients = self.clients) {
  const url = ownLink(data?.url ? data.url : "/");
  const windows = await clients.matchAll({ type: "window", includeUncontrolled: true });
  const own = windows.filter((client) => new URL(client.url).origin === self.location.origin);
  const showing = own.find((client) => client.url === url);
  const chosen = showing ?? own.find((client) => client.focused) ?? own[0];
  if (!chosen) return { opened: await clients.openWindow(url), url };
  const focused = (await chosen.focus()) ?? chosen;
  if (!showing) focused.postMessage({ type: "volumap:navigate", url });
  return { focused, url };
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openFromNotification(event.notification.data));
});

// The browser replaced this device's subscription (keys rotated, or it expired): subscribe again if it did
// not hand over a new one, and move the API's subscription (its account, place, categories) to it, proven by
// the old one's endpoint and secret. `deps` lets tests call it with their own push manager and fetch.
async function renewSubscription(oldSubscription, newSubscription, deps = {}) {
  const { pushManager = self.registration.pushManager, fetchFn = fetch, cache = caches } = deps;
  const store = await cache.open(DEVICE_CACHE);
  const saved = await store.match(DEVICE_KEY);
  const record = saved ? await saved.json() : null;
  const old = oldSubscription ? oldSubscription.toJSON() : null;
  const proof = old ? { endpoint: old.endpoint, auth: old.keys.auth } : record && { endpoint: record.endpoint,
    auth: record.auth };
  if (!proof) return null; // nothing this app registered
  let fresh = newSubscription;
  if (!fresh) {
    let key = oldSubscription?.options?.applicationServerKey;
    if (!key) {
      const answer = await fetchFn("/api/v1/push/key", { credentials: "same-origin" });
      key = (await answer.json()).public_key;
    }
    fresh = await pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  }
  const json = fresh.toJSON();
  const response = await fetchFn("/api/v1/push/subscriptions/renewal", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ old: proof, new: { endpoint: json.endpoint, keys: json.keys } }),
  });
  if (!response.ok) return null;
  await store.put(DEVICE_KEY, new Response(JSON.stringify({ ...record, endpoint: json.endpoint, auth: json.keys.auth }),
    { headers: { "Content-Type": "application/json" } }));
  return json.endpoint;
}

self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(renewSubscription(event.oldSubscription, event.newSubscription));
});
