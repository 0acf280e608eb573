// "Mein Ehrenamtsprofil" (#/profil, signed in): where (roughly), how far, what, which languages and when a
// resident would help, and whether they want to hear of new offers. It drives "Für dich" (#/fuer-dich) and
// the new-offer notifications. GET /api/v1/me/volunteer-profile loads it (404: none yet, the form starts
// with the API's defaults), PUT replaces it whole, DELETE removes it and the matches it found.
//
// The home point comes from a place (the search's /api/v1/places suggestions), the device's location
// (rounded to about 100 m) or a tap on the map; the API keeps only the centre of its 250 m grid cell and
// answers with that, which is all this screen ever shows again (the API keeps no place name).
//
// What was typed survives switching the language: the form is read into a draft and drawn again.

import { announce, h, icon } from "../../lib/dom.js";
import { field, form, showErrors } from "../../lib/forms.js";
import { addTexts, formatNumber, language, languageName, t } from "../../lib/i18n.js";
import { ApiProblem, request } from "../../lib/request.js";
import { heading, notice, paragraph, problemNotice, unlessSignedOut } from "../account/parts.js";

addTexts({
  de: {
    "profile.title": "Mein Ehrenamtsprofil",
    "profile.intro":
      "Sag uns, wo, wofür und wann du helfen möchtest. Daraus suchen wir Angebote für dich aus – und melden dir " +
      "neue, wenn du das willst.",
    "profile.none": "Du hast noch kein Profil. Füll die Fragen aus und speichere – du kannst alles später ändern.",
    "profile.loading": "Profil wird geladen …",
    "profile.where": "Wo möchtest du helfen?",
    "profile.place": "Ort oder Postleitzahl",
    "profile.placeHint": "Stadtbezirk oder Postleitzahl, z. B. Jöllenbeck oder 33739. Wähle einen Vorschlag aus der Liste.",
    "profile.privacy":
      "Wir speichern nur einen auf etwa 250 m gerundeten Punkt, nie deine genaue Lage. Niemand außer dir sieht ihn.",
    "profile.savedHome": "Gespeicherter Wohnort (auf 250 m gerundet)",
    "profile.mapPoint": "Auf der Karte gewählter Punkt",
    "profile.useMyLocation": "Mein Standort verwenden",
    "profile.locating": "Standort wird ermittelt …",
    "profile.located": "Dein Standort ist eingetragen.",
    "profile.locationDenied": "Du hast den Zugriff auf deinen Standort nicht erlaubt. Gib stattdessen einen Ort ein.",
    "profile.locationFailed": "Dein Standort konnte nicht ermittelt werden. Gib stattdessen einen Ort ein.",
    "profile.chosen": (label) => `Gewählt: ${label}`,
    "profile.mapOpen": "Auf der Karte wählen",
    "profile.mapHint":
      "Tippe oder klicke auf die Karte, um deinen Wohnort zu setzen. Mit der Tastatur wählst du ihn im Feld " +
      "„Ort oder Postleitzahl“; die Karte zeigt ihn dann.",
    "profile.mapLabel": "Karte: dein Wohnort und dein Umkreis",
    "profile.mapLoading": "Karte wird geladen …",
    "profile.mapUnavailable": "Die Karte konnte nicht geladen werden. Wähle deinen Ort im Feld oben.",
    "profile.mapSet": "Punkt auf der Karte gesetzt.",
    "profile.radius": "Wie weit würdest du fahren oder gehen?",
    "profile.radiusOption": (km) => `bis ${km} km`,
    "profile.what": "Was interessiert dich?",
    "profile.interests": "Bereiche",
    "profile.interestsHint": "Kreuze an, was dich interessiert. Nichts angekreuzt: alle Bereiche.",
    "profile.you": "Was bringst du mit?",
    "profile.skills": "Deine Fähigkeiten (optional)",
    "profile.skillsHint": "Eine pro Zeile, z. B. Führerschein oder Gärtnern. Höchstens 20, jede bis 60 Zeichen.",
    "profile.languages": "Welche Sprachen sprichst du?",
    "profile.languagesHint": "Mindestens eine.",
    "profile.when": "Wann hast du Zeit?",
    "profile.availability": "Deine freien Zeiten",
    "profile.availabilityHint":
      "Kreuze an, wann du meistens kannst: vormittags bis 12 Uhr, nachmittags bis 17 Uhr, abends danach. " +
      "Nichts angekreuzt: die Zeit spielt für dich keine Rolle.",
    "profile.day": "Tag",
    "profile.days": { mon: "Montag", tue: "Dienstag", wed: "Mittwoch", thu: "Donnerstag", fri: "Freitag",
      sat: "Samstag", sun: "Sonntag" },
    "profile.parts": { morning: "vormittags", afternoon: "nachmittags", evening: "abends" },
    // The columns' headings; the soft hyphen lets "Nachmittags" break on a phone.
    "profile.partHeadings": { morning: "Vormittags", afternoon: "Nach\u00admittags", evening: "Abends" },
    "profile.notifications": "Benachrichtigungen",
    "profile.notificationsIntro":
      "Wir melden uns per Push-Nachricht auf den Geräten, auf denen du Benachrichtigungen eingeschaltet hast.",
    "profile.notificationsLink": "Benachrichtigungen auf diesem Gerät",
    "profile.newOffers": "Neue passende Angebote melden",
    "profile.quietHours": "Ruhezeit",
    "profile.quietHoursHint": "In dieser Zeit melden wir nichts. Gleiche Zeiten: keine Ruhezeit.",
    "profile.quietStart": "Von",
    "profile.quietEnd": "Bis",
    "profile.dailyCap": "Höchstzahl an Meldungen pro Tag",
    "profile.dailyCapHint": "0 bis 50.",
    "profile.save": "Profil speichern",
    "profile.saved": "Dein Profil ist gespeichert",
    "profile.savedText": "Wir suchen jetzt Angebote aus, die zu dir passen.",
    "profile.toForYou": "Angebote für dich ansehen",
    "profile.missingPlace": "Wähle einen Ort aus der Liste, nimm deinen Standort oder tippe auf die Karte",
    "profile.unknownPlace": "Zu dieser Eingabe kennen wir keinen Ort in Bielefeld. Wähle einen Vorschlag aus der Liste",
    "profile.outsideArea": "liegt außerhalb des Gebiets, für das VoluMap da ist",
    "profile.tooManySkills": "Gib höchstens 20 Fähigkeiten an",
    "profile.skillTooLong": "Jede Fähigkeit darf höchstens 60 Zeichen lang sein",
    "profile.missingLanguage": "Wähle mindestens eine Sprache",
    "profile.badTime": "Gib eine Uhrzeit ein, z. B. 21:00",
    "profile.badCap": "Gib eine ganze Zahl von 0 bis 50 ein",
    "profile.delete": "Profil löschen",
    "profile.deleteText":
      "Du kannst dein Profil jederzeit löschen. Dein Konto und deine Zusagen bei Angeboten bleiben.",
    "profile.deleteQuestion": "Willst du dein Profil wirklich löschen?",
    "profile.deleteWhat":
      "Dann löschen wir deinen gerundeten Wohnort, Umkreis, Interessen, Fähigkeiten, Sprachen und freien Zeiten, " +
      "deine Einstellungen zu Benachrichtigungen und die passenden Angebote, die wir dir melden wollten. " +
      "„Für dich“ bleibt leer, bis du ein neues Profil anlegst.",
    "profile.deleteConfirm": "Ja, Profil löschen",
    "profile.cancel": "Abbrechen",
    "profile.deleted": "Dein Profil ist gelöscht",
    "profile.deletedText": "Wir melden dir keine neuen Angebote mehr. Du kannst jederzeit ein neues Profil anlegen.",
  },
  en: {
    "profile.title": "My volunteer profile",
    "profile.intro":
      "Tell us where, for what and when you would like to help. We pick opportunities for you from this – and " +
      "tell you about new ones if you wish.",
    "profile.none": "You have no profile yet. Answer the questions and save – you can change everything later.",
    "profile.loading": "Loading your profile …",
    "profile.where": "Where would you like to help?",
    "profile.place": "Place or postcode",
    "profile.placeHint": "A district or a postcode, e.g. Jöllenbeck or 33739. Choose a suggestion from the list.",
    "profile.privacy":
      "We only store a point rounded to about 250 m, never your exact location. Nobody but you sees it.",
    "profile.savedHome": "Saved home area (rounded to 250 m)",
    "profile.mapPoint": "Point chosen on the map",
    "profile.useMyLocation": "Use my location",
    "profile.locating": "Finding your location …",
    "profile.located": "Your location has been filled in.",
    "profile.locationDenied": "You have not allowed access to your location. Please enter a place instead.",
    "profile.locationFailed": "Your location could not be determined. Please enter a place instead.",
    "profile.chosen": (label) => `Chosen: ${label}`,
    "profile.mapOpen": "Choose on the map",
    "profile.mapHint":
      "Tap or click on the map to set your home area. With a keyboard, choose it in the “Place or postcode” " +
      "field; the map then shows it.",
    "profile.mapLabel": "Map: your home area and your distance",
    "profile.mapLoading": "Loading the map …",
    "profile.mapUnavailable": "The map could not be loaded. Choose your place in the field above.",
    "profile.mapSet": "Point set on the map.",
    "profile.radius": "How far would you travel?",
    "profile.radiusOption": (km) => `up to ${km} km`,
    "profile.what": "What are you interested in?",
    "profile.interests": "Areas",
    "profile.interestsHint": "Tick what interests you. Nothing ticked: every area.",
    "profile.you": "What do you bring?",
    "profile.skills": "Your skills (optional)",
    "profile.skillsHint": "One per line, e.g. driving licence or gardening. At most 20, each up to 60 characters.",
    "profile.languages": "Which languages do you speak?",
    "profile.languagesHint": "At least one.",
    "profile.when": "When do you have time?",
    "profile.availability": "Your free times",
    "profile.availabilityHint":
      "Tick when you are usually free: mornings until 12:00, afternoons until 17:00, evenings after that. " +
      "Nothing ticked: time does not matter to you.",
    "profile.day": "Day",
    "profile.days": { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday",
      sat: "Saturday", sun: "Sunday" },
    "profile.parts": { morning: "morning", afternoon: "afternoon", evening: "evening" },
    "profile.partHeadings": { morning: "Morning", afternoon: "After\u00adnoon", evening: "Evening" },
    "profile.notifications": "Notifications",
    "profile.notificationsIntro": "We notify you by push message on the devices where you have turned notifications on.",
    "profile.notificationsLink": "Notifications on this device",
    "profile.newOffers": "Tell me about new matching opportunities",
    "profile.quietHours": "Quiet hours",
    "profile.quietHoursHint": "We send nothing during this time. Equal times: no quiet hours.",
    "profile.quietStart": "From",
    "profile.quietEnd": "To",
    "profile.dailyCap": "Maximum notifications a day",
    "profile.dailyCapHint": "0 to 50.",
    "profile.save": "Save profile",
    "profile.saved": "Your profile has been saved",
    "profile.savedText": "We now pick opportunities that suit you.",
    "profile.toForYou": "See opportunities for you",
    "profile.missingPlace": "Choose a place from the list, use your location or tap on the map",
    "profile.unknownPlace": "We know no place in Bielefeld for this. Choose a suggestion from the list",
    "profile.outsideArea": "is outside the area VoluMap serves",
    "profile.tooManySkills": "Enter at most 20 skills",
    "profile.skillTooLong": "Each skill can be at most 60 characters long",
    "profile.missingLanguage": "Choose at least one language",
    "profile.badTime": "Enter a time, e.g. 21:00",
    "profile.badCap": "Enter a whole number from 0 to 50",
    "profile.delete": "Delete profile",
    "profile.deleteText": "You can delete your profile at any time. Your account and your offers to help stay.",
    "profile.deleteQuestion": "Do you really want to delete your profile?",
    "profile.deleteWhat":
      "We will then delete your rounded home area, distance, interests, skills, languages and free times, your " +
      "notification settings and the matching opportunities we were going to tell you about. “For you” stays " +
      "empty until you create a new profile.",
    "profile.deleteConfirm": "Yes, delete profile",
    "profile.cancel": "Cancel",
    "profile.deleted": "Your profile has been deleted",
    "profile.deletedText": "We will not tell you about new opportunities any more. You can create a new profile at any time.",
  },
});

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const PARTS = ["morning", "afternoon", "evening"];
const RADII = [1, 2, 5, 10, 25, 50];
// The languages most spoken in Bielefeld besides German, named in the app's language.
const LANGUAGES = ["de", "en", "tr", "ar", "uk", "ru", "pl", "ro", "bg", "ku", "fa", "fr", "es", "it", "el"];
const MAX_SKILLS = 20;
const MAX_SKILL_LENGTH = 60;
const SUGGEST_DELAY_MS = 250;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DEFAULTS = {
  place: null,
  radius_km: 10,
  interests: [],
  skills: [],
  languages: ["de"],
  availability: [],
  notifications: { new_offers: true, quiet_hours: { start: "21:00", end: "08:00" }, daily_cap: 3 },
};

// The screen's state between drawings: whether a profile exists, what the form holds (a draft in the API's
// shape, plus the place as chosen), and the message that saving or deleting left (drawn again, in the other
// language, until the screen is opened anew).
const screen = { exists: false, draft: null, flash: null, confirming: false, drawing: 0, map: null, place: null,
  mapOpen: false };

export async function show(ctx) {
  screen.draft = null;
  screen.confirming = false;
  screen.flash = null;
  screen.mapOpen = false;
  return draw(ctx);
}

export async function onLanguageChange(ctx) {
  const formElement = ctx.main.querySelector("form.profile-form");
  if (formElement) screen.draft = readForm(formElement);
  await draw(ctx, { keepFocus: true });
}

export function hide() {
  closeMap();
}

async function draw(ctx, { keepFocus = false } = {}) {
  const mine = ++screen.drawing;
  const { main, setTitle } = ctx;
  setTitle(t("profile.title"));
  let categories;
  let saved = null;
  try {
    const [categoryAnswer, profile] = await Promise.all([
      request("GET", "/api/v1/categories", { query: { lang: language() } }),
      screen.draft ? Promise.resolve(null) : loadProfile(),
    ]);
    categories = categoryAnswer.data;
    saved = profile;
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    if (error.kind === "unauthorized") return true; // on the way to sign in, and back here afterwards
    if (mine !== screen.drawing) return true;
    closeMap();
    main.replaceChildren(heading(t("profile.title")), problemNotice(error, () => draw(ctx)));
    return false;
  }
  if (mine !== screen.drawing || location.hash !== ctx.hash) return true;
  if (!screen.draft) {
    screen.exists = saved !== null;
    screen.draft = saved ? fromProfile(saved) : structuredClone(DEFAULTS);
  }
  closeMap();
  const message = screen.flash ? screen.flash() : null;
  main.replaceChildren(...[
    heading(t("profile.title")),
    message,
    paragraph(t("profile.intro")),
    screen.exists ? null : paragraph(t("profile.none")),
    profileForm(ctx, screen.draft, categories),
    screen.exists ? deleteSection(ctx) : null,
  ].filter(Boolean));
  if (message && !keepFocus) {
    message.focus();
    return true;
  }
  return keepFocus;
}

async function loadProfile() {
  try {
    return (await request("GET", "/api/v1/me/volunteer-profile")).data;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return null;
    throw error;
  }
}

// The API's profile as the form's draft: its home is the coarsened point, named as such.
function fromProfile(profile) {
  return {
    place: { lat: profile.home.lat, lon: profile.home.lon, kind: "saved" },
    radius_km: profile.radius_km,
    interests: profile.interests,
    skills: profile.skills,
    languages: profile.languages,
    availability: profile.availability,
    notifications: structuredClone(profile.notifications),
  };
}

function placeLabel(place) {
  if (!place) return "";
  if (place.kind === "saved") return t("profile.savedHome");
  if (place.kind === "mine") return t("myLocation");
  if (place.kind === "map") return t("profile.mapPoint");
  return place.label;
}

function sectionHeading(text) {
  return h("h2", { class: "kern-heading-medium profile-form__heading" }, text);
}

function hint(id, text) {
  return h("div", { class: "kern-hint", id }, text);
}

let uniqueId = 0;
const nextId = (name) => `profile-${name}-${++uniqueId}`;

// Checkboxes in a fieldset: KERN's group, which lib/forms.js marks as a whole when the API names it.
function checkboxGroup({ name, legend, hintText, options, checked, className }) {
  const hintId = hintText ? nextId(`${name}-hint`) : null;
  const selected = new Set(checked);
  return h("fieldset", { class: "kern-fieldset kern-form-input", dataset: { field: name },
    "aria-describedby": hintId },
  h("legend", { class: "kern-label" }, legend),
  hintText ? hint(hintId, hintText) : null,
  h("div", { class: ["kern-fieldset__body", className] },
    options.map(([value, label]) => {
      const id = nextId(`${name}-${value}`);
      return h("div", { class: "kern-form-check" },
        h("input", { class: "kern-form-check__checkbox", type: "checkbox", id, name, value,
          checked: selected.has(value) }),
        h("label", { class: "kern-label", for: id }, label));
    })));
}

function profileForm(ctx, draft, categories) {
  const place = placeField(draft);
  screen.place = place;
  const radiusOptions = RADII.includes(Number(draft.radius_km)) ? RADII : [...RADII, Number(draft.radius_km)]
    .sort((a, b) => a - b);
  const radius = field({ name: "radius_km", label: t("profile.radius"), value: String(Number(draft.radius_km)),
    options: radiusOptions.map((km) => [String(km), t("profile.radiusOption", formatNumber(km))]) });
  radius.querySelector("select").addEventListener("change", () => screen.map?.update());
  const knownSlugs = new Set(categories.map((category) => category.slug));
  const element = form({
    label: t("profile.title"),
    fields: [
      h("section", { class: "profile-form__section", "aria-labelledby": "profile-where" },
        h("h2", { class: "kern-heading-medium profile-form__heading", id: "profile-where" }, t("profile.where")),
        place.wrapper,
        mapDetails(place),
        radius),
      h("section", { class: "profile-form__section" },
        sectionHeading(t("profile.what")),
        checkboxGroup({ name: "interests", legend: t("profile.interests"), hintText: t("profile.interestsHint"),
          options: categories.map((category) => [category.slug, category.label]),
          checked: draft.interests.filter((slug) => knownSlugs.has(slug)), className: "profile-options" })),
      h("section", { class: "profile-form__section" },
        sectionHeading(t("profile.you")),
        field({ name: "skills", type: "textarea", rows: 4, label: t("profile.skills"), hint: t("profile.skillsHint"),
          value: draft.skills.join("\n") }),
        checkboxGroup({ name: "languages", legend: t("profile.languages"), hintText: t("profile.languagesHint"),
          options: languageOptions(draft.languages), checked: draft.languages,
          className: "profile-options profile-options--short" })),
      h("section", { class: "profile-form__section" },
        sectionHeading(t("profile.when")),
        availabilityGrid(draft.availability)),
      h("section", { class: "profile-form__section" },
        sectionHeading(t("profile.notifications")),
        paragraph(t("profile.notificationsIntro"), " ",
          h("a", { href: "#/benachrichtigungen", class: "kern-link profile-inline-link" },
            t("profile.notificationsLink"))),
        newOffersCheckbox(draft.notifications.new_offers),
        quietHours(draft.notifications.quiet_hours),
        field({ name: "notifications.daily_cap", type: "number", label: t("profile.dailyCap"),
          hint: t("profile.dailyCapHint"), min: 0, max: 50, step: 1, inputmode: "numeric",
          class: "kern-form-input__input profile-number", value: String(draft.notifications.daily_cap) })),
    ],
    submit: t("profile.save"),
    async onSubmit(_values, formElement) {
      await save(ctx, formElement);
    },
  });
  element.classList.add("profile-form");
  return element;
}

function languageOptions(chosen) {
  // A language saved earlier that is not in the list (set through the API) stays choosable.
  const codes = [...LANGUAGES, ...chosen.filter((code) => !LANGUAGES.includes(code))];
  return codes.map((code) => [code, languageName(code)]);
}

function newOffersCheckbox(checked) {
  const id = nextId("new-offers");
  return h("div", { class: "kern-form-input", dataset: { field: "notifications.new_offers" } },
    h("div", { class: "kern-form-check" },
      h("input", { class: "kern-form-check__checkbox", type: "checkbox", id, name: "notifications.new_offers",
        checked }),
      h("label", { class: "kern-label", for: id }, t("profile.newOffers"))));
}

function quietHours({ start, end }) {
  const hintId = nextId("quiet-hint");
  return h("fieldset", { class: "kern-fieldset profile-quiet", "aria-describedby": hintId },
    h("legend", { class: "kern-label" }, t("profile.quietHours")),
    hint(hintId, t("profile.quietHoursHint")),
    h("div", { class: "kern-fieldset__body profile-quiet__times" },
      quietTime("start", t("profile.quietStart"), start),
      quietTime("end", t("profile.quietEnd"), end)));
}

function quietTime(end, label, value) {
  const wrapper = field({ name: `notifications.quiet_hours.${end}`, type: "time", label, value });
  wrapper.classList.add("profile-quiet__time");
  return wrapper;
}

// A week as a table: a row per day, a column per part of the day, a checkbox in each cell named "Montag,
// vormittags". The whole cell is its label, so a finger finds it easily; Tab goes row by row, Space ticks.
function availabilityGrid(availability) {
  const hintId = nextId("availability-hint");
  const chosen = new Set(availability.map((slot) => `${slot.day}:${slot.part}`));
  const days = t("profile.days");
  const parts = t("profile.parts");
  const partHeadings = t("profile.partHeadings");
  return h("fieldset", { class: "kern-fieldset kern-form-input", dataset: { field: "availability" },
    "aria-describedby": hintId },
  h("legend", { class: "kern-label" }, t("profile.availability")),
  hint(hintId, t("profile.availabilityHint")),
  h("table", { class: "profile-week" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col", class: "profile-week__day" }, t("profile.day")),
      PARTS.map((part) => h("th", { scope: "col", class: "profile-week__part" }, partHeadings[part])))),
    h("tbody", {}, DAYS.map((day) => h("tr", {},
      h("th", { scope: "row", class: "profile-week__day profile-week__row" }, days[day]),
      PARTS.map((part) => h("td", { class: "profile-week__cell" },
        h("label", { class: "profile-week__label" },
          h("input", { class: "kern-form-check__checkbox", type: "checkbox", name: "availability",
            value: `${day}:${part}`, checked: chosen.has(`${day}:${part}`) }),
          h("span", { class: "visually-hidden" }, `${days[day]}, ${parts[part]}`)))))))));
}

// ---- The place: a combobox on /api/v1/places (WAI-ARIA APG "list autocomplete", as in the search), the
// device's location, or the map.

function placeField(draft) {
  const id = nextId("place");
  const hintId = `${id}-hint`;
  const privacyId = `${id}-privacy`;
  const listId = `${id}-options`;
  const labelId = `${id}-label`;
  const state = { place: draft.place, suggestions: [], active: -1, timer: 0, request: null };
  const input = h("input", { class: "kern-form-input__input", id, name: "place", type: "text", role: "combobox",
    "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": listId,
    "aria-describedby": `${hintId} ${privacyId}`, autocomplete: "off", maxlength: 100,
    value: placeLabel(draft.place) });
  const options = h("div", { id: listId, class: "combobox__options", role: "listbox", "aria-labelledby": labelId,
    hidden: true });
  const status = h("p", { class: "kern-body profile-place__status", role: "status" });
  const locate = "geolocation" in navigator
    ? h("button", { type: "button", class: "kern-btn kern-btn--secondary profile-place__locate", onclick: useLocation },
      h("span", { class: "kern-label" }, t("profile.useMyLocation")))
    : null;
  const wrapper = h("div", { class: "kern-form-input", dataset: { field: "home" } },
    h("label", { class: "kern-label", for: id, id: labelId }, t("profile.place")),
    hint(hintId, t("profile.placeHint")),
    h("p", { class: "kern-body profile-privacy", id: privacyId }, icon("info", "small"), " ", t("profile.privacy")),
    h("div", { class: "combobox profile-place__combobox" }, input, options),
    locate,
    status);

  function render() {
    const kinds = t("searchPlaceKinds");
    options.replaceChildren(...state.suggestions.map((place, index) =>
      h("div", { id: `${listId}-${index}`, role: "option", class: "combobox__option",
        "aria-selected": index === state.active ? "true" : "false",
        onmousedown: (event) => event.preventDefault(), onclick: () => choose(place) },
      place.label, h("span", { class: "combobox__kind" }, ` · ${kinds[place.kind] ?? place.kind}`))));
    const open = state.suggestions.length > 0;
    options.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    if (open && state.active >= 0) {
      input.setAttribute("aria-activedescendant", `${listId}-${state.active}`);
      options.children[state.active].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  }

  function close() {
    clearTimeout(state.timer);
    state.request?.abort();
    state.request = null;
    state.suggestions = [];
    state.active = -1;
    render();
  }

  function set(place, { quiet = false } = {}) {
    state.place = place;
    input.value = placeLabel(place);
    if (!quiet) status.textContent = place.kind === "place" ? t("profile.chosen", place.label) : "";
    screen.map?.update();
  }

  function choose(place) {
    set({ lat: place.lat, lon: place.lon, label: place.label, kind: "place" });
    close();
  }

  async function suggest() {
    const text = input.value.trim();
    state.request?.abort();
    if (!text) {
      close();
      return;
    }
    const controller = new AbortController();
    state.request = controller;
    try {
      const answer = (await request("GET", "/api/v1/places", { query: { q: text, limit: 8 },
        signal: controller.signal })).data;
      if (state.request !== controller) return;
      state.suggestions = answer.places;
      state.active = -1;
      render();
      announce(t("searchSuggestions", answer.places.length));
    } catch (error) {
      if (error.name === "AbortError") return;
      close();
    }
  }

  function useLocation() {
    status.textContent = t("profile.locating");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        // About 100 m: the exact position never leaves the device; the API coarsens it further.
        const round = (degrees) => Math.round(degrees * 1000) / 1000;
        set({ lat: round(position.coords.latitude), lon: round(position.coords.longitude), kind: "mine" },
          { quiet: true });
        status.textContent = t("profile.located");
      },
      (error) => {
        status.textContent = t(error.code === error.PERMISSION_DENIED ? "profile.locationDenied" : "profile.locationFailed");
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
    );
  }

  input.addEventListener("input", () => {
    clearTimeout(state.timer);
    state.timer = setTimeout(suggest, SUGGEST_DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    const open = state.suggestions.length > 0;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) {
        suggest();
        return;
      }
      const count = state.suggestions.length;
      state.active = (state.active + (event.key === "ArrowDown" ? 1 : -1) + count) % count;
      render();
    } else if (event.key === "Enter" && open && state.active >= 0) {
      event.preventDefault();
      choose(state.suggestions[state.active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", close);

  return {
    wrapper,
    get place() {
      return state.place;
    },
    set,
    // What was typed but not chosen: its first suggestion, as if chosen; null when there is none.
    async resolve() {
      const text = input.value.trim();
      if (state.place && text === placeLabel(state.place)) return state.place;
      close();
      if (!text) return null;
      const answer = (await request("GET", "/api/v1/places", { query: { q: text, limit: 1 } })).data;
      if (!answer.places.length) return undefined;
      choose(answer.places[0]);
      return state.place;
    },
  };
}

// The map opens on demand (Leaflet loads then, as for the search): a tap sets the point; the dashed circle is
// the radius. Keyboard users set the point with the place field, which the map follows.
function mapDetails(place) {
  const container = h("div", { class: "map profile-map__map" });
  // Open again after a redraw in the other language (its toggle event then loads the map).
  const details = h("details", { class: "profile-map", open: screen.mapOpen },
    h("summary", { class: "profile-map__summary" }, t("profile.mapOpen")),
    h("p", { class: "kern-hint profile-map__hint" }, t("profile.mapHint")),
    container);
  details.addEventListener("toggle", () => {
    screen.mapOpen = details.open;
    if (details.open && !screen.map) openMap(container, place);
  });
  return details;
}

async function openMap(container, place) {
  const opening = { update() {}, destroy() {} };
  screen.map = opening;
  container.replaceChildren(h("p", { class: "map__loading" }, t("profile.mapLoading")));
  let L;
  let config;
  try {
    const { loadLeaflet, mapSettings } = await import("../search-map.js");
    [L, config] = await Promise.all([loadLeaflet(), mapSettings()]);
  } catch {
    if (screen.map === opening) screen.map = null;
    container.replaceChildren(h("p", { class: "map__loading" }, t("profile.mapUnavailable")));
    return;
  }
  if (screen.map !== opening || !container.isConnected) return;
  container.replaceChildren();
  const [west, south, east, north] = config.service_area;
  const map = L.map(container, {
    zoomControl: false,
    keyboard: true,
    minZoom: 9,
    maxZoom: config.max_zoom,
    maxBounds: L.latLngBounds([south, west], [north, east]).pad(0.2),
  });
  L.control.zoom({ zoomInTitle: t("mapZoomIn"), zoomOutTitle: t("mapZoomOut") }).addTo(map);
  map.attributionControl.setPrefix(false);
  if (config.tile_url) {
    const attribution = h("span", {}, config.attribution).innerHTML; // plain text; Leaflet reads HTML
    L.tileLayer(config.tile_url, { maxZoom: config.max_zoom, attribution }).addTo(map);
  }
  container.classList.toggle("map--plain", !config.tile_url);
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", t("profile.mapLabel"));
  const layers = L.layerGroup().addTo(map);
  const inside = (lat, lon) => lat >= south && lat <= north && lon >= west && lon <= east;

  function update({ fit = true } = {}) {
    layers.clearLayers();
    const point = place.place;
    const radiusKm = Number(container.closest("form")?.querySelector("select[name=radius_km]")?.value ?? 10);
    if (!point) {
      map.fitBounds(L.latLngBounds([south, west], [north, east]));
      return;
    }
    const centre = L.latLng(point.lat, point.lon);
    layers.addLayer(L.circle(centre, { radius: radiusKm * 1000, interactive: false, className: "map-area" }));
    layers.addLayer(L.circleMarker(centre, { radius: 8, interactive: false, className: "map-centre" }));
    if (fit) map.fitBounds(centre.toBounds(radiusKm * 2000), { padding: [16, 16], maxZoom: 15 });
  }

  map.on("click", (event) => {
    const lat = Math.round(event.latlng.lat * 10000) / 10000;
    const lon = Math.round(event.latlng.lng * 10000) / 10000;
    if (!inside(lat, lon)) return;
    place.set({ lat, lon, kind: "map" }, { quiet: true });
    update({ fit: false });
    announce(t("profile.mapSet"));
  });
  screen.map = { update: () => update(), destroy: () => map.remove() };
  map.invalidateSize();
  update();
}

function closeMap() {
  screen.map?.destroy();
  screen.map = null;
}

// ---- Reading, checking and saving.

function checked(formElement, name) {
  return [...formElement.querySelectorAll(`input[name="${name}"]:checked`)].map((input) => input.value);
}

function fieldValue(formElement, name) {
  return formElement.querySelector(`[name="${name}"]`).value;
}

function skillsOf(text) {
  return text.split(/[\n,;]/).map((skill) => skill.trim()).filter(Boolean);
}

// The form as a draft (for a redraw in the other language): the place as chosen, everything else as typed.
function readForm(formElement) {
  const cap = fieldValue(formElement, "notifications.daily_cap");
  return {
    place: screen.place?.place ?? null,
    radius_km: Number(fieldValue(formElement, "radius_km")),
    interests: checked(formElement, "interests"),
    skills: skillsOf(fieldValue(formElement, "skills")),
    languages: checked(formElement, "languages"),
    availability: checked(formElement, "availability").map((slot) => {
      const [day, part] = slot.split(":");
      return { day, part };
    }),
    notifications: {
      new_offers: formElement.querySelector('input[name="notifications.new_offers"]').checked,
      quiet_hours: { start: fieldValue(formElement, "notifications.quiet_hours.start"),
        end: fieldValue(formElement, "notifications.quiet_hours.end") },
      daily_cap: cap === "" ? "" : Number(cap),
    },
  };
}

function problems(draft, place, skillsText) {
  const found = [];
  if (place === null) found.push({ name: "home", reason: t("profile.missingPlace") });
  else if (place === undefined) found.push({ name: "home", reason: t("profile.unknownPlace") });
  const skills = skillsOf(skillsText);
  if (skills.length > MAX_SKILLS) found.push({ name: "skills", reason: t("profile.tooManySkills") });
  else if (skills.some((skill) => skill.length > MAX_SKILL_LENGTH)) {
    found.push({ name: "skills", reason: t("profile.skillTooLong") });
  }
  if (!draft.languages.length) found.push({ name: "languages", reason: t("profile.missingLanguage") });
  for (const end of ["start", "end"]) {
    if (!TIME.test(draft.notifications.quiet_hours[end])) {
      found.push({ name: `notifications.quiet_hours.${end}`, reason: t("profile.badTime") });
    }
  }
  if (draft.notifications.daily_cap === "" || !Number.isInteger(draft.notifications.daily_cap)) {
    found.push({ name: "notifications.daily_cap", reason: t("profile.badCap") });
  }
  return found;
}

// The API names fields by their place in the body ("notifications.daily_cap", "skills[3]", "lat"); the form's
// fields are the profile's parts, and the home point is one field.
const FIELD_NAMES = ["radius_km", "interests", "skills", "languages", "availability", "notifications.new_offers",
  "notifications.quiet_hours.start", "notifications.quiet_hours.end", "notifications.daily_cap"];

function formProblem(error) {
  if (!(error instanceof ApiProblem) || !error.params.length) return error;
  const seen = new Set();
  const params = [];
  for (const param of error.params) {
    const name = String(param.name).replace(/^body\./, "");
    let fieldName = FIELD_NAMES.find((candidate) => name === candidate || name.startsWith(`${candidate}[`) ||
      name.startsWith(`${candidate}.`)) ?? name;
    let reason = param.reason;
    if (name === "lat" || name === "lon") {
      fieldName = "home";
      reason = t("profile.outsideArea");
    }
    if (seen.has(fieldName)) continue;
    seen.add(fieldName);
    params.push({ ...param, name: fieldName, reason });
  }
  return new ApiProblem({ ...error, params, kind: error.kind });
}

async function save(ctx, formElement) {
  // An earlier "saved" or "deleted" no longer tells what the form shows.
  screen.flash = null;
  ctx.main.querySelector(":scope > .notice")?.remove();
  const place = screen.place;
  const skillsText = fieldValue(formElement, "skills");
  let resolved;
  try {
    resolved = await place.resolve();
  } catch (error) {
    unlessSignedOut(error);
    return;
  }
  const draft = readForm(formElement);
  draft.place = resolved ?? null;
  const found = problems(draft, resolved, skillsText);
  if (found.length) {
    showErrors(formElement, found);
    return;
  }
  let saved;
  try {
    saved = (await request("PUT", "/api/v1/me/volunteer-profile", { body: {
      lat: resolved.lat,
      lon: resolved.lon,
      radius_km: draft.radius_km,
      interests: draft.interests,
      skills: draft.skills,
      languages: draft.languages,
      availability: draft.availability,
      notifications: draft.notifications,
    } })).data;
  } catch (error) {
    unlessSignedOut(error);
    showErrors(formElement, formProblem(error));
    return;
  }
  screen.exists = true;
  screen.draft = fromProfile(saved);
  screen.confirming = false;
  screen.flash = savedNotice;
  await draw(ctx);
}

function savedNotice() {
  const alert = notice("success", t("profile.saved"), t("profile.savedText"), { focusable: true });
  alert.querySelector(".kern-alert__body").append(
    h("p", { class: "kern-body" }, h("a", { href: "#/fuer-dich", class: "kern-link" }, t("profile.toForYou"))));
  return alert;
}

function deletedNotice() {
  return notice("success", t("profile.deleted"), t("profile.deletedText"), { focusable: true });
}

// ---- Deleting, after a question that says what goes.

function deleteSection(ctx) {
  const section = h("section", { class: "profile-delete", "aria-labelledby": "profile-delete-heading" });
  const result = h("div", {});

  function render({ focus = null } = {}) {
    const ask = h("button", { type: "button", class: "kern-btn kern-btn--secondary", onclick: () => {
      screen.confirming = true;
      render({ focus: "question" });
    } }, h("span", { class: "kern-label" }, t("profile.delete")));
    section.replaceChildren(
      h("h2", { class: "kern-heading-medium", id: "profile-delete-heading" }, t("profile.delete")),
      paragraph(t("profile.deleteText")),
      screen.confirming ? question() : ask,
      result);
    if (focus === "question") section.querySelector(".profile-delete__confirm").focus();
    if (focus === "ask") ask.focus();
  }

  function question() {
    const confirm = h("button", { type: "button", class: "kern-btn kern-btn--primary", onclick: async () => {
      confirm.disabled = true;
      result.replaceChildren();
      try {
        await request("DELETE", "/api/v1/me/volunteer-profile");
      } catch (error) {
        confirm.disabled = false;
        unlessSignedOut(error);
        result.append(problemNotice(error));
        return;
      }
      screen.exists = false;
      screen.draft = structuredClone(DEFAULTS);
      screen.confirming = false;
      screen.flash = deletedNotice;
      await draw(ctx);
    } }, h("span", { class: "kern-label" }, t("profile.deleteConfirm")));
    return h("div", { class: "profile-delete__confirm", role: "group", "aria-labelledby": "profile-delete-question",
      tabindex: "-1" },
    h("p", { id: "profile-delete-question", class: "kern-body kern-body--bold" }, t("profile.deleteQuestion")),
    paragraph(t("profile.deleteWhat")),
    h("div", { class: "profile-delete__actions" },
      confirm,
      h("button", { type: "button", class: "kern-btn kern-btn--secondary", onclick: () => {
        screen.confirming = false;
        render({ focus: "ask" });
      } }, h("span", { class: "kern-label" }, t("profile.cancel")))));
  }

  render();
  return section;
}
