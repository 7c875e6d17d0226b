// Starts the WebAssembly app. It lives in its own file because the page's
// Content-Security-Policy allows no inline script. `cargo xtask build` writes it to
// assets/ under a hashed name, with the app's hashed file name in the import below.
import init from "./webhook-assistant.js";

// Practice mode's simulated Calendly is a module of its own, imported only when the user
// chooses practice mode (see src/connection.rs); only JavaScript can import a module.
globalThis.assistantImport = (url) => import(url);

init().catch((error) => {
  const status = document.querySelector(".loading");
  if (status) {
    status.textContent =
      "The assistant could not start in this browser. Please try a current version of Chrome, Edge, Firefox or Safari.";
  }
  console.error(error);
});
