// Building the page from data without ever parsing text as HTML: every string becomes a text node.

// h("a", { href: "#/", class: "kern-link" }, "text", child, [more]) → an element. Attributes with false,
// null or undefined are left out; `on*` functions become event listeners; `dataset` and `aria` take objects.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (name === "class") {
      element.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// A KERN icon beside text: decorative, so hidden from assistive technology.
export function icon(name, size = "default") {
  return h("span", { class: `kern-icon kern-icon--${name} kern-icon--${size}`, "aria-hidden": "true" });
}

let announcer;
let pending = 0;

// Says `text` through a polite live region (made on first use, so a screen with its own status region, like
// the search, has only that one). Emptying first and filling a moment later makes screen readers repeat a
// message that did not change.
export function announce(text) {
  if (!announcer) {
    announcer = h("p", { class: "visually-hidden", role: "status", "aria-live": "polite" });
    document.body.append(announcer);
  }
  clearTimeout(pending);
  announcer.textContent = "";
  pending = setTimeout(() => {
    announcer.textContent = text;
  }, 100);
}
