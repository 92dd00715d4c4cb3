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
// sent again every RETRY_MS for as long as the page is open (Streamlit drops what a
// page sends while its socket is down); after WAIT_TRIES the card says it is waiting
// for the connection. Only the server says "not saved" (data.notice), since only the
// server knows.

const RETRY_MS = 5000;
const WAIT_TRIES = 2;
const states = new WeakMap();

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function hidden(node) {
  node.setAttribute("aria-hidden", "true");
  return node;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data || !Array.isArray(data.cards)) return undefined;
  let s = states.get(parentElement);
  if (!s) {
    s = { seq: 0, pending: {}, tries: 0 };
    states.set(parentElement, s);
  }
  const ack = data.ack || 0;
  s.seq = Math.max(s.seq, ack);
  for (const id of Object.keys(s.pending)) {
    if (s.pending[id].seq <= ack) delete s.pending[id];
  }
  if (!Object.keys(s.pending).length) s.tries = 0;
  const t = data.text;
  const confirmed = {};
  for (const card of data.cards) confirmed[card.id] = card.dots;
  const stored = (id) => confirmed[id] || 0;
  const mine = (id) => (id in s.pending ? s.pending[id].dots : stored(id));
  const spent = (count) => {
    let n = data.other || 0;
    for (const card of data.cards) n += count(card.id);
    return n;
  };
  const pick = (texts, n) => texts[Math.max(0, Math.min(n, texts.length - 1))];

  let root = parentElement.querySelector(".dv");
  if (!root) {
    root = el("div", "dv");
    parentElement.appendChild(root);
  }
  let timer = null;

  function countNode(card, n) {
    const count = el("span", "count");
    if (n === 0) {
      count.textContent = t.none;
      return count;
    }
    const sure = Math.min(n, stored(card.id));
    count.appendChild(hidden(el("span", "dot", "\u25CF ".repeat(sure))));
    if (n > sure) count.appendChild(hidden(el("span", "dot wait", "\u25CB ".repeat(n - sure))));
    count.appendChild(hidden(el("b", "", String(n))));
    count.appendChild(el("span", "sr", pick(t.count, n)));
    return count;
  }

  function draw() {
    const focused = parentElement.activeElement || document.activeElement;
    const focusKey = focused && focused.dataset ? focused.dataset.key : null;
    root.textContent = "";
    const pending = Object.keys(s.pending).length > 0;
    const left = Math.max(data.budget - spent(mine), 0);
    const saved = Math.max(data.budget - spent(stored), 0);
    root.dataset.state = pending ? "saving" : "saved";
    const head = el("div", "head");
    head.setAttribute("role", "status");
    head.setAttribute("aria-live", "polite");
    head.appendChild(el("p", "left", pick(t.left, saved)));
    if (data.open && saved === 0) head.appendChild(el("p", "hint", t.spent));
    root.appendChild(head);
    const list = el("ul", "cards");
    for (const card of data.cards) {
      const n = mine(card.id);
      const item = el("li", "card");
      const text = el("p", "text", card.text);
      text.id = "pari-card-" + card.id;
      item.appendChild(text);
      // Each button is named by what it does and the card's whole text (no copy of it).
      const minusName = el("span", "sr", t.minus);
      minusName.id = "pari-minus-" + card.id;
      const plusName = el("span", "sr", t.plus);
      plusName.id = "pari-plus-" + card.id;
      item.append(minusName, plusName);
      const row = el("div", "row");
      const minus = el("button", "minus", "\u2212");
      minus.type = "button";
      minus.dataset.key = "minus_" + card.id;
      minus.setAttribute("aria-labelledby", minusName.id + " " + text.id);
      minus.disabled = !data.open || n === 0;
      minus.addEventListener("click", () => tap(card.id, n - 1));
      const plus = el("button", "plus", "+");
      plus.type = "button";
      plus.dataset.key = "plus_" + card.id;
      plus.setAttribute("aria-labelledby", plusName.id + " " + text.id);
      plus.disabled = !data.open || left === 0 || n >= data.cap;
      plus.addEventListener("click", () => tap(card.id, n + 1));
      const count = countNode(card, n);
      if (card.id in s.pending) count.setAttribute("aria-busy", "true");
      row.append(minus, count, plus);
      item.appendChild(row);
      if (data.notice && data.notice.card === card.id) {
        const line = el("p", "notice", data.notice.text);
        line.setAttribute("role", "alert");
        item.appendChild(line);
      } else if (card.id in s.pending && s.tries >= WAIT_TRIES) {
        const line = el("p", "waiting", t.waiting);
        line.setAttribute("role", "status");
        item.appendChild(line);
      }
      list.appendChild(item);
    }
    root.appendChild(list);
    if (focusKey) {
      // A "+" that has just reached the cap is disabled: keep the focus on its card.
      const other = focusKey.startsWith("plus_") ? "minus_" : "plus_";
      const keys = [focusKey, other + focusKey.slice(focusKey.indexOf("_") + 1)];
      for (const key of keys) {
        const again = root.querySelector('[data-key="' + key + '"]');
        if (again && !again.disabled) {
          again.focus();
          break;
        }
      }
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
    s.pending[cardId] = { dots: dots, seq: 0 };
    draw();
    send();
  }

  // No answer yet: send the same counts again (they are idempotent).
  function retry() {
    if (!Object.keys(s.pending).length) return;
    s.tries += 1;
    draw();
    send();
  }

  draw();
  if (Object.keys(s.pending).length) timer = setTimeout(retry, RETRY_MS);
  return () => clearTimeout(timer);
}
