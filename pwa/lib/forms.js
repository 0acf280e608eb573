// Forms the GOV.UK Design System's way, in KERN's markup: a label above each field, its hint below the label,
// and after a failed submit an error summary at the top (focused, each error a link to its field) and the
// error again next to its field, tied to it with aria-describedby. Errors come from the API's problem+json:
// each invalid-params entry whose name is a field of the form goes to that field; the rest go to the summary.

import { h, icon } from "./dom.js";
import { t } from "./i18n.js";
import { ApiProblem, describeProblem } from "./request.js";

let uniqueId = 0;

// One field: { name, label, type = "text", autocomplete, hint, value, required, inputmode, maxlength, options }.
// `options` ([[value, label], …]) makes a select; type "textarea" a text area (`rows`).
export function field({ name, label, type = "text", hint, value, options, ...attributes }) {
  const id = `field-${name}-${++uniqueId}`;
  const hintId = hint ? `${id}-hint` : null;
  let control;
  if (options) {
    control = h("select", { class: "kern-form-input__select", id, name, "aria-describedby": hintId, ...attributes },
      options.map(([optionValue, optionLabel]) =>
        h("option", { value: optionValue, selected: optionValue === value }, optionLabel)));
  } else if (type === "textarea") {
    control = h("textarea", { class: "kern-form-input__input", id, name, rows: 6, "aria-describedby": hintId,
      ...attributes }, value ?? "");
  } else {
    control = h("input", { class: "kern-form-input__input", id, name, type, value, "aria-describedby": hintId,
      spellcheck: type === "email" || type === "password" ? "false" : undefined, ...attributes });
  }
  const input = options ? h("div", { class: "kern-form-input__select-wrapper" }, control) : control;
  return h("div", { class: "kern-form-input", dataset: { field: name } },
    h("label", { class: "kern-label", for: id }, label),
    hint ? h("div", { class: "kern-hint", id: hintId }, hint) : null,
    input);
}

// One question with radio buttons: { name, legend, hint, options: [[value, label], …], value }. The API names
// the field `name`; its error goes to the fieldset and its link to the first radio.
export function radios({ name, legend, hint, options, value }) {
  const id = `field-${name}-${++uniqueId}`;
  const hintId = hint ? `${id}-hint` : null;
  return h("fieldset", { class: "kern-fieldset kern-form-input", dataset: { field: name }, "aria-describedby": hintId },
    h("legend", { class: "kern-label" }, legend),
    hint ? h("div", { class: "kern-hint", id: hintId }, hint) : null,
    h("div", { class: "kern-fieldset__body" },
      options.map(([optionValue, optionLabel], index) => {
        const radioId = `${id}-${index}`;
        return h("div", { class: "kern-form-check" },
          h("input", { class: "kern-form-check__radio", type: "radio", id: radioId, name, value: optionValue,
            checked: optionValue === value }),
          h("label", { class: "kern-label", for: radioId }, optionLabel));
      })));
}

export function submitButton(label) {
  return h("button", { type: "submit", class: "kern-btn kern-btn--primary" }, h("span", { class: "kern-label" }, label));
}

// A form with its fields and button; `onSubmit(values, form)` runs on submit with the fields' values and
// shows what it throws. Returns the form element.
export function form({ label, fields, submit, onSubmit, after = [] }) {
  const element = h("form", { class: "form", novalidate: true, "aria-label": label },
    h("div", { class: "form__summary" }), ...fields, h("div", { class: "form__actions" }, submitButton(submit), ...after));
  element.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = element.querySelector("button[type=submit]");
    if (button.disabled) return;
    clearErrors(element);
    button.disabled = true;
    element.setAttribute("aria-busy", "true");
    try {
      await onSubmit(Object.fromEntries(new FormData(element)), element);
    } catch (error) {
      if (error?.name !== "AbortError") showErrors(element, error);
    } finally {
      button.disabled = false;
      element.removeAttribute("aria-busy");
    }
  });
  return element;
}

export function clearErrors(form) {
  form.querySelector(".form__summary").replaceChildren();
  for (const wrapper of form.querySelectorAll(".kern-form-input--error")) {
    wrapper.classList.remove("kern-form-input--error", "kern-fieldset--error");
    const control = wrapper.querySelector("input, select, textarea");
    control.removeAttribute("aria-invalid");
    control.classList.remove("kern-form-input__input--error");
    for (const radio of wrapper.querySelectorAll(".kern-form-check__radio")) {
      radio.classList.remove("kern-form-check__radio--error");
    }
    const errorId = wrapper.querySelector(".kern-error")?.id;
    wrapper.querySelector(".kern-error")?.remove();
    const target = describedElement(wrapper, control);
    const described = (target.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => id && id !== errorId);
    if (described.length) target.setAttribute("aria-describedby", described.join(" "));
    else target.removeAttribute("aria-describedby");
  }
  document.title = document.title.replace(new RegExp(`^${t("errorTitlePrefix")}`), "");
}

// The API names a field as it is in the request body ("new_password", "email") or with its location
// ("body.email"); the form's fields carry the same names.
function fieldFor(form, name) {
  const plain = String(name).replace(/^(body|query|path)\./, "");
  return form.querySelector(`[data-field="${CSS.escape(plain)}"]`);
}

// A radio group is described as a whole, on its fieldset (where its hint is too); a field by its control.
function describedElement(wrapper, control) {
  return wrapper.matches("fieldset") ? wrapper : control;
}

function setFieldError(wrapper, message) {
  const control = wrapper.querySelector("input, select, textarea");
  const errorId = `${control.id}-error`;
  wrapper.classList.add("kern-form-input--error");
  if (wrapper.matches("fieldset")) {
    // KERN's error look for a group; aria-invalid is not defined for single radio buttons.
    wrapper.classList.add("kern-fieldset--error");
    for (const radio of wrapper.querySelectorAll(".kern-form-check__radio")) {
      radio.classList.add("kern-form-check__radio--error");
    }
  } else {
    control.classList.add("kern-form-input__input--error");
    control.setAttribute("aria-invalid", "true");
  }
  const target = describedElement(wrapper, control);
  const described = (target.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
  target.setAttribute("aria-describedby", [...described, errorId].join(" "));
  const error = h("p", { class: "kern-error", id: errorId },
    icon("danger", "small"), h("span", { class: "visually-hidden" }, `${t("errorPrefix")}: `), message);
  (wrapper.querySelector(":scope > .kern-hint") ?? wrapper.querySelector(":scope > .kern-label")).after(error);
  return control;
}

// Field errors are [{ name, reason }]; or pass an ApiProblem (or any error) and let its invalid-params decide.
export function showErrors(form, errorOrList) {
  const entries = [];
  let general = null;
  if (Array.isArray(errorOrList)) {
    entries.push(...errorOrList);
  } else if (errorOrList instanceof ApiProblem && errorOrList.params.length) {
    entries.push(...errorOrList.params);
  } else {
    general = describeProblem(errorOrList);
  }
  const items = [];
  for (const entry of entries) {
    const wrapper = fieldFor(form, entry.name);
    if (wrapper && !wrapper.classList.contains("kern-form-input--error")) {
      // The API's reasons name no subject ("ist falsch", "must be at least 10 characters long"): the field's
      // label is it (without a "(optional)"), so the message reads "Aktuelles Passwort ist falsch" at the field
      // and in the summary.
      const label = wrapper.querySelector(":scope > .kern-label")?.textContent.replace(/\s*\([^)]*\)\s*$/, "").trim();
      const message = errorOrList instanceof ApiProblem && label ? `${label} ${entry.reason}` : entry.reason;
      const control = setFieldError(wrapper, message);
      items.push(h("li", {}, h("a", { href: `#${control.id}`, onclick: (event) => {
        event.preventDefault();
        control.focus();
      } }, message)));
    } else if (!wrapper) {
      items.push(h("li", {}, `${entry.name}: ${entry.reason}`));
    }
  }
  if (general) items.push(h("li", {}, [general.title, general.detail].filter(Boolean).join(": ")));
  const titleId = `summary-${++uniqueId}`;
  const summary = h("div", { class: "kern-alert kern-alert--danger", role: "alert", tabindex: "-1",
    "aria-labelledby": titleId },
  h("div", { class: "kern-alert__header" }, icon("danger"),
    h("h2", { class: "kern-title", id: titleId }, t("errorSummaryTitle"))),
  h("div", { class: "kern-alert__body" }, h("ul", { class: "kern-list" }, items)));
  form.querySelector(".form__summary").replaceChildren(summary);
  if (!document.title.startsWith(t("errorTitlePrefix"))) document.title = `${t("errorTitlePrefix")}${document.title}`;
  summary.focus();
}
