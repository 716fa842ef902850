import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFile(new URL(path, import.meta.url), "utf8");

describe("the README's embedding example", () => {
  it("is OperatorWidget.tsx word for word, so it compiles and stays true", async () => {
    const readme = await read("../../../../README.md");
    const section = readme.slice(readme.indexOf("## Embedding MFO in your React app"));
    const blocks = [...section.matchAll(/```tsx\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toContain(await read("./OperatorWidget.tsx"));
  });
});
