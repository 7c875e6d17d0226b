// Starts the WebAssembly app. It lives in its own file because the page's
// Content-Security-Policy allows no inline script. `cargo xtask build` writes it to
// assets/ under a hashed name, with the app's hashed file name in the import below.
import init from "./webhook-assistant.js";

// Practice mode's simulated Calendly is a module of its own, imported only when the user
// chooses practice mode (see src/connection.rs); only JavaScript can import a module.
globalThis.assistantImport = (url) => import(url);

function start() {
  init().catch((error) => {
    const note = document.createElement("p");
    note.setAttribute("role", "alert");
    note.className = "notice";
    note.textContent =
      "The assistant could not start in this browser. Please try a current version of Chrome, Edge, Firefox or Safari.";
    (document.querySelector("main") ?? document.body).prepend(note);
    console.error(error);
  });
}

// The welcome screen is already in the page (rendered at build time): fetch the app's
// code once it has been painted, so the code never delays the first paint.
if (document.visibilityState === "visible") {
  requestAnimationFrame(() => setTimeout(start));
} else {
  start();
}
