// A step's countdown, counted in the browser (issue 18; pari/countdown.py gives the data).
//
// The server sends the seconds left when it draws the page (data.left_ms), never a
// wall-clock time, so a phone whose clock is off still counts right: the end is this
// page's own clock plus what is left. Nothing is sent while it counts; a pause, a
// restart or a stop reaches the page as a new draw (the facilitator's change moves the
// stage version, pari/live.py reruns the phones).
//
// When the count reaches zero on a step whose timer closes input, the element asks for
// one run (the "ended" trigger), after a short random wait so 300 phones do not all ask
// in the same instant; that run draws the step closed. A draw that already says zero
// asks for nothing, so a page cannot ask twice for the same end.

const TICK_MS = 250;
const SPREAD_MS = 1000; // the asks of a room spread over this long
const LOW_SECONDS = 30; // the last half minute is drawn in the warning colour
const WARN_SECONDS = 60; // a screen reader is told once when a minute is left
const timers = new WeakMap();

function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

function el(tag, className) {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  clearInterval(timers.get(parentElement));
  if (!data || typeof data.left_ms !== "number") return undefined;
  const t = data.text;

  let root = parentElement.querySelector(".cd");
  if (!root) {
    root = el("div", "cd");
    root.setAttribute("role", "timer");
    // A timer is not read aloud as it counts (role "timer" is not live); this line is,
    // once when a minute is left and once at the end, so nobody is cut off unwarned.
    const said = el("p", "sr");
    said.setAttribute("aria-live", "polite");
    root.append(el("p", "label"), el("p", "time"), said);
    parentElement.appendChild(root);
  }
  root.classList.toggle("big", Boolean(data.big));
  const label = root.querySelector(".label");
  const time = root.querySelector(".time");
  const said = root.querySelector(".sr");
  let warned = data.left_ms <= WARN_SECONDS * 1000; // drawn already that close: shown, not said

  const end = performance.now() + data.left_ms;
  const left = () => (data.running ? Math.max(0, end - performance.now()) : data.left_ms) / 1000;

  function draw() {
    const seconds = left();
    const up = seconds <= 0;
    time.textContent = clock(seconds);
    label.textContent = up ? (data.closes ? t.closed : t.up) : data.running ? t.left : t.paused;
    root.dataset.state = up ? "up" : data.running ? "running" : "paused";
    root.classList.toggle("low", !up && seconds <= LOW_SECONDS);
    if (data.running && !warned && seconds <= WARN_SECONDS) {
      warned = true;
      said.textContent = data.closes ? t.minute_closes : t.minute;
    }
    if (data.running && up && data.left_ms > 0) said.textContent = label.textContent;
    return up;
  }

  draw();
  if (!data.running || data.left_ms <= 0) return undefined;
  const interval = setInterval(() => {
    if (!draw()) return;
    clearInterval(interval);
    if (data.closes) setTimeout(() => setTriggerValue("ended", data.token), Math.random() * SPREAD_MS);
  }, TICK_MS);
  timers.set(parentElement, interval);
  return () => clearInterval(interval);
}
