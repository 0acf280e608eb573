// What the account screens share: the texts several of them say (the password rules, "check your inbox"),
// KERN notices, links that look like buttons, and how they read the API's answers to a link's token.

import { h, icon } from "../../lib/dom.js";
import { field, form, showErrors } from "../../lib/forms.js";
import { addTexts, t } from "../../lib/i18n.js";
import { ApiProblem, describeProblem, request } from "../../lib/request.js";
import { currentAccount, setAccount } from "../../lib/session.js";

addTexts({
  de: {
    "account.email": "E-Mail-Adresse",
    "account.password": "Passwort",
    "account.passwordHint":
      "Mindestens 10 Zeichen. Nimm kein gängiges Passwort und nicht deine E-Mail-Adresse. Tipp: Mehrere Wörter " +
      "hintereinander kann man sich gut merken, aber schwer erraten.",
    "account.missingEmail": "Gib deine E-Mail-Adresse ein",
    "account.missingPassword": "Gib dein Passwort ein",
    "account.missingNewPassword": "Gib ein neues Passwort ein",
    "account.checkInbox": "Schau in dein E-Mail-Postfach",
    "account.noEmail": "Keine E-Mail bekommen?",
    "account.spam": "Schau auch in deinem Spam-Ordner nach. Manchmal dauert es ein paar Minuten.",
    "account.signIn": "Anmelden",
    "account.toAccount": "Zu „Mein Konto“",
    "account.backToAccount": "Zurück zu „Mein Konto“",
    "account.toSearch": "Angebote suchen",
    "account.working": "Einen Moment bitte …",
    "account.tryAgain": "Noch einmal versuchen",
    "account.linkIncomplete": "Dieser Link ist unvollständig",
    "account.linkIncompleteText":
      "Im Link fehlt ein Teil. Öffne den Link aus der E-Mail noch einmal. Wenn du ihn kopierst, kopiere ihn ganz.",
    "account.linkUnusable": "Dieser Link funktioniert nicht mehr",
    "account.linkUnusableText": "Der Link ist abgelaufen, wurde schon benutzt oder ist unvollständig.",
  },
  en: {
    "account.email": "Email address",
    "account.password": "Password",
    "account.passwordHint":
      "At least 10 characters. Do not use a common password or your email address. Tip: several words in a row " +
      "are easy to remember but hard to guess.",
    "account.missingEmail": "Enter your email address",
    "account.missingPassword": "Enter your password",
    "account.missingNewPassword": "Enter a new password",
    "account.checkInbox": "Check your email",
    "account.noEmail": "Not received an email?",
    "account.spam": "Check your spam or junk folder too. Sometimes it takes a few minutes.",
    "account.signIn": "Sign in",
    "account.toAccount": "Go to “My account”",
    "account.backToAccount": "Back to “My account”",
    "account.toSearch": "Find opportunities",
    "account.working": "One moment please …",
    "account.tryAgain": "Try again",
    "account.linkIncomplete": "This link is incomplete",
    "account.linkIncompleteText":
      "Part of the link is missing. Open the link in the email again. If you copy it, copy all of it.",
    "account.linkUnusable": "This link no longer works",
    "account.linkUnusableText": "The link has expired, has already been used or is incomplete.",
  },
});

// A KERN alert: kind is success, info, warning or danger. `focusable` lets a screen move focus to it.
export function notice(kind, title, body = [], { focusable = false } = {}) {
  const paragraphs = (Array.isArray(body) ? body : [body]).filter(Boolean);
  return h("div", { class: `kern-alert kern-alert--${kind} notice`, role: kind === "danger" ? "alert" : "status",
    tabindex: focusable ? "-1" : null },
  h("div", { class: "kern-alert__header" }, icon(kind), h("p", { class: "kern-title" }, title)),
  paragraphs.length
    ? h("div", { class: "kern-alert__body" },
      paragraphs.map((text) => h("p", { class: "kern-body" }, text)))
    : null);
}

export function heading(text) {
  return h("h1", { class: "kern-heading-large" }, text);
}

// The heading of a page that confirms something is done, with KERN's success mark (GOV.UK's confirmation page).
export function doneHeading(text) {
  return h("h1", { class: "kern-heading-large done-heading" }, icon("success", "large"), h("span", {}, text));
}

export function paragraph(...children) {
  return h("p", { class: "kern-body" }, ...children);
}

export function link(href, label) {
  return h("a", { href, class: "kern-link" }, label);
}

// A link that leads on, drawn as a button (GOV.UK's "start" and "continue" links).
export function buttonLink(href, label, variant = "primary") {
  return h("a", { href, class: `kern-btn kern-btn--${variant} account-onward` },
    h("span", { class: "kern-label" }, label));
}

export function links(...items) {
  return h("ul", { class: "actions-list" }, items.filter(Boolean).map((item) => h("li", {}, item)));
}

export function strong(text) {
  return h("strong", {}, text);
}

// The link's token was refused (unknown, used or expired): the API names the field "token".
export function isTokenProblem(error) {
  return error instanceof ApiProblem && error.status === 400 &&
    error.params.some((param) => String(param.name).replace(/^body\./, "") === "token");
}

// A 401 while a form is sent: request() is already taking the person to sign in (and back here), so the form
// has nothing to show.
export function unlessSignedOut(error) {
  if (error instanceof ApiProblem && error.kind === "unauthorized") return;
  throw error;
}

// After a link changed the account (address confirmed or changed): the header and "Mein Konto" show it now.
// Failing to ask is no failure of the link, so it is quiet.
export async function refreshAccount() {
  if (!currentAccount()) return;
  try {
    setAccount((await request("GET", "/api/v1/me", { signIn: false })).data);
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    if (error.kind === "unauthorized") setAccount(null);
  }
}

export function problemNotice(error, retry) {
  const { title, detail } = describeProblem(error);
  const alert = notice("danger", title, detail);
  if (retry) {
    const body = alert.querySelector(".kern-alert__body") ?? alert.appendChild(h("div", { class: "kern-alert__body" }));
    body.append(h("button", { type: "button", class: "kern-btn kern-btn--secondary", onclick: retry },
      h("span", { class: "kern-label" }, t("account.tryAgain"))));
  }
  return alert;
}

// A screen that uses a link's token as soon as it opens (confirming an address) and then says how it went.
// A token works once, so each token's outcome is kept for this tab (`outcomes`, token → promise): switching
// the language, even while the API is still answering, or coming back with the browser's Back button shows
// it again instead of asking the API a second time (which would answer "already used"). `use(token)` calls
// the API; `screens` draw "confirmed", "refused" (unknown, used or expired), "taken" (409: the address
// belongs to another account by now) and "incomplete" (no token). Other failures can be tried again.
export async function useTokenOnOpen(ctx, { title, use, outcomes, screens }) {
  const { main, query, setTitle } = ctx;
  const token = query.get("token");
  if (!token) {
    screens.incomplete(ctx);
    return;
  }
  if (!outcomes.has(token)) outcomes.set(token, outcomeOf(use, token));
  setTitle(title);
  const status = h("p", { class: "kern-body", role: "status" }, t("account.working"));
  main.append(heading(title), status);
  const outcome = await outcomes.get(token);
  if (!status.isConnected) return; // the person went elsewhere, or the screen was drawn again, meanwhile
  main.replaceChildren();
  if (outcome instanceof Error) {
    outcomes.delete(token);
    main.append(heading(title), problemNotice(outcome, async () => {
      main.replaceChildren();
      await useTokenOnOpen(ctx, { title, use, outcomes, screens });
      ctx.focusHeading();
    }));
    return;
  }
  screens[outcome](ctx);
}

async function outcomeOf(use, token) {
  try {
    await use(token);
  } catch (error) {
    if (isTokenProblem(error)) return "refused";
    if (error instanceof ApiProblem && error.status === 409) return "taken";
    return error;
  }
  await refreshAccount();
  return "confirmed";
}

// What a confirmation page says when the e-mail does not arrive: the spam folder, then `more` (nodes).
export function noEmailHelp(...more) {
  return h("div", { class: "account-help" },
    h("h2", { class: "kern-heading-medium" }, t("account.noEmail")),
    h("ul", { class: "kern-list kern-list--bullet" },
      h("li", {}, t("account.spam")), more.filter(Boolean).map((item) => h("li", {}, item))));
}

// The address last typed into an account form in this tab, so the next form need not ask again.
let lastEmail = "";

export function rememberEmail(address) {
  lastEmail = address;
}

export function rememberedEmail() {
  return lastEmail;
}

// The form that asks for a link by e-mail (a new confirmation link, a password reset): one address, sent to
// `endpoint`, then the screen's confirmation page at `here?gesendet=1`, which names the address typed.
export function emailLinkForm({ label, submit, endpoint, here, navigate }) {
  return form({
    label,
    fields: [
      field({ name: "email", label: t("account.email"), type: "email", autocomplete: "email", required: true,
        value: rememberedEmail() || undefined }),
    ],
    submit,
    async onSubmit(values, element) {
      const email = values.email.trim();
      if (!email) {
        showErrors(element, [{ name: "email", reason: t("account.missingEmail") }]);
        return;
      }
      await request("POST", endpoint, { body: { email }, signIn: false });
      rememberEmail(email);
      navigate(`${here}?gesendet=1`, { replace: true });
    },
  });
}
