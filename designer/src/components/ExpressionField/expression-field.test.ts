import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ExpressionField, type ExpressionFieldProps } from "./index.js";

const render = (props: Partial<ExpressionFieldProps>) =>
  renderToStaticMarkup(createElement(ExpressionField, { id: "expr", value: "", onChange: () => {}, ...props }));

describe("ExpressionField", () => {
  it("renders a labelled monospace editor, valid without a message", () => {
    const html = render({ value: "input.count > 3", label: "Condition", describedBy: "help" });
    expect(html).toContain('<label for="expr">Condition</label>');
    expect(html).toContain('id="expr"');
    expect(html).toContain("monospace");
    expect(html).toContain('aria-invalid="false"');
    expect(html).toContain('aria-describedby="help"');
    expect(html).not.toContain('role="alert"');
  });

  it("shows the parse error with its position as an alert tied to the editor", () => {
    const html = render({ value: "input.(count", describedBy: "help" });
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="help expr:parse-error"');
    expect(html).toMatch(/<p id="expr:parse-error" class="[^"]*" role="alert">[^<]+\(at character \d+\)<\/p>/);
  });

  it("is marked invalid for a problem reported elsewhere, and can be disabled", () => {
    const html = render({ value: "a", invalid: true, disabled: true });
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain("disabled");
  });
});
