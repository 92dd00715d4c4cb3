// What every page needs for people who read it differently (issue 20): it draws nothing.
//
// - The page's language. Streamlit 1.67 writes <html lang="en"> into every page and has
//   no setting for it (streamlit/streamlit#15726), so a screen reader would read
//   Swedish or Basque with English rules (WCAG 3.1.1). This sets the document's lang
//   to the language the page is drawn in, and again whenever the person changes it.
// - Page-wide styles Streamlit has no setting for, added once to the document:
//   a focus ring that shows on every control (2.4.7; Streamlit's own is pale), focus
//   never left under a sticky line (2.4.11), and the links of a collapsed menu out of
//   the keyboard's way (on a phone the top menu folds into a hidden side panel whose
//   links could still be tabbed to, off screen); long words in headings hyphenated
//   in the page's language where the browser knows how (text at 200 %).

const STYLE_ID = "pari-page-style";
const CSS = `
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible,
[role="slider"]:focus-visible, [role="option"]:focus-visible,
label:has(input:focus-visible) {
  outline: 3px solid #1B6B3A !important; outline-offset: 2px;
}
[data-testid="stMain"]:focus-visible { outline: 3px solid #1B6B3A; outline-offset: -3px; }
[data-testid="stMain"] { scroll-padding-top: 6rem; }
[data-testid="stSidebar"][data-collapsed="true"] { visibility: hidden; }
h1, h2, h3 { hyphens: auto; }
`;

export default function (component) {
  const { data, parentElement } = component;
  if (data && typeof data.lang === "string" && /^[a-z]{2,3}$/.test(data.lang)) {
    document.documentElement.lang = data.lang;
  }
  if (!document.getElementById(STYLE_ID)) {
    const style = document.createElement("style");
    style.id = STYLE_ID;
    style.textContent = CSS;
    document.head.appendChild(style);
  }
  // The element draws into a shadow root (or an element) inside its layout slot.
  const root = parentElement && parentElement.getRootNode ? parentElement.getRootNode() : null;
  const host = root && root.host ? root.host : parentElement;
  const slot = host && host.closest ? host.closest("[data-testid='stElementContainer']") : null;
  if (slot) slot.style.display = "none";
  return undefined;
}
