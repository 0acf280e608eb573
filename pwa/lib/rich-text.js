// Offer descriptions arrive as simple HTML. The API sanitises them, but this screen does not rely on
// that: the markup is parsed in an inert document (no scripts run, nothing loads) and only a short
// list of elements is rebuilt here, without any of their attributes except a checked link target.

const KEPT = new Set(["P", "BR", "UL", "OL", "LI", "STRONG", "EM", "A"]);
// Their text is code or metadata, not description: dropped with everything inside.
const DROPPED = new Set([
  "SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "IFRAME", "OBJECT", "EMBED", "SVG", "MATH",
]);

// An http(s) address as a link target, or null: nothing else (javascript:, data:) becomes a link.
export function webLink(href) {
  try {
    const url = new URL(href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function copyInto(target, source) {
  for (const node of source.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      target.append(node.data);
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const name = node.nodeName.toUpperCase();
    if (DROPPED.has(name)) continue;
    if (!KEPT.has(name)) {
      copyInto(target, node);
      continue;
    }
    if (name === "A") {
      const href = webLink(node.getAttribute("href") ?? "");
      if (!href) {
        copyInto(target, node);
        continue;
      }
      const link = document.createElement("a");
      link.href = href;
      link.rel = "noopener noreferrer nofollow";
      copyInto(link, node);
      target.append(link);
      continue;
    }
    const element = document.createElement(name.toLowerCase());
    copyInto(element, node);
    target.append(element);
  }
}

export function renderRichText(target, html) {
  const parsed = new DOMParser().parseFromString(String(html ?? ""), "text/html");
  const fragment = document.createDocumentFragment();
  copyInto(fragment, parsed.body);
  target.replaceChildren(fragment);
}
