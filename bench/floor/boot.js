// Starts the floor app, as static/boot.js starts the assistant.
import init from "./floor.js";

init();
