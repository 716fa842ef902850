/**
 * The regular expression engine for patterns that users write (`pattern` and `patternProperties` in a flow's
 * `input` schema or a `schema` validator's params). JavaScript's RegExp backtracks, so `^(a+)+$` against 27 a's
 * and a `!` runs for seconds on the one event loop every tenant shares; RE2 (here re2js, a pure-JS port that
 * also runs in the designer's bundle) matches in time linear in the input. RE2 cannot express backreferences
 * or lookarounds: such a pattern is refused when the schema is compiled (at publish, by `validateFlow`'s
 * `unsupported-pattern` rule), never accepted and then run by the backtracking engine.
 */
import type { Options } from "ajv/dist/2020.js";
import { RE2JS } from "re2js";

/** ajv's engine type (not exported by name from ajv's entry point). */
type RegExpEngine = NonNullable<NonNullable<Options["code"]>["regExp"]>;
type RegExpLike = ReturnType<RegExpEngine>;

/**
 * The most RE2 instructions one pattern may compile to. Matching is linear in the input, but the constant grows
 * with the program (about 10 ns per character and instruction in the worst case, when RE2's DFA gives up), so a
 * bound keeps that case near 10 µs per character: seconds only for a string close to the 1 MiB body limit.
 * `a{900}` and `.{0,400}` fit.
 */
export const MAX_PATTERN_PROGRAM = 1_000;

/** Compiled patterns kept; a pattern evicted is compiled again on its next use. */
const CACHE_LIMIT = 100;
const compiled = new Map<string, RE2JS | Error>();

/** A backreference by name (`\k<name>`): re2js's translation would silently read it as the letters `k<name>`. */
function hasNamedBackreference(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== "\\") continue;
    if (pattern[i + 1] === "k") return true;
    i++; // skip the escaped character, so `\\k` (a backslash, then k) is not one
  }
  return false;
}

function compilePattern(pattern: string): RE2JS | Error {
  try {
    // JSON Schema patterns are ECMA-262 regular expressions (ajv compiles them with the `u` flag): one that is
    // not is refused as before, whatever RE2 thinks of it. Compiling a RegExp does not match, so it cannot stall.
    new RegExp(pattern, "u");
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  if (hasNamedBackreference(pattern)) return new Error("backreferences (\\k<name>) are not supported");
  try {
    const regex = RE2JS.compile(RE2JS.translateRegExp(pattern));
    if (regex.programSize() > MAX_PATTERN_PROGRAM) {
      return new Error(`it is too complex (${regex.programSize()} RE2 instructions; at most ${MAX_PATTERN_PROGRAM})`);
    }
    return regex;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return new Error(detail.replace(/^error parsing regexp: /, ""));
  }
}

/** The compiled pattern or why it cannot be used; cached, least recently used evicted first. */
function lookup(pattern: string): RE2JS | Error {
  let entry = compiled.get(pattern);
  if (entry === undefined) {
    entry = compilePattern(pattern);
  } else {
    compiled.delete(pattern);
  }
  compiled.set(pattern, entry);
  if (compiled.size > CACHE_LIMIT) compiled.delete(compiled.keys().next().value as string);
  return entry;
}

/** Thrown when a schema holds a pattern the linear engine cannot run; `validateFlow` reports each one by pointer. */
export class UnsupportedPatternError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`pattern ${JSON.stringify(pattern)} is not supported: ${reason}`);
    this.name = "UnsupportedPatternError";
  }
}

/**
 * Why `pattern` cannot be used in a user's schema (not ECMA-262, a backreference, a lookaround, too complex), or
 * null when it can.
 */
export function patternProblem(pattern: string): string | null {
  const entry = lookup(pattern);
  return entry instanceof Error ? entry.message : null;
}

/**
 * ajv's `code.regExp` engine for user schemas. The object handed to ajv keeps only the pattern: ajv holds its
 * compiled patterns for the life of the instance, so the RE2 programs (each with a DFA cache of up to 8 MB) live
 * in the bounded cache above instead. Throws UnsupportedPatternError, which makes ajv's compile fail.
 */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string, _flags: string): RegExpLike => {
    const entry = lookup(pattern);
    if (entry instanceof Error) throw new UnsupportedPatternError(pattern, entry.message);
    const like: RegExpLike & { toString(): string } = {
      test: (text: string) => {
        const regex = lookup(pattern);
        // Only reachable if the pattern became unusable after compiling, which a cache eviction cannot cause.
        if (regex instanceof Error) throw new UnsupportedPatternError(pattern, regex.message);
        return regex.test(text);
      },
      // ajv keys its compiled patterns by this text: it must differ between patterns, as RegExp's does.
      toString: () => `/${pattern}/re2`,
    };
    return like;
  },
  // Standalone code generation would emit `linearRegExp(...)`; MFO never generates standalone code.
  { code: "linearRegExp" },
);
