// The service worker. The server writes in the asset version, the asset path and the files to keep
// (api/domain/system/app_shell.py), so a new version of the app is a new cache and nothing is listed by hand.
// The app (every file under the versioned asset path) comes from the cache; "/" is fetched first and falls back
// to the cached copy offline; API reads go to the network first and fall back to their last answer, so the last
// results stay readable offline. Nothing but GET is ever cached.

const VERSION = "__VERSION__";
const ASSETS = "__ASSETS__";
const PRECACHE = ["__PRECACHE__"];
const SHELL_CACHE = `volumap-shell-${VERSION}`;
const API_CACHE = "volumap-api-v1";
const API_CACHE_ENTRIES = 60;

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
        const outdated = names.filter((name) => name !== SHELL_CACHE && name !== API_CACHE);
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
    if (response.ok) {
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

// Opening a notification goes to its link, in an open window of the app if there is one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = ownLink(event.notification.data?.url ? event.notification.data.url : "/");
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) return open.navigate(url).then((client) => (client || open).focus());
      return self.clients.openWindow(url);
    }),
  );
});
