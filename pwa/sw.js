// The app shell comes from the cache at once and is refreshed in the background, so a change shows on
// the next start. API reads go to the network first and fall back to their last answer, so the last
// results stay readable offline. Nothing but GET is ever cached.

const SHELL_CACHE = "volumap-shell-v1";
const API_CACHE = "volumap-api-v1";
const API_CACHE_ENTRIES = 60;
const SHELL = [
  "/",
  "/offline.html",
  "/styles.css",
  "/app.js",
  "/api.js",
  "/i18n.js",
  "/places.js",
  "/rich-text.js",
  "/views.js",
  "/manifest.webmanifest",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/icon-maskable-512.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL.map((path) => new Request(path, { cache: "reload" }))))
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

async function staleWhileRevalidate(event, path) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(path);
  const refreshed = fetch(path).then((response) => {
    if (response.ok) cache.put(path, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(refreshed.catch(() => undefined));
    return cached;
  }
  return refreshed;
}

async function trim(cache) {
  const keys = await cache.keys();
  const oldest = keys.slice(0, Math.max(0, keys.length - API_CACHE_ENTRIES));
  await Promise.all(oldest.map((key) => cache.delete(key)));
}

async function networkFirst(event) {
  const cache = await caches.open(API_CACHE);
  try {
    const response = await fetch(event.request);
    if (response.ok) {
      event.waitUntil(cache.put(event.request, response.clone()).then(() => trim(cache)));
    }
    return response;
  } catch (error) {
    const cached = await cache.match(event.request);
    if (cached) return cached;
    throw error;
  }
}

async function pageOrOfflineNotice(event) {
  try {
    return await fetch(event.request);
  } catch {
    return (await caches.match("/offline.html")) ?? Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) {
    event.respondWith(networkFirst(event));
  } else if (request.mode === "navigate") {
    const isApp = url.pathname === "/" || url.pathname === "/index.html";
    event.respondWith(isApp ? staleWhileRevalidate(event, "/") : pageOrOfflineNotice(event));
  } else if (SHELL.includes(url.pathname) && url.search === "") {
    event.respondWith(staleWhileRevalidate(event, url.pathname));
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
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
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
