/** Entry point of the designer: mounts the app. */

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { setLayoutEngine } from "./core/index.js";
import { createWorkerEngine } from "./layout-worker.js";

// Auto layout runs ELK in a Web Worker, so laying out a large flow never freezes the page.
setLayoutEngine(createWorkerEngine);

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
