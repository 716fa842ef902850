import { describe, expect, it } from "vitest";
import { fitPadding } from "./fit.js";

const minimap = { width: 215, height: 165 };

describe("fitPadding", () => {
  it("keeps the minimap's corner clear along the bottom for a wide flow", () => {
    expect(fitPadding({ width: 4000, height: 400 }, { width: 900, height: 600 }, minimap, 20)).toEqual({
      top: "20px",
      left: "20px",
      right: "20px",
      bottom: "185px",
    });
  });

  it("keeps the minimap's corner clear down the right for a tall flow", () => {
    expect(fitPadding({ width: 400, height: 4000 }, { width: 900, height: 600 }, minimap, 20)).toEqual({
      top: "20px",
      left: "20px",
      right: "235px",
      bottom: "20px",
    });
  });
});
