// Loads the UI's wasm module. Kept in a file (not inline) so the CSP needs no exceptions.
import init from "./pkg/rolecall_ui.js";

init().catch((error) => {
  document.body.textContent = "Rolecall could not start its interface: " + error;
});
