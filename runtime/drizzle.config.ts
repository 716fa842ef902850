// drizzle-kit: generates SQL migrations from src/store/schema.ts into the runtime package's migrations/ folder.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/store/schema.ts",
  out: "./migrations",
});
