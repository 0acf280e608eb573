// The one way this app calls the API. Every call sends the app's language (the API answers problems in it)
// and, for writes, the CSRF token from its cookie; every failure becomes an ApiProblem that says what kind of
// failure it was: offline, signed out (the app then asks to sign in and comes back), too many requests (with
// Retry-After), temporarily unavailable, or a problem+json answer whose invalid-params name form fields.

import { language, t } from "./i18n.js";

const SAFE = new Set(["GET", "HEAD"]);
const CSRF_COOKIE = "csrftoken";

export class ApiProblem extends Error {
  constructor({ status = 0, type = "about:blank", title = "", detail = "", params = [], retryAfter = null,
    kind = "problem" } = {}) {
    super(detail || title || kind);
    this.status = status;
    this.type = type;
    this.title = title;
    this.detail = detail;
    this.params = params;
    this.retryAfter = retryAfter;
    this.kind = kind;
  }

  get offline() {
    return this.kind === "offline";
  }
}

let onUnauthorized = () => {};

// The router's "sign in, then come back here"; called once per 401 of a call that needs a session.
export function whenSignedOut(handler) {
  onUnauthorized = handler;
}

function cookie(name) {
  for (const part of document.cookie.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return null;
}

async function csrfToken() {
  // GET /api/v1/session sets the cookie; a first visit has none yet.
  if (!cookie(CSRF_COOKIE)) await request("GET", "/api/v1/session");
  return cookie(CSRF_COOKIE) ?? "";
}

function retryAfterSeconds(value) {
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

async function problemOf(response) {
  let body = {};
  try {
    body = await response.json();
  } catch {
    // Not problem+json (a proxy's error page, say): the status alone still tells what happened.
  }
  const retryAfter = retryAfterSeconds(response.headers.get("Retry-After"));
  const kind =
    response.status === 401 ? "unauthorized"
    : response.status === 429 ? "rate-limited"
    : response.status === 503 ? "unavailable"
    : "problem";
  return new ApiProblem({
    status: response.status,
    type: body.type ?? "about:blank",
    title: body.title ?? "",
    detail: body.detail ?? "",
    params: Array.isArray(body["invalid-params"]) ? body["invalid-params"] : [],
    retryAfter,
    kind,
  });
}

// request("POST", "/api/v1/session", { body: {...} }) → { status, data, etag }.
// `query` values that are empty are left out (arrays repeat the parameter); `etag` is sent as If-Match;
// `signIn: false` keeps a 401 from leading to the sign-in screen (for calls that only ask who is signed in).
export async function request(method, path, { query = {}, body, etag, signal, signIn = true } = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null && item !== "") url.searchParams.append(name, item);
    }
  }
  const headers = { Accept: "application/json", "Accept-Language": language() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (!SAFE.has(method)) headers["X-CSRFToken"] = await csrfToken();
  if (etag) headers["If-Match"] = etag;
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      signal,
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiProblem({ kind: "offline" });
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (problem.kind === "unauthorized" && signIn) onUnauthorized();
    throw problem;
  }
  const type = response.headers.get("Content-Type") ?? "";
  const data = response.status === 204 ? null : type.includes("json") ? await response.json() : await response.text();
  return { status: response.status, data, etag: response.headers.get("ETag") };
}

// What to tell the person about a failure, in their language.
export function describeProblem(error) {
  if (!(error instanceof ApiProblem)) {
    console.error(error);
    return { title: t("problemTitle"), detail: "" };
  }
  switch (error.kind) {
    case "offline":
      return { title: t("networkTitle"), detail: t("networkDetail") };
    case "rate-limited":
      return { title: t("tooManyTitle"), detail: t("tryAgainIn", Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60))) };
    case "unavailable":
      return { title: t("unavailableTitle"), detail: error.detail || t("unavailableDetail") };
    default:
      return { title: error.title || t("problemTitle"), detail: error.detail || "" };
  }
}
