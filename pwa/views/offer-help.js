// "Ich helfe mit" on an offer's page: what a person can do depends on who they are. Signed out, they are
// asked to sign in (and come back); with an address not yet confirmed, to confirm it; signed in, they say
// "I'll help" with an optional message (on a full offer that puts them on the waiting list), see their
// application's status and can withdraw it, after a second question.

import { h, icon } from "../lib/dom.js";
import { field, form } from "../lib/forms.js";
import { addTexts, formatDateTime, t } from "../lib/i18n.js";
import { ApiProblem, describeProblem, request } from "../lib/request.js";
import { currentAccount, onAccountChange, setAccount } from "../lib/session.js";

addTexts({
  de: {
    "help.title": "Ich helfe mit",
    "help.signedOut":
      "Um mitzuhelfen, brauchst du ein Konto mit bestätigter E-Mail-Adresse. Nach dem Anmelden geht es hier weiter.",
    "help.signIn": "Anmelden",
    "help.signUp": "Konto anlegen",
    "help.unconfirmed": "Bestätige zuerst deine E-Mail-Adresse",
    "help.unconfirmedText":
      "Um mitzuhelfen, muss deine E-Mail-Adresse bestätigt sein. Folge dem Link in der E-Mail, die wir dir geschickt haben.",
    "help.resend": "Bestätigungs-E-Mail noch einmal senden",
    "help.intro": "Sag der Organisation, dass du mithelfen möchtest. Sie meldet sich dann bei dir.",
    "help.introFull":
      "Alle Plätze sind vergeben. Wenn du mithelfen möchtest, kommst du auf die Warteliste. Wird ein Platz frei, " +
      "bekommst du eine E-Mail.",
    "help.message": "Nachricht an die Organisation (optional)",
    "help.messageHint": "Zum Beispiel, wann du Zeit hast oder was du mitbringst.",
    "help.submit": "Ich helfe mit",
    "help.loading": "Einen Moment bitte …",
    "help.in": "Du bist dabei",
    "help.pendingText": "Deine Zusage ist bei der Organisation angekommen. Sie meldet sich bei dir.",
    "help.acceptedText": "Die Organisation hat dich angenommen.",
    "help.waiting": (n) => `Du stehst auf der Warteliste (Platz ${n})`,
    "help.waitingText": "Wird ein Platz frei, bekommst du eine E-Mail und kannst ihn annehmen.",
    "help.offered": "Ein Platz ist für dich frei",
    "help.offeredText": (until) => `Er ist bis ${until} für dich reserviert.`,
    "help.declined": "Die Organisation hat abgesagt",
    "help.declinedText": "Für dieses Angebot hat die Organisation jemand anderen gefunden.",
    "help.yourMessage": "Deine Nachricht",
    "help.withdraw": "Zurückziehen",
    "help.confirmQuestion": "Willst du deine Zusage wirklich zurückziehen?",
    "help.confirmText": "Die Organisation sieht dann, dass du nicht mehr dabei bist. Du kannst später neu zusagen.",
    "help.confirmWithdraw": "Ja, zurückziehen",
    "help.cancel": "Abbrechen",
    "help.withdrawn": "Deine Zusage ist zurückgezogen",
  },
  en: {
    "help.title": "I’ll help",
    "help.signedOut":
      "To help, you need an account with a confirmed email address. After signing in you come back here.",
    "help.signIn": "Sign in",
    "help.signUp": "Create an account",
    "help.unconfirmed": "Please confirm your email address first",
    "help.unconfirmedText":
      "To help, your email address must be confirmed. Follow the link in the email we sent you.",
    "help.resend": "Send the confirmation email again",
    "help.intro": "Tell the organisation that you would like to help. They will then get in touch.",
    "help.introFull":
      "All places are taken. If you would like to help, you join the waiting list. When a place becomes free, " +
      "you get an email.",
    "help.message": "Message to the organisation (optional)",
    "help.messageHint": "For example, when you have time or what you bring.",
    "help.submit": "I’ll help",
    "help.loading": "One moment please …",
    "help.in": "You’re in",
    "help.pendingText": "The organisation has your offer to help. They will get in touch.",
    "help.acceptedText": "The organisation has accepted you.",
    "help.waiting": (n) => `You are on the waiting list (place ${n})`,
    "help.waitingText": "When a place becomes free, you get an email and can take it.",
    "help.offered": "A place is free for you",
    "help.offeredText": (until) => `It is held for you until ${until}.`,
    "help.declined": "The organisation has said no",
    "help.declinedText": "The organisation has found someone else for this opportunity.",
    "help.yourMessage": "Your message",
    "help.withdraw": "Withdraw",
    "help.confirmQuestion": "Do you really want to withdraw?",
    "help.confirmText": "The organisation will see that you are no longer taking part. You can offer to help again later.",
    "help.confirmWithdraw": "Yes, withdraw",
    "help.cancel": "Cancel",
    "help.withdrawn": "You have withdrawn",
  },
});

// Applications that no longer hold or ask for anything (api/db/applications.py ApplicationStatus): the person can say "I'll help" again.
const OVER = new Set(["withdrawn", "lapsed"]);

// The person's application for the offer shown, kept while the page is redrawn (another language).
const known = { offerId: null, application: undefined, confirming: false, withdrawn: false };

// The area on screen: signing in or out elsewhere (the header) draws it again.
let redrawShown = null;
onAccountChange(() => {
  known.application = undefined;
  known.confirming = false;
  redrawShown?.();
});

function reset(offerId) {
  if (known.offerId === offerId) return;
  Object.assign(known, { offerId, application: undefined, confirming: false, withdrawn: false });
}

function notice(kind, title, body = [], { focusable = false } = {}) {
  return h("div", { class: `kern-alert kern-alert--${kind} notice`, role: "status", tabindex: focusable ? "-1" : null },
    h("div", { class: "kern-alert__header" }, icon(kind), h("p", { class: "kern-title" }, title)),
    body.length ? h("div", { class: "kern-alert__body" }, body.filter(Boolean).map((text) =>
      text instanceof Node ? text : h("p", { class: "kern-body" }, text))) : null);
}

function button(label, variant, onclick) {
  return h("button", { type: "button", class: `kern-btn kern-btn--${variant}`, onclick },
    h("span", { class: "kern-label" }, label));
}

function linkButton(href, label, variant) {
  return h("a", { href, class: `kern-btn kern-btn--${variant}` }, h("span", { class: "kern-label" }, label));
}

function here(offer) {
  return `#/angebot/${offer.id}`;
}

function signedOut(offer) {
  const next = encodeURIComponent(here(offer));
  return [
    h("p", { class: "kern-body" }, t("help.signedOut")),
    h("div", { class: "help__actions" },
      linkButton(`#/anmelden?weiter=${next}`, t("help.signIn"), "primary"),
      linkButton("#/konto/registrieren", t("help.signUp"), "secondary")),
  ];
}

function unconfirmed({ focusable = false } = {}) {
  return [
    notice("warning", t("help.unconfirmed"), [t("help.unconfirmedText")], { focusable }),
    h("a", { href: "#/konto/bestaetigung-senden", class: "kern-link" }, t("help.resend")),
  ];
}

function statusNotice(application, { focusable = false } = {}) {
  const message = application.message
    ? h("p", { class: "kern-body" }, h("strong", {}, `${t("help.yourMessage")}: `), application.message)
    : null;
  switch (application.status) {
    case "waiting":
      return notice("info", t("help.waiting", application.waiting_position ?? 1), [t("help.waitingText"), message],
        { focusable });
    case "offered":
      return notice("info", t("help.offered"),
        [application.offered_until ? t("help.offeredText", formatDateTime(application.offered_until)) : null, message],
        { focusable });
    case "declined":
      return notice("info", t("help.declined"), [t("help.declinedText")], { focusable });
    case "accepted":
      return notice("success", t("help.in"), [t("help.acceptedText"), message], { focusable });
    default:
      return notice("success", t("help.in"), [t("help.pendingText"), message], { focusable });
  }
}

// The area for one offer; it draws itself again when the person's application or account changes.
export function helpArea(offer) {
  reset(offer.id);
  const body = h("div", { class: "help__body" });
  const section = h("section", { class: "help", "aria-labelledby": "help-heading" },
    h("h2", { id: "help-heading", class: "kern-heading-medium" }, t("help.title")), body);

  const draw = (focus) => {
    const account = currentAccount();
    if (!account) {
      body.replaceChildren(...signedOut(offer));
      return;
    }
    if (!account.email_verified) {
      body.replaceChildren(...unconfirmed({ focusable: focus === "notice" }));
      if (focus === "notice") body.querySelector(".notice").focus();
      return;
    }
    if (known.application === undefined) {
      body.replaceChildren(h("p", { class: "kern-body help__loading" }, t("help.loading")));
      load();
      return;
    }
    const application = known.application;
    if (application && !OVER.has(application.status)) {
      drawApplication(application, focus);
      return;
    }
    drawForm(focus);
  };

  const drawApplication = (application, focus) => {
    const status = statusNotice(application, { focusable: true });
    const parts = [status];
    if (application.status !== "declined") {
      if (known.confirming) {
        const question = h("div", { class: "help__confirm", role: "group", "aria-labelledby": "withdraw-question",
          tabindex: "-1" },
        h("p", { id: "withdraw-question", class: "kern-body kern-body--bold" }, t("help.confirmQuestion")),
        h("p", { class: "kern-body" }, t("help.confirmText")),
        h("div", { class: "help__actions" },
          button(t("help.confirmWithdraw"), "primary", () => withdraw(application)),
          button(t("help.cancel"), "secondary", () => {
            known.confirming = false;
            draw("withdraw");
          })));
        parts.push(question);
      } else {
        parts.push(h("div", { class: "help__actions" }, button(t("help.withdraw"), "secondary", () => {
          known.confirming = true;
          draw("question");
        })));
      }
    }
    body.replaceChildren(...parts);
    if (focus === "notice") status.focus();
    if (focus === "question") body.querySelector(".help__confirm").focus();
    if (focus === "withdraw") body.querySelector(".help__actions button").focus();
  };

  const drawForm = (focus) => {
    const done = known.withdrawn ? notice("success", t("help.withdrawn"), [], { focusable: true }) : null;
    body.replaceChildren(
      done ?? "",
      h("p", { class: "kern-body" }, t(offer.is_full ? "help.introFull" : "help.intro")),
      form({
        label: t("help.title"),
        fields: [field({ name: "message", label: t("help.message"), hint: t("help.messageHint"), type: "textarea",
          rows: 3, maxlength: 2000 })],
        submit: t("help.submit"),
        async onSubmit(values) {
          const message = values.message.trim();
          try {
            const { data } = await request("POST", `/api/v1/offers/${encodeURIComponent(offer.id)}/applications`,
              { body: message ? { message } : {} });
            known.application = data;
            known.withdrawn = false;
            draw("notice");
          } catch (error) {
            if (error instanceof ApiProblem && error.status === 403) {
              // The address is not confirmed (any more): the account said otherwise when it was loaded.
              setAccount({ ...currentAccount(), email_verified: false });
              draw("notice");
              return;
            }
            if (error instanceof ApiProblem && error.status === 409) {
              known.application = undefined;
            }
            throw error;
          }
        },
      }),
    );
    if (focus === "notice" && done) done.focus();
  };

  const load = async () => {
    try {
      const { data } = await request("GET", "/api/v1/me/applications", { signIn: false });
      known.application = data.find((application) => application.offer_id === offer.id) ?? null;
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      if (error.kind === "unauthorized") {
        setAccount(null);
        return;
      }
      known.application = null;
    }
    if (section.isConnected) draw();
  };

  const withdraw = async (application) => {
    const confirm = body.querySelector(".help__confirm");
    confirm?.setAttribute("aria-busy", "true");
    try {
      await request("POST", `/api/v1/me/applications/${encodeURIComponent(application.id)}/withdraw`);
      known.application = null;
      known.confirming = false;
      known.withdrawn = true;
      draw("notice");
    } catch (error) {
      confirm?.removeAttribute("aria-busy");
      if (error instanceof ApiProblem && error.kind === "unauthorized") return; // on the way to sign in
      const { title, detail } = describeProblem(error);
      const problem = h("div", { class: "kern-alert kern-alert--danger notice", role: "alert", tabindex: "-1" },
        h("div", { class: "kern-alert__header" }, icon("danger"), h("p", { class: "kern-title" }, title)),
        detail ? h("div", { class: "kern-alert__body" }, h("p", { class: "kern-body" }, detail)) : null);
      body.querySelector(".kern-alert--danger")?.remove();
      body.prepend(problem);
      problem.focus();
    }
  };

  const redraw = () => {
    if (section.isConnected) draw();
  };
  redrawShown = redraw;
  draw();
  return section;
}
