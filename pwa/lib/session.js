// Who is signed in: null, or the account as GET /api/v1/me answers it. The header and the views that need an
// account read it here; sign-in, sign-out and a 401 change it.

import { ApiProblem, request } from "./request.js";

let account = null;
const listeners = new Set();

export function currentAccount() {
  return account;
}

export function setAccount(next) {
  account = next;
  for (const listener of listeners) listener(account);
}

export function onAccountChange(listener) {
  listeners.add(listener);
}

// Asks the API once at start (this also sets the CSRF cookie). Offline, the app starts signed out.
export async function loadAccount() {
  try {
    const { data } = await request("GET", "/api/v1/session", { signIn: false });
    setAccount(data.signed_in ? (await request("GET", "/api/v1/me", { signIn: false })).data : null);
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    setAccount(null);
  }
  return account;
}

export async function signOut() {
  await request("DELETE", "/api/v1/session", { signIn: false });
  setAccount(null);
}
