// Asks the server for a fresh run when a phone comes back (issue 15, DESIGN section 8).
//
// A phone whose socket dropped (a locked screen, Wi-Fi handing over, a walk out for
// coffee) reconnects by itself, but Streamlit's page sends no rerun when it does: it
// keeps showing the step it had. When the server still holds its session, pari/live.py
// reruns it; when the server has dropped the session meanwhile (after
// server.disconnectedSessionTTL, or past the 128 it keeps), only the page can ask.
// So this element asks once when the connection comes back and once when the screen
// is shown again after a while. It draws nothing and sends nothing while all is well:
// an idle phone stays silent.
//
// It also brings a new step's heading on screen: the browser keeps the old scroll
// position across a step change (issue 18). The page's first heading is watched here,
// in the browser, so a step change costs the server nothing more.

const HIDDEN_MS = 3000; // a glance away shorter than this asks for nothing
const hub = (window.__pariWake = window.__pariWake || { send: null, installed: false });

function wake(why) {
  if (hub.send) hub.send("wake", `${why}:${Date.now()}`);
}

function install() {
  const app = document.querySelector("[data-testid='stApp']");
  if (app) {
    let last = app.getAttribute("data-test-connection-state");
    new MutationObserver(() => {
      const now = app.getAttribute("data-test-connection-state");
      if (now === "CONNECTED" && last && last !== "CONNECTED") wake("reconnected");
      last = now;
    }).observe(app, { attributes: true, attributeFilter: ["data-test-connection-state"] });
  }
  let hiddenAt = document.hidden ? Date.now() : null;
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      hiddenAt = Date.now();
    } else if (hiddenAt !== null) {
      const away = Date.now() - hiddenAt;
      hiddenAt = null;
      if (away >= HIDDEN_MS) wake("shown");
    }
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) wake("restored"); // back from the browser's page cache
  });
  const main = document.querySelector("[data-testid='stMain']");
  if (main) {
    const heading = () => {
      const h = main.querySelector("h2, h1");
      return h ? h.textContent : null;
    };
    let shown = heading();
    new MutationObserver(() => {
      const now = heading();
      if (now !== null && shown !== null && now !== shown) {
        window.scrollTo(0, 0);
        main.scrollTo(0, 0);
      }
      if (now !== null) shown = now;
    }).observe(main, { childList: true, subtree: true, characterData: true });
  }
}

export default function (component) {
  hub.send = component.setTriggerValue; // the newest run's, so a trigger reaches this page
  if (!hub.installed) {
    hub.installed = true;
    install();
  }
  return undefined;
}
