// Every UI string in German (the default) and English, plus the formats that differ between them. The shell's
// strings are here; each view adds its own with addTexts() (keys prefixed with the view's name).

const STRINGS = {
  de: {
    appName: "VoluMap Bielefeld",
    pageTitle: "Ehrenamt in deiner Nähe – VoluMap Bielefeld",
    skipLink: "Zum Inhalt springen",
    navLabel: "Hauptnavigation",
    navSearch: "Angebote suchen",
    navApi: "Schnittstelle (API)",
    cityService: "Ein Angebot der Stadt Bielefeld",
    navSignIn: "Anmelden",
    navSignUp: "Registrieren",
    navAccount: "Mein Konto",
    navSignOut: "Abmelden",
    footerNavLabel: "Service",
    navAccessibility: "Barrierefreiheit",
    navFeedback: "Feedback geben",
    navNotifications: "Benachrichtigungen",
    navEasyLanguage: "Leichte Sprache",
    otherLanguageName: "English",
    heading: "Ehrenamt in deiner Nähe",
    intro: "Finde ein Ehrenamt in Bielefeld – in deinem Stadtbezirk oder rund um deinen Standort.",
    place: "Ort oder Postleitzahl",
    searchPlaceHintNoAddress: "Stadtbezirk oder Postleitzahl, z. B. Schildesche oder 33602. Nach Straßen kann hier nicht gesucht werden.",
    searchPlaceHintAddress: "Stadtbezirk, Postleitzahl oder Straße mit Hausnummer, z. B. Schildesche, 33602 oder Niederwall 23.",
    searchFilters: (n) => (n ? `Weitere Filter (${n})` : "Weitere Filter"),
    searchRemoteHeading: "Von zu Hause aus",
    searchRemoteIntro: "Angebote ohne festen Ort, mit denselben Filtern.",
    viewSwitchLabel: "Ergebnisse zeigen als",
    viewList: "Liste",
    viewMap: "Karte",
    mapHint: "Jeder Marker ist ein Angebot, nummeriert wie in der Liste. Mit der Tabulatortaste erreichst du sie der Reihe nach; Enter zeigt das Angebot unter der Karte.",
    mapPlain: "Ohne Kartenhintergrund: Für diesen Dienst sind keine Kartenkacheln eingerichtet. Die Marker zeigen, wo die Angebote liegen, der Kreis deinen Umkreis.",
    mapLabel: "Karte der Ergebnisse",
    mapZoomIn: "Hineinzoomen",
    mapZoomOut: "Herauszoomen",
    mapMarker: (rank, title, metres) => `${rank}. ${title}${metres == null ? "" : `, ${formatDistance(metres)}`}`,
    mapLoading: "Karte wird geladen …",
    mapUnavailable: "Karte nicht verfügbar",
    mapUnavailableDetail: "Die Karte konnte nicht geladen werden. Die Liste zeigt dieselben Angebote.",
    mapShown: (n) => (n === 1 ? "Karte mit 1 Angebot" : `Karte mit ${n} Angeboten`),
    mapSelected: "Auf der Karte gewählt",
    searchPlaceKinds: { district: "Stadtbezirk", postcode: "Postleitzahl", address: "Adresse" },
    searchPlaceUnknown: "Ort nicht gefunden",
    searchPlaceUnknownDetail: "Zu dieser Eingabe kennen wir keinen Ort in Bielefeld. Wähle einen Vorschlag aus der Liste.",
    searchSuggestions: (n) => (n === 1 ? "1 Vorschlag" : `${n} Vorschläge`),
    myLocation: "Mein Standort",
    useMyLocation: "Mein Standort verwenden",
    locating: "Standort wird ermittelt …",
    locationProblem: "Standort nicht verfügbar",
    locationDenied:
      "Du hast den Zugriff auf deinen Standort nicht erlaubt. Wähle stattdessen einen Stadtbezirk.",
    locationFailed: "Dein Standort konnte nicht ermittelt werden. Wähle stattdessen einen Stadtbezirk.",
    radius: "Umkreis",
    category: "Kategorie",
    allCategories: "Alle Kategorien",
    searchCategories: "Kategorien (eine oder mehrere)",
    searchAnyCommitment: "Egal",
    searchOneOff: "Einmalig",
    searchRegular: "Regelmäßig",
    searchFlexible: "Flexibel",
    searchStartsAfter: "Beginnt frühestens am",
    searchStartsBefore: "Beginnt spätestens am",
    searchAccessible: "Nur barrierefrei (rollstuhlgerecht)",
    searchLinkedPlace: (label) => `${label} (aus dem Link)`,
    query: "Suchbegriff (optional)",
    queryHint: "z. B. Garten, Vorlesen, Fahrdienst",
    submit: "Suchen",
    resultsHeading: "Ergebnisse",
    searching: "Suche läuft …",
    found: (n) =>
      n === 0 ? "Keine Angebote gefunden" : n === 1 ? "1 Angebot gefunden" : `${n} Angebote gefunden`,
    moreAvailable: "Weitere können geladen werden.",
    empty:
      "Hier haben wir gerade nichts gefunden. Vergrößere den Umkreis, wähle eine andere Kategorie " +
      "oder lass den Suchbegriff weg.",
    more: "Mehr laden",
    categories: "Kategorien",
    distance: "Entfernung",
    commitment: "Einsatz",
    district: "Stadtbezirk",
    remote: "Von zu Hause aus möglich",
    commitments: { one_off: "Einmalig", regular: "Regelmäßig", flexible: "Flexibel" },
    hoursPerWeek: (hours) => `etwa ${hours} Std. pro Woche`,
    weekdays: { mon: "Mo", tue: "Di", wed: "Mi", thu: "Do", fri: "Fr", sat: "Sa", sun: "So" },
    back: "Zurück zur Liste",
    loadingOffer: "Angebot wird geladen …",
    offerUnavailable: "Angebot nicht verfügbar",
    atAGlance: "Auf einen Blick",
    when: "Wann",
    where: "Wo",
    minAge: "Mindestalter",
    years: (n) => `${n} Jahre`,
    capacity: "Gesuchte Personen",
    skills: "Was du mitbringst",
    languages: "Sprachen",
    accessibility: "Barrierefreiheit",
    accessible: "Rollstuhlgerecht",
    contact: "Kontakt",
    email: "E-Mail",
    phone: "Telefon",
    offline: "Du bist offline. Was du schon geladen hast, bleibt lesbar; Neues kommt, sobald du wieder online bist.",
    networkTitle: "Keine Verbindung",
    networkDetail:
      "Der Server ist gerade nicht erreichbar. Prüfe deine Internetverbindung und versuche es noch einmal.",
    problemTitle: "Etwas ist schiefgegangen",
    errorSummaryTitle: "Es gibt ein Problem",
    errorPrefix: "Fehler",
    errorTitlePrefix: "Fehler: ",
    tooManyTitle: "Zu viele Versuche",
    tryAgainIn: (minutes) =>
      minutes === 1 ? "Bitte versuche es in einer Minute noch einmal." : `Bitte versuche es in ${minutes} Minuten noch einmal.`,
    unavailableTitle: "Vorübergehend nicht verfügbar",
    unavailableDetail: "VoluMap ist gerade nicht erreichbar. Bitte versuche es in ein paar Minuten noch einmal.",
    footer: "VoluMap ist ein Angebot der Stadt Bielefeld.",
  },
  en: {
    appName: "VoluMap Bielefeld",
    pageTitle: "Volunteering near you – VoluMap Bielefeld",
    skipLink: "Skip to content",
    navLabel: "Main navigation",
    navSearch: "Find opportunities",
    navApi: "Open API",
    cityService: "A service of the City of Bielefeld",
    navSignIn: "Sign in",
    navSignUp: "Create account",
    navAccount: "My account",
    navSignOut: "Sign out",
    footerNavLabel: "Service",
    navAccessibility: "Accessibility",
    navFeedback: "Give feedback",
    navNotifications: "Notifications",
    navEasyLanguage: "Leichte Sprache (easy German)",
    otherLanguageName: "Deutsch",
    heading: "Volunteering near you",
    intro: "Find a volunteering opportunity in Bielefeld – in your district or around where you are.",
    place: "Place or postcode",
    searchPlaceHintNoAddress: "A district or a postcode, e.g. Schildesche or 33602. Streets cannot be searched here.",
    searchPlaceHintAddress: "A district, a postcode or a street with house number, e.g. Schildesche, 33602 or Niederwall 23.",
    searchFilters: (n) => (n ? `More filters (${n})` : "More filters"),
    searchRemoteHeading: "From home",
    searchRemoteIntro: "Opportunities without a fixed place, with the same filters.",
    viewSwitchLabel: "Show results as",
    viewList: "List",
    viewMap: "Map",
    mapHint: "Each marker is an opportunity, numbered as in the list. Tab reaches them in order; Enter shows the opportunity below the map.",
    mapPlain: "No map background: this service has no map tiles set up. The markers show where the opportunities are, the circle your radius.",
    mapLabel: "Map of the results",
    mapZoomIn: "Zoom in",
    mapZoomOut: "Zoom out",
    mapMarker: (rank, title, metres) => `${rank}. ${title}${metres == null ? "" : `, ${formatDistance(metres)}`}`,
    mapLoading: "Loading the map …",
    mapUnavailable: "Map not available",
    mapUnavailableDetail: "The map could not be loaded. The list shows the same opportunities.",
    mapShown: (n) => (n === 1 ? "Map with 1 opportunity" : `Map with ${n} opportunities`),
    mapSelected: "Chosen on the map",
    searchPlaceKinds: { district: "District", postcode: "Postcode", address: "Address" },
    searchPlaceUnknown: "Place not found",
    searchPlaceUnknownDetail: "We know no place in Bielefeld for this. Please choose a suggestion from the list.",
    searchSuggestions: (n) => (n === 1 ? "1 suggestion" : `${n} suggestions`),
    myLocation: "My location",
    useMyLocation: "Use my location",
    locating: "Finding your location …",
    locationProblem: "Location not available",
    locationDenied: "You have not allowed access to your location. Please choose a district instead.",
    locationFailed: "Your location could not be determined. Please choose a district instead.",
    radius: "Distance",
    category: "Category",
    allCategories: "All categories",
    searchCategories: "Categories (one or more)",
    searchAnyCommitment: "Any",
    searchOneOff: "One-off",
    searchRegular: "Regular",
    searchFlexible: "Flexible",
    searchStartsAfter: "Starts on or after",
    searchStartsBefore: "Starts on or before",
    searchAccessible: "Wheelchair accessible only",
    searchLinkedPlace: (label) => `${label} (from the link)`,
    query: "Search term (optional)",
    queryHint: "e.g. garden, reading aloud, driving",
    submit: "Search",
    resultsHeading: "Results",
    searching: "Searching …",
    found: (n) =>
      n === 0 ? "No opportunities found" : n === 1 ? "1 opportunity found" : `${n} opportunities found`,
    moreAvailable: "More can be loaded.",
    empty: "We found nothing here right now. Try a larger distance, another category or no search term.",
    more: "Load more",
    categories: "Categories",
    distance: "Distance",
    commitment: "Commitment",
    district: "District",
    remote: "Can be done from home",
    commitments: { one_off: "One-off", regular: "Regular", flexible: "Flexible" },
    hoursPerWeek: (hours) => `about ${hours} hours a week`,
    weekdays: { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" },
    back: "Back to the list",
    loadingOffer: "Loading the opportunity …",
    offerUnavailable: "Opportunity not available",
    atAGlance: "At a glance",
    when: "When",
    where: "Where",
    minAge: "Minimum age",
    years: (n) => `${n} years`,
    capacity: "People wanted",
    skills: "What you bring",
    languages: "Languages",
    accessibility: "Accessibility",
    accessible: "Wheelchair accessible",
    contact: "Contact",
    email: "Email",
    phone: "Phone",
    offline: "You are offline. What you have loaded stays readable; new things come once you are back online.",
    networkTitle: "No connection",
    networkDetail: "The server cannot be reached right now. Check your internet connection and try again.",
    problemTitle: "Something went wrong",
    errorSummaryTitle: "There is a problem",
    errorPrefix: "Error",
    errorTitlePrefix: "Error: ",
    tooManyTitle: "Too many attempts",
    tryAgainIn: (minutes) => (minutes === 1 ? "Please try again in a minute." : `Please try again in ${minutes} minutes.`),
    unavailableTitle: "Temporarily unavailable",
    unavailableDetail: "VoluMap cannot be reached right now. Please try again in a few minutes.",
    footer: "VoluMap is a service of the City of Bielefeld.",
  },
};

export const LANGUAGES = Object.keys(STRINGS);
const STORAGE_KEY = "volumap.language";
const TIME_ZONE = "Europe/Berlin";

let current = "de";

export function initialLanguage() {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  if (LANGUAGES.includes(fromUrl)) return fromUrl;
  const saved = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.includes(saved)) return saved;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return "de";
}

export function setLanguage(language, { remember = false } = {}) {
  current = language;
  if (remember) localStorage.setItem(STORAGE_KEY, language);
}

export function language() {
  return current;
}

export function otherLanguage() {
  return LANGUAGES.find((candidate) => candidate !== current);
}

export function t(key, ...args) {
  const entry = STRINGS[current][key] ?? STRINGS.de[key];
  if (entry === undefined) throw new Error(`no text for ${key}`);
  return typeof entry === "function" ? entry(...args) : entry;
}

// A view's strings, { de: {...}, en: {...} }, both languages with the same keys.
export function addTexts(texts) {
  for (const language of LANGUAGES) Object.assign(STRINGS[language], texts[language]);
}

export function translateStatic(root = document) {
  for (const element of root.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll("[data-i18n-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nLabel));
  }
}

const locale = () => (current === "de" ? "de-DE" : "en-GB");

export function formatDistance(metres) {
  const km = metres / 1000;
  const digits = km < 10 ? 1 : 0;
  const number = new Intl.NumberFormat(locale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `${number.format(km)} km`;
}

export function formatNumber(value) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(value);
}

export function formatDateTime(iso) {
  const format = new Intl.DateTimeFormat(locale(), { dateStyle: "full", timeStyle: "short", timeZone: TIME_ZONE });
  return format.format(new Date(iso));
}

export function languageName(code) {
  try {
    return new Intl.DisplayNames([locale()], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}
