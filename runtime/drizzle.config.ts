// drizzle-kit: generates SQL migrations from src/store/schema.ts into the top-level migrations/ folder.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/store/schema.ts",
  out: "../migrations",
});
