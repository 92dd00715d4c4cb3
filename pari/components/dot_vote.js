// The cards of a dot vote on a phone, drawn as one element (issue 10).
//
// Native rows cost the server about a millisecond a card on every run; this draws the
// whole list from one `data` object (pari/vote_cards.py builds it). Card text is
// stakeholder text: it only ever goes into `textContent`, never into HTML.
//
// A tap sends the counts it wants ({set: {card id: dots}, seq}), never "+1": a resent
// or coalesced tap cannot add a dot twice, and every pending change rides along with
// the next one, so none is dropped when Streamlit merges two requests. A dot the
// server has not confirmed yet is drawn hollow and the "dots left" line counts only
// stored dots (the root says data-state="saving" meanwhile). Unanswered counts are
// sent again every RETRY_MS; after TRIES they are taken back on screen with a line
// asking for another tap.

const RETRY_MS = 5000;
const TRIES = 4;
const states = new WeakMap();

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data || !Array.isArray(data.cards)) return undefined;
  let s = states.get(parentElement);
  if (!s) {
    s = { seq: 0, pending: {}, lost: null };
    states.set(parentElement, s);
  }
  s.seq = Math.max(s.seq, data.ack || 0);
  for (const id of Object.keys(s.pending)) {
    if (s.pending[id].seq <= (data.ack || 0)) delete s.pending[id];
  }
  const t = data.text;
  const confirmed = {};
  for (const card of data.cards) confirmed[card.id] = card.dots;
  const mine = (id) => (id in s.pending ? s.pending[id].dots : confirmed[id] || 0);
  const spent = (count) => {
    let n = data.other || 0;
    for (const card of data.cards) n += count(card.id);
    return n;
  };
  const stored = (id) => confirmed[id] || 0;

  let root = parentElement.querySelector(".dv");
  if (!root) {
    root = el("div", "dv");
    parentElement.appendChild(root);
  }
  let timer = null;

  function draw() {
    const focused = parentElement.activeElement || document.activeElement;
    const focusKey = focused && focused.dataset ? focused.dataset.key : null;
    root.textContent = "";
    const left = Math.max(data.budget - spent(mine), 0);
    const saved = Math.max(data.budget - spent(stored), 0);
    root.dataset.state = Object.keys(s.pending).length ? "saving" : "saved";
    const head = el("p", "left", t.left[Math.min(saved, t.left.length - 1)]);
    head.setAttribute("role", "status");
    head.setAttribute("aria-live", "polite");
    root.appendChild(head);
    const list = el("ul", "cards");
    for (const card of data.cards) {
      const n = mine(card.id);
      const waiting = card.id in s.pending;
      const item = el("li", "card");
      item.appendChild(el("p", "text", card.text));
      const row = el("div", "row");
      const minus = el("button", "minus", "\u2212");
      minus.type = "button";
      minus.dataset.key = "minus_" + card.id;
      minus.setAttribute("aria-label", t.minus + ": " + card.short);
      minus.disabled = !data.open || n === 0;
      minus.addEventListener("click", () => tap(card.id, n - 1));
      const plus = el("button", "plus", "+");
      plus.type = "button";
      plus.dataset.key = "plus_" + card.id;
      plus.setAttribute("aria-label", t.plus + ": " + card.short);
      plus.disabled = !data.open || left === 0 || n >= data.cap;
      plus.addEventListener("click", () => tap(card.id, n + 1));
      const count = el("span", "count");
      if (n === 0) {
        count.textContent = t.none;
      } else {
        const sure = Math.min(n, confirmed[card.id] || 0);
        const filled = el("span", "dot", "\u25CF ".repeat(sure));
        filled.setAttribute("aria-hidden", "true");
        count.appendChild(filled);
        if (n > sure) {
          const hollow = el("span", "dot wait", "\u25CB ".repeat(n - sure));
          hollow.setAttribute("aria-hidden", "true");
          count.appendChild(hollow);
        }
        count.appendChild(el("b", "", String(n)));
      }
      if (waiting) count.setAttribute("aria-busy", "true");
      row.append(minus, count, plus);
      item.appendChild(row);
      const notice =
        data.notice && data.notice.card === card.id
          ? data.notice.text
          : s.lost === card.id
            ? t.lost
            : null;
      if (notice) {
        const line = el("p", "notice", notice);
        line.setAttribute("role", "alert");
        item.appendChild(line);
      }
      list.appendChild(item);
    }
    root.appendChild(list);
    if (focusKey) {
      const again = root.querySelector('[data-key="' + focusKey + '"]');
      if (again && !again.disabled) again.focus();
    }
  }

  function send() {
    s.seq += 1;
    const set = {};
    for (const id of Object.keys(s.pending)) {
      s.pending[id].seq = s.seq;
      set[id] = s.pending[id].dots;
    }
    setTriggerValue("dots", { set: set, seq: s.seq });
    clearTimeout(timer);
    timer = setTimeout(retry, RETRY_MS);
  }

  function tap(cardId, dots) {
    if (!data.open || dots < 0 || dots > data.cap) return;
    if (dots > mine(cardId) && spent(mine) >= data.budget) return;
    s.pending[cardId] = { dots: dots, seq: 0, tries: 0 };
    s.lost = null;
    draw();
    send();
  }

  // No answer yet: the socket may have dropped, and Streamlit drops what a page sends
  // while disconnected. Counts are idempotent, so the same counts are sent again; after
  // TRIES the dots are taken back on screen and the person is asked to tap again.
  function retry() {
    const ids = Object.keys(s.pending);
    if (!ids.length) return;
    const tries = Math.max(...ids.map((id) => s.pending[id].tries)) + 1;
    if (tries >= TRIES) {
      s.lost = Number(ids[ids.length - 1]);
      s.pending = {};
      draw();
      return;
    }
    for (const id of ids) s.pending[id].tries = tries;
    send();
  }

  draw();
  if (Object.keys(s.pending).length) timer = setTimeout(retry, RETRY_MS);
  return () => clearTimeout(timer);
}
