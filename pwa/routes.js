// The route table: every screen of the app, by the hash path that opens it. Links the back end sends (e-mail,
// push, calendar; api/lib/app_links.py builds them) land here too; tests/e2e/test_app_shell.py opens each.
//   view      the module that renders the screen (loaded when first opened)
//   access    "anyone", or "account" (signed in; otherwise sign in first and come back)
//   name      for screens still to come: the page's name, shown by views/coming-soon.js
//   audience  for those: "resident", or "member"/"moderator" (they are asked to sign in)

const search = () => import("./views/search.js");
const comingSoon = () => import("./views/coming-soon.js");

export const ROUTES = [
  { path: "/", view: search, access: "anyone" },
  { path: "/angebot/:id", view: search, access: "anyone" },
  { path: "/angebot/:id/melden", view: () => import("./views/report.js"), access: "anyone" },
  { path: "/organisation/:slug", view: () => import("./views/organisation.js"), access: "anyone" },

  { path: "/konto/registrieren", view: () => import("./views/account/sign-up.js"), access: "anyone" },
  { path: "/konto/bestaetigen", view: () => import("./views/account/confirm.js"), access: "anyone" },
  { path: "/konto/bestaetigung-senden", view: () => import("./views/account/resend.js"), access: "anyone" },
  { path: "/anmelden", view: () => import("./views/account/sign-in.js"), access: "anyone" },
  { path: "/passwort-vergessen", view: () => import("./views/account/forgot-password.js"), access: "anyone" },
  { path: "/passwort-neu", view: () => import("./views/account/reset-password.js"), access: "anyone" },
  { path: "/konto", view: () => import("./views/account/settings.js"), access: "account" },
  { path: "/konto/passwort", view: () => import("./views/account/change-password.js"), access: "account" },
  { path: "/konto/email", view: () => import("./views/account/change-email.js"), access: "account" },
  { path: "/konto/email-bestaetigen", view: () => import("./views/account/confirm-email.js"), access: "anyone" },

  { path: "/profil", view: () => import("./views/me/profile.js"), access: "account" },
  { path: "/fuer-dich", view: () => import("./views/me/for-you.js"), access: "account" },
  { path: "/meine-einsaetze", view: () => import("./views/me/engagements.js"), access: "account" },
  { path: "/platz-annehmen", view: () => import("./views/me/take-place.js"), access: "anyone" },
  { path: "/meine-daten", view: () => import("./views/me/my-data.js"), access: "account" },
  { path: "/benachrichtigungen", view: () => import("./views/me/notifications.js"), access: "anyone" },

  { path: "/barrierefreiheit", view: () => import("./views/pages/accessibility.js"), access: "anyone" },
  { path: "/feedback", view: () => import("./views/pages/feedback.js"), access: "anyone" },
  { path: "/leichte-sprache", view: () => import("./views/pages/easy-language.js"), access: "anyone" },

  // Screens of the next issues: named, so a link from an e-mail never lands on the wrong page.
  { path: "/einladung", view: comingSoon, access: "anyone", audience: "member",
    name: { de: "Einladung in eine Organisation", en: "Invitation to an organisation" } },
  { path: "/verwaltung", view: comingSoon, access: "anyone", audience: "member",
    name: { de: "Verwaltung deiner Organisation", en: "Managing your organisation" } },
  { path: "/verwaltung/angebot/:id", view: comingSoon, access: "anyone", audience: "member",
    name: { de: "Angebot verwalten", en: "Manage an offer" } },
  { path: "/verwaltung/angebot/:id/bewerbungen", view: comingSoon, access: "anyone", audience: "member",
    name: { de: "Bewerbungen auf ein Angebot", en: "Applications for an offer" } },
];

// "#/angebot/42?x=1" → { route, params: { id: "42" }, query: URLSearchParams } or null for an unknown path.
export function match(hash) {
  const [path, search = ""] = (hash.replace(/^#/, "") || "/").split("?");
  const segments = path.split("/").filter(Boolean);
  for (const route of ROUTES) {
    const pattern = route.path.split("/").filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params = {};
    const fits = pattern.every((part, index) => {
      if (part.startsWith(":")) {
        params[part.slice(1)] = decodeURIComponent(segments[index]);
        return true;
      }
      return part === segments[index];
    });
    if (fits) return { route, params, query: new URLSearchParams(search) };
  }
  return null;
}
