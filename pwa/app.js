// The app shell: language, the header's account links, the footer, and the router that shows the screen of
// the current hash (routes.js). Each screen is a module with show(ctx) (and optionally hide() and
// onLanguageChange(ctx)); its heading is focused after it is shown, so screen readers start at the new page.

import { h } from "./lib/dom.js";
import { initialLanguage, otherLanguage, setLanguage, t, translateStatic } from "./lib/i18n.js";
import { whenSignedOut } from "./lib/request.js";
import { currentAccount, loadAccount, onAccountChange, setAccount, signOut } from "./lib/session.js";
import { match } from "./routes.js";

const byId = (id) => document.getElementById(id);
const ui = {
  languageToggle: byId("language-toggle"),
  accountNav: byId("account-nav"),
  network: byId("network-status"),
  page: byId("page-view"),
  searchView: byId("search-view"),
  detailView: byId("detail-view"),
  feedbackLink: document.querySelector(".site-footer a[href='#/feedback']"),
};

let current = null; // { module, ctx, hash }
let navigation = 0;

export function navigate(hash, { replace = false } = {}) {
  if (replace) {
    history.replaceState(null, "", hash);
    route();
  } else if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

// After sign-in the app returns to `next`, if it is one of its own routes.
export function signInThenReturn() {
  const here = location.hash || "#/";
  if (here.startsWith("#/anmelden")) return;
  navigate(`#/anmelden?weiter=${encodeURIComponent(here)}`);
}

function setTitle(text) {
  document.title = text ? `${text} – ${t("appName")}` : t("pageTitle");
}

function showPageContainer(show) {
  ui.page.hidden = !show;
  if (show) {
    ui.searchView.hidden = true;
    ui.detailView.hidden = true;
  }
}

function focusHeading() {
  const heading = [...document.querySelectorAll("main h1")].find((candidate) => candidate.offsetParent !== null);
  if (!heading) return;
  heading.setAttribute("tabindex", "-1");
  heading.focus();
}

// The footer's feedback link names the screen it is followed from (views/pages/feedback.js), without the
// screen's query: a token from an e-mailed link must not end up in the feedback.
function pointFeedbackAt(found) {
  if (found?.route.path === "/feedback") return;
  const from = (location.hash || "#/").split("?")[0];
  ui.feedbackLink.href = `#/feedback?von=${encodeURIComponent(from)}`;
}

async function route() {
  const ticket = ++navigation;
  const found = match(location.hash);
  pointFeedbackAt(found);
  let module;
  let ctx;
  if (!found) {
    module = await import("./views/not-found.js");
    ctx = { route: null, params: {}, query: new URLSearchParams() };
  } else if (found.route.access === "account" && !currentAccount()) {
    signInThenReturn();
    return;
  } else {
    module = await found.route.view();
    ctx = { route: found.route, params: found.params, query: found.query };
  }
  if (ticket !== navigation) return; // another navigation started meanwhile
  const previous = current;
  if (previous && previous.module !== module) previous.module.hide?.();
  Object.assign(ctx, { main: ui.page, account: currentAccount(), navigate, setTitle, hash: location.hash,
    focusHeading, switchLanguage });
  showPageContainer(!module.ownsContainer);
  if (!module.ownsContainer) ui.page.replaceChildren();
  current = { module, ctx };
  const focusHandled = await module.show(ctx);
  if (ticket === navigation && focusHandled !== true && previous) focusHeading();
}

function renderAccountNav() {
  const account = currentAccount();
  const items = account
    ? [h("li", {}, h("a", { href: "#/konto" }, t("navAccount"))),
      h("li", {}, h("button", { type: "button", class: "link-button", onclick: async () => {
        await signOut();
        navigate("#/anmelden?abgemeldet=1");
      } }, t("navSignOut")))]
    : [h("li", {}, h("a", { href: "#/anmelden" }, t("navSignIn"))),
      h("li", {}, h("a", { href: "#/konto/registrieren" }, t("navSignUp")))];
  ui.accountNav.replaceChildren(...items);
}

async function applyLanguage(next, { remember = false } = {}) {
  setLanguage(next, { remember });
  document.documentElement.lang = next;
  translateStatic();
  ui.languageToggle.textContent = t("otherLanguageName");
  ui.languageToggle.lang = otherLanguage();
  renderAccountNav();
}

// The header's switch, for a screen that changes the language itself ("Mein Konto" saving the account's
// language): the shell follows and the choice is remembered; the screen redraws itself.
function switchLanguage(next) {
  return applyLanguage(next, { remember: true });
}

function renderNetwork() {
  ui.network.hidden = navigator.onLine;
}

function bindEvents() {
  document.querySelector(".skip-link").addEventListener("click", (event) => {
    // "#main" would be taken for a route; focus the heading of the screen instead.
    event.preventDefault();
    focusHeading();
  });
  ui.languageToggle.addEventListener("click", async () => {
    await applyLanguage(otherLanguage(), { remember: true });
    if (!current) return;
    current.ctx.account = currentAccount();
    if (current.module.onLanguageChange) await current.module.onLanguageChange(current.ctx);
    else {
      if (!current.module.ownsContainer) ui.page.replaceChildren();
      await current.module.show(current.ctx);
    }
  });
  window.addEventListener("hashchange", route);
  window.addEventListener("online", renderNetwork);
  window.addEventListener("offline", renderNetwork);
  onAccountChange(renderAccountNav);
  whenSignedOut(() => {
    setAccount(null);
    signInThenReturn();
  });
}

async function start() {
  bindEvents();
  renderNetwork();
  await applyLanguage(initialLanguage());
  await loadAccount();
  await route();
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch((error) => console.warn("No offline support:", error));
    // A notification opened while the app is open: the service worker asks this window to show its screen.
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data?.type !== "volumap:navigate") return;
      const target = new URL(event.data.url, location.origin);
      if (target.origin === location.origin) location.hash = target.hash || "#/";
    });
  }
}

start();
