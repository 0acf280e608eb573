// "Mein Konto" (#/konto, signed in): the account's sections, one after another. Each section is a function
// of the account that returns its nodes; the next issues add theirs (profile, notifications, my data) to
// SECTIONS. The account is read afresh on opening (another tab may have confirmed the address); a 401 there
// or on saving leads through sign-in back to this screen.
//
// The language saved here is the account's (its e-mails come in it). After saving, the app switches to it
// the way the header's switch does, so the two never disagree right after a change; the header's switch
// on its own changes only this browser's display.

import { h } from "../../lib/dom.js";
import { field, form, radios, showErrors } from "../../lib/forms.js";
import { addTexts, language, t } from "../../lib/i18n.js";
import { ApiProblem, request } from "../../lib/request.js";
import { currentAccount, setAccount, signOut } from "../../lib/session.js";
import { heading, notice, paragraph, problemNotice, strong, unlessSignedOut } from "./parts.js";

addTexts({
  de: {
    "settings.title": "Mein Konto",
    "settings.greeting": (name) => `Hallo ${name}!`,
    "settings.engagement": "Dein Engagement",
    "settings.forYou": "Für dich",
    "settings.forYouText": "Angebote, die zu deinem Profil passen, mit dem Grund dafür.",
    "settings.engagements": "Meine Einsätze",
    "settings.engagementsText": "Deine Zusagen, Wartelisten-Plätze und dein Kalender.",
    "settings.profile": "Mein Profil",
    "settings.profileText": "Interessen, Zeiten, Sprachen und wo du helfen möchtest.",
    "settings.notifications": "Benachrichtigungen",
    "settings.notificationsText": "Neue Angebote und Neuigkeiten zu deinen Zusagen auf deinem Gerät.",
    "settings.myData": "Meine Daten",
    "settings.myDataText": "Alles herunterladen, was wir über dich speichern, oder dein Konto löschen.",
    "settings.signInDetails": "Deine Anmeldedaten",
    "settings.email": "E-Mail-Adresse",
    "settings.confirmed": "Bestätigt",
    "settings.unconfirmed": "Noch nicht bestätigt",
    "settings.password": "Passwort",
    "settings.passwordHidden": "Aus Sicherheitsgründen nicht angezeigt",
    "settings.change": "Ändern",
    "settings.changeEmail": "E-Mail-Adresse ändern",
    "settings.changePassword": "Passwort ändern",
    "settings.confirmTitle": "Bestätige deine E-Mail-Adresse",
    "settings.confirmText":
      "Erst dann kannst du bei Angeboten sagen „Ich helfe mit“. Öffne dazu den Link aus unserer E-Mail.",
    "settings.resend": "Link noch einmal schicken",
    "settings.resent": "Wir haben dir einen neuen Link geschickt",
    "settings.resentText": (email) => `Schau in dein Postfach (${email}). Ältere Links funktionieren nicht mehr.`,
    "settings.nameAndLanguage": "Name und Sprache",
    "settings.name": "Dein Name",
    "settings.nameHint": "So sprechen wir dich an.",
    "settings.missingName": "Gib deinen Namen ein",
    "settings.language": "Sprache",
    "settings.languageHint": "In dieser Sprache schicken wir dir E-Mails und zeigen dir die App.",
    "settings.save": "Speichern",
    "settings.saved": "Deine Änderungen sind gespeichert",
    "settings.signOut": "Abmelden",
    "settings.signOutText": "Nutzt du ein Gerät mit anderen zusammen? Dann melde dich ab, wenn du fertig bist.",
  },
  en: {
    "settings.title": "My account",
    "settings.greeting": (name) => `Hello ${name}!`,
    "settings.engagement": "Your volunteering",
    "settings.forYou": "For you",
    "settings.forYouText": "Opportunities that suit your profile, with the reason why.",
    "settings.engagements": "My engagements",
    "settings.engagementsText": "Your applications, waiting-list places and your calendar.",
    "settings.profile": "My profile",
    "settings.profileText": "Interests, times, languages and where you would like to help.",
    "settings.notifications": "Notifications",
    "settings.notificationsText": "New opportunities and news about your applications on your device.",
    "settings.myData": "My data",
    "settings.myDataText": "Download everything we store about you, or delete your account.",
    "settings.signInDetails": "Your sign-in details",
    "settings.email": "Email address",
    "settings.confirmed": "Confirmed",
    "settings.unconfirmed": "Not confirmed yet",
    "settings.password": "Password",
    "settings.passwordHidden": "Not shown, for your security",
    "settings.change": "Change",
    "settings.changeEmail": "Change email address",
    "settings.changePassword": "Change password",
    "settings.confirmTitle": "Confirm your email address",
    "settings.confirmText":
      "Only then can you say “I’ll help” on opportunities. To confirm, open the link in our email.",
    "settings.resend": "Send the link again",
    "settings.resent": "We have sent you a new link",
    "settings.resentText": (email) => `Check your inbox (${email}). Older links no longer work.`,
    "settings.nameAndLanguage": "Name and language",
    "settings.name": "Your name",
    "settings.nameHint": "This is what we call you.",
    "settings.missingName": "Enter your name",
    "settings.language": "Language",
    "settings.languageHint": "We send you emails and show you the app in this language.",
    "settings.save": "Save",
    "settings.saved": "Your changes have been saved",
    "settings.signOut": "Sign out",
    "settings.signOutText": "Do you share this device with others? Then sign out when you are done.",
  },
});

const SECTIONS = [engagement, signInDetails, nameAndLanguage, signingOut];

// A message for the next drawing only ("saved", "link sent"): shown at the top and focused.
let flash = null;
let drawing = 0;

export async function show(ctx) {
  const mine = ++drawing;
  let account = currentAccount();
  try {
    account = (await request("GET", "/api/v1/me")).data;
    setAccount(account);
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    if (error.kind === "unauthorized") return; // on the way to sign in, and back here afterwards
    // Offline or unavailable: what the app knew at sign-in is still worth showing.
  }
  if (mine !== drawing || location.hash !== ctx.hash || !account) return;
  const { main, setTitle } = ctx;
  setTitle(t("settings.title"));
  const message = flash;
  flash = null;
  main.replaceChildren(
    heading(t("settings.title")),
    ...(message ? [message] : []),
    paragraph(t("settings.greeting", account.display_name)),
    ...SECTIONS.map((section) => h("section", { class: "account-section" }, section(ctx, account))),
  );
  if (message) {
    message.focus();
    return true;
  }
}

function redraw(ctx, message) {
  flash = message;
  ctx.navigate("#/konto", { replace: true });
}

function summaryRow(key, value, action) {
  return h("div", { class: "kern-description-list-item" },
    h("dt", { class: "kern-description-list-item__key" }, key),
    h("dd", { class: "kern-description-list-item__value" }, value, action ? h("p", {}, action) : null));
}

function changeLink(href, what) {
  return h("a", { href, class: "kern-link" }, t("settings.change"),
    h("span", { class: "visually-hidden" }, ` (${what})`));
}

// The resident's own screens (pwa/views/me/).
function engagement() {
  const item = (href, label, text) => h("li", {}, h("a", { href, class: "kern-link" }, label),
    h("p", { class: "kern-body account-links__text" }, text));
  return [
    h("h2", { class: "kern-heading-medium" }, t("settings.engagement")),
    h("ul", { class: "account-links" },
      item("#/fuer-dich", t("settings.forYou"), t("settings.forYouText")),
      item("#/meine-einsaetze", t("settings.engagements"), t("settings.engagementsText")),
      item("#/profil", t("settings.profile"), t("settings.profileText")),
      item("#/benachrichtigungen", t("settings.notifications"), t("settings.notificationsText")),
      item("#/meine-daten", t("settings.myData"), t("settings.myDataText"))),
  ];
}

function signInDetails(ctx, account) {
  const status = account.email_verified ? t("settings.confirmed") : t("settings.unconfirmed");
  return [
    h("h2", { class: "kern-heading-medium" }, t("settings.signInDetails")),
    account.email_verified ? null : unconfirmedNotice(ctx, account),
    h("dl", { class: "kern-description-list account-summary" },
      summaryRow(t("settings.email"), [h("p", {}, strong(account.email)), h("p", {}, status)],
        changeLink("#/konto/email", t("settings.changeEmail"))),
      summaryRow(t("settings.password"), h("p", {}, t("settings.passwordHidden")),
        changeLink("#/konto/passwort", t("settings.changePassword")))),
  ];
}

function unconfirmedNotice(ctx, account) {
  const alert = notice("warning", t("settings.confirmTitle"), t("settings.confirmText"));
  const result = h("div", {});
  const button = h("button", { type: "button", class: "kern-btn kern-btn--secondary", onclick: async () => {
    button.disabled = true;
    result.replaceChildren();
    try {
      await request("POST", "/api/v1/accounts/verification/resend", { body: { email: account.email } });
      redraw(ctx, notice("success", t("settings.resent"), t("settings.resentText", account.email),
        { focusable: true }));
    } catch (error) {
      unlessSignedOut(error);
      result.append(problemNotice(error));
    } finally {
      button.disabled = false;
    }
  } }, h("span", { class: "kern-label" }, t("settings.resend")));
  alert.querySelector(".kern-alert__body").append(button, result);
  return alert;
}

function nameAndLanguage(ctx, account) {
  return [
    h("h2", { class: "kern-heading-medium" }, t("settings.nameAndLanguage")),
    form({
      label: t("settings.nameAndLanguage"),
      fields: [
        field({ name: "display_name", label: t("settings.name"), hint: t("settings.nameHint"), autocomplete: "name",
          maxlength: 80, required: true, value: account.display_name }),
        radios({ name: "locale", legend: t("settings.language"), hint: t("settings.languageHint"),
          value: account.locale,
          options: [["de", h("span", { lang: "de" }, "Deutsch")], ["en", h("span", { lang: "en" }, "English")]] }),
      ],
      submit: t("settings.save"),
      async onSubmit(values, element) {
        if (!values.display_name.trim()) {
          showErrors(element, [{ name: "display_name", reason: t("settings.missingName") }]);
          return;
        }
        let saved;
        try {
          saved = (await request("PATCH", "/api/v1/me", {
            body: { display_name: values.display_name.trim(), locale: values.locale },
          })).data;
        } catch (error) {
          unlessSignedOut(error);
          return;
        }
        setAccount(saved);
        if (saved.locale !== language()) await ctx.switchLanguage(saved.locale);
        redraw(ctx, notice("success", t("settings.saved"), [], { focusable: true }));
      },
    }),
  ];
}

function signingOut(ctx) {
  const result = h("div", {});
  return [
    h("h2", { class: "kern-heading-medium" }, t("settings.signOut")),
    paragraph(t("settings.signOutText")),
    h("button", { type: "button", class: "kern-btn kern-btn--secondary", onclick: async () => {
      result.replaceChildren();
      try {
        await signOut();
      } catch (error) {
        if (!(error instanceof ApiProblem)) throw error;
        result.append(problemNotice(error));
        return;
      }
      ctx.navigate("#/anmelden?abgemeldet=1");
    } }, h("span", { class: "kern-label" }, t("settings.signOut"))),
    result,
  ];
}
