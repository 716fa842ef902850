/**
 * What the expression editor says about its text as it is typed: the JSONata parse error with its character
 * position (checkExpression caches results, so checking on every keystroke is cheap), or nothing.
 */
import { checkExpression, describeExpressionProblem, type ExpressionProblem } from "@mfo/schemas";

/**
 * The parse problem of an expression, or null when it parses. Empty text is not reported here: whether a
 * value is needed at all is the schema's question, answered by the form's validation errors.
 */
export function expressionProblem(text: string): ExpressionProblem | null {
  return text.trim() === "" ? null : checkExpression(text);
}

/** The message shown under the editor, e.g. `Expected ")" before end of expression (at character 7)`, or null. */
export function expressionMessage(text: string): string | null {
  const problem = expressionProblem(text);
  if (problem === null) return null;
  const where = problem.position === undefined ? "" : lineHint(text, problem.position);
  return describeExpressionProblem(problem) + where;
}

/** ", line 2 column 4" for a multi-line expression, where a bare character offset is hard to find. */
function lineHint(text: string, position: number): string {
  if (!text.includes("\n")) return "";
  const before = text.slice(0, Math.max(0, Math.min(position, text.length)));
  const lines = before.split("\n");
  const column = (lines.at(-1) ?? "").length;
  return `, line ${lines.length} column ${column}`;
}

/** Rows for the editor: its line count, between `min` and 12. */
export function expressionRows(text: string, min = 1): number {
  const lines = text.split("\n").length;
  return Math.max(min, Math.min(lines, 12));
}
