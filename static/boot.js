// Loads the WebAssembly app. It lives in its own file because the page's
// Content-Security-Policy allows no inline script.
import init from "./webhook-assistant.js";

init({ module_or_path: new URL("./webhook-assistant_bg.wasm", import.meta.url) }).catch((error) => {
  const status = document.querySelector(".loading");
  if (status) {
    status.textContent =
      "The assistant could not start in this browser. Please try a current version of Chrome, Edge, Firefox or Safari.";
  }
  console.error(error);
});
