// The VoluMap API as the screen needs it. Failures become an ApiProblem carrying the RFC 9457 fields.

export class ApiProblem extends Error {
  constructor({ status = 0, title = "", detail = "", offline = false } = {}) {
    super(detail || title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.offline = offline;
  }
}

async function getJson(path, params = {}, signal = undefined) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" }, signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiProblem({ offline: true });
  }
  if (!response.ok) {
    let body = {};
    try {
      body = await response.json();
    } catch {
      // Not problem+json (a proxy's error page, say): the status alone still tells what happened.
    }
    throw new ApiProblem({ status: response.status, title: body.title ?? "", detail: body.detail ?? "" });
  }
  return response.json();
}

export function fetchCategories(language) {
  return getJson("/api/v1/categories", { lang: language });
}

export function searchOffers(search, cursor, signal) {
  return getJson("/api/v1/offers", { ...search, cursor }, signal);
}

export function fetchOffer(id, signal) {
  return getJson(`/api/v1/offers/${encodeURIComponent(id)}`, {}, signal);
}
