// Vite builds the designer into dist/, which the runtime serves at /. In dev (`npm run dev -w designer`) it
// proxies the API to a runtime on :3000.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { "/api": "http://127.0.0.1:3000", "/openapi.json": "http://127.0.0.1:3000" } },
});
