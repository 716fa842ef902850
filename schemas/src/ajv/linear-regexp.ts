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

/** The longest pattern compiled at all; compiling, unlike matching, grows with the pattern's text. */
export const MAX_PATTERN_LENGTH = 4_096;

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

/** Where a counted repeat (`{2}`, `{2,}`, `{2,5}`) at `at` ends, and how many copies of its atom it makes. */
function countedRepeat(pattern: string, at: number): { end: number; copies: number } | null {
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at, at + 24));
  if (!match) return null;
  const min = Number(match[1]);
  const max = match[3] === undefined ? min : match[3] === "" ? min + 1 : Number(match[3]);
  return { end: at + match[0].length, copies: Math.max(min, max, 1) };
}

/**
 * An upper bound, from the text alone, of the RE2 instructions a pattern compiles to: RE2 copies a repeated atom
 * once per count, so `[a-z]{1,1000}` written 76 times compiles to 150,000 instructions and takes over a second.
 * Checked before compiling, so such a pattern is refused without that second. Assumes valid ECMA-262 syntax.
 */
export function estimateProgramSize(pattern: string): number {
  const frames: Array<{ total: number; last: number }> = [{ total: 0, last: 0 }];
  const top = () => frames[frames.length - 1] as { total: number; last: number };
  const atom = (size: number) => {
    top().total += size;
    top().last = size;
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      const braced = /^[pPux]\{[^}]*\}/.exec(pattern.slice(i + 1, i + 64));
      i += braced ? braced[0].length : 1;
      atom(1);
    } else if (c === "[") {
      for (i++; i < pattern.length && pattern[i] !== "]"; i++) if (pattern[i] === "\\") i++;
      atom(1);
    } else if (c === "(") {
      frames.push({ total: 0, last: 0 });
    } else if (c === ")" && frames.length > 1) {
      const group = frames.pop() as { total: number };
      atom(group.total + 2);
    } else if (c === "*" || c === "+" || c === "?") {
      top().total += 2; // a split, and room for the empty-width loop checks RE2 may add
      if (pattern[i + 1] === "?") i++;
    } else if (c === "{" && countedRepeat(pattern, i)) {
      const { end, copies } = countedRepeat(pattern, i) as { end: number; copies: number };
      const repeated = top().last * copies + copies;
      top().total += repeated - top().last;
      top().last = repeated;
      i = end - 1;
      if (pattern[i + 1] === "?") i++;
    } else if (c === "|" || c === "^" || c === "$") {
      top().total += 1;
    } else {
      atom(1);
    }
  }
  while (frames.length > 1) atom((frames.pop() as { total: number }).total);
  return top().total + 2; // the program's fail and match instructions
}

function compilePattern(pattern: string): RE2JS | Error {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return new Error(`it is too long (${pattern.length} characters; at most ${MAX_PATTERN_LENGTH})`);
  }
  try {
    // JSON Schema patterns are ECMA-262 regular expressions (ajv compiles them with the `u` flag): one that is
    // not is refused as before, whatever RE2 thinks of it. Compiling a RegExp does not match, so it cannot stall.
    new RegExp(pattern, "u");
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  if (hasNamedBackreference(pattern)) return new Error("backreferences (\\k<name>) are not supported");
  // The estimate only gates the compile (it may overshoot); the compiled program's real size decides below.
  if (estimateProgramSize(pattern) > 4 * MAX_PATTERN_PROGRAM) {
    return new Error(`it is too complex (far more than ${MAX_PATTERN_PROGRAM} RE2 instructions)`);
  }
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
