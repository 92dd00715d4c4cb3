// The questions of a Q&A step on a phone, drawn as one element (as the dot vote's
// cards are: native rows would cost the server a few elements a question on every
// refresh). pari/steps/questions/phone.py builds `data`. Question text is people's
// text: it only ever goes into `textContent`, never into HTML.
//
// A tap sends the state it wants ({set: {question id: true|false}, seq}), never
// "toggle": a resent tap cannot undo itself. The button shows the wanted state at
// once; the count follows the server's answer (data.ack is the last seq answered).
// Unanswered states are sent again every RETRY_MS while the page is open (Streamlit
// drops what a page sends while its socket is down); they are idempotent.

const RETRY_MS = 5000;
const states = new WeakMap();

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data || !Array.isArray(data.questions)) return undefined;
  let s = states.get(parentElement);
  if (!s) {
    s = { seq: 0, pending: {} };
    states.set(parentElement, s);
  }
  const ack = data.ack || 0;
  s.seq = Math.max(s.seq, ack);
  for (const id of Object.keys(s.pending)) {
    if (s.pending[id].seq <= ack) delete s.pending[id];
  }
  const t = data.text;
  let root = parentElement.querySelector(".qa");
  if (!root) {
    root = el("div", "qa");
    parentElement.appendChild(root);
  }

  function wanted(q) {
    return q.id in s.pending ? s.pending[q.id].on : q.upvoted;
  }

  function draw() {
    root.textContent = "";
    if (!data.questions.length) {
      root.appendChild(el("p", "empty", t.empty));
      return;
    }
    const list = el("ul", "questions");
    for (const q of data.questions) {
      const item = el("li", "question");
      item.dataset.id = String(q.id);
      if (q.pinned) item.classList.add("pinned");
      if (q.status === "answered") item.classList.add("answered");
      if (q.status === "pending") item.classList.add("pending");
      if (q.status === "hidden") item.classList.add("hidden");
      const tags = el("p", "tags");
      if (q.pinned) tags.appendChild(el("span", "tag pin", t.pinned));
      if (q.status === "answered") tags.appendChild(el("span", "tag done", t.answered));
      if (q.mine) tags.appendChild(el("span", "tag mine", t.mine));
      if (q.status === "pending") tags.appendChild(el("span", "tag wait", t.waiting));
      if (q.status === "hidden") tags.appendChild(el("span", "tag off", t.hidden));
      if (q.name) tags.appendChild(el("span", "name", "\u2014 " + q.name));
      if (tags.childNodes.length) item.appendChild(tags);
      const text = el("p", "text", q.text);
      text.id = "pari-q-" + q.id;
      item.appendChild(text);
      const row = el("div", "row");
      if (q.mine) {
        if (data.counts && q.status !== "pending" && q.status !== "hidden") {
          row.appendChild(el("span", "count", "\u25B2 " + q.upvotes));
        }
        if (data.open && q.can_withdraw) {
          const back = el("button", "withdraw", t.withdraw);
          back.type = "button";
          back.dataset.key = "withdraw_" + q.id;
          back.addEventListener("click", () => {
            if (window.confirm(t.withdraw_confirm)) {
              s.seq += 1;
              setTriggerValue("tap", { withdraw: q.id, seq: s.seq });
            }
          });
          row.appendChild(back);
        }
      } else {
        const on = wanted(q);
        const button = el("button", on ? "up on" : "up");
        button.type = "button";
        button.dataset.key = "up_" + q.id;
        button.setAttribute("aria-pressed", on ? "true" : "false");
        // Named by what it does and the question's whole text (no copy of it).
        const action = el("span", "sr", on ? t.take_back : t.upvote);
        action.id = "pari-q-act-" + q.id;
        item.appendChild(action);
        button.setAttribute("aria-labelledby", action.id + " " + text.id);
        let label = "\u25B2";
        if (data.counts) {
          const n = q.upvotes + (on === q.upvoted ? 0 : on ? 1 : -1);
          label += " " + n;
        }
        button.appendChild(el("span", "", label));
        button.appendChild(el("span", "what", on ? t.upvoted : t.upvote));
        button.disabled = !data.open;
        button.addEventListener("click", () => tap(q, !wanted(q)));
        row.appendChild(button);
        if (q.id in s.pending) button.setAttribute("aria-busy", "true");
      }
      item.appendChild(row);
      if (data.notice && data.notice.question === q.id) {
        const line = el("p", "notice", data.notice.text);
        line.setAttribute("role", "alert");
        item.appendChild(line);
      }
      list.appendChild(item);
    }
    root.appendChild(list);
  }

  let timer = null;

  function send() {
    s.seq += 1;
    const set = {};
    for (const id of Object.keys(s.pending)) {
      s.pending[id].seq = s.seq;
      set[id] = s.pending[id].on;
    }
    setTriggerValue("tap", { set: set, seq: s.seq });
    clearTimeout(timer);
    timer = setTimeout(retry, RETRY_MS);
  }

  function retry() {
    if (Object.keys(s.pending).length) send();
  }

  function tap(q, on) {
    if (!data.open) return;
    s.pending[q.id] = { on: on, seq: 0 };
    draw();
    send();
  }

  draw();
  if (Object.keys(s.pending).length) timer = setTimeout(retry, RETRY_MS);
  return () => clearTimeout(timer);
}
