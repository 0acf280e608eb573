// This device's Web Push subscription as the API knows it: its endpoint and authentication secret (the proof
// the API asks for to test, change or end it), whether it is bound to an account, and for an anonymous one the
// place it listens around. Kept in the Cache API, not localStorage, because the service worker (pwa/sw.js,
// DEVICE_CACHE) reads it too: on `pushsubscriptionchange` it proves the old subscription with it.

const CACHE = "volumap-device";
const KEY = "/__volumap/push-device";

export async function deviceRecord() {
  if (!("caches" in self)) return null;
  const response = await (await caches.open(CACHE)).match(KEY);
  return response ? response.json() : null;
}

export async function saveDeviceRecord(record) {
  const cache = await caches.open(CACHE);
  await cache.put(KEY, new Response(JSON.stringify(record), { headers: { "Content-Type": "application/json" } }));
}

export async function forgetDevice() {
  if ("caches" in self) await (await caches.open(CACHE)).delete(KEY);
}
