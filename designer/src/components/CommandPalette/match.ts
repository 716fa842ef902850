/**
 * How the command palette filters: forgiving enough for a quick "add ph" or "fnd rsk", strict enough that the first
 * row is the one meant. Framework-free, so it is unit-tested on its own.
 */

/** One command the palette can run. */
export interface PaletteCommand {
  /** Unique among the commands; the option's DOM id is built from it. */
  id: string;
  label: string;
  /** Why it cannot run now ("publish first"); a command with a reason is shown but does nothing. */
  disabledReason?: string;
  run(): void;
}

/**
 * How well `label` matches `query`, higher is better; undefined when it does not match. Case is ignored. Every
 * word of the query must be found in the label, in order, as a substring (best: at the start of a word) or, failing
 * that, as a subsequence of letters ("fnd" in "Find"). A label that starts with the query ranks first.
 */
export function matchScore(label: string, query: string): number | undefined {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return 0;
  const text = label.toLowerCase();
  let score = 0;
  let from = 0;
  for (const word of words) {
    const at = text.indexOf(word, from);
    if (at >= 0) {
      const wordStart = at === 0 || /[^a-z0-9]/.test(text[at - 1] ?? "");
      score += wordStart ? 3 : 2;
      from = at + word.length;
      continue;
    }
    // A subsequence: each letter of the word found after the previous one.
    let i = from;
    for (const ch of word) {
      i = text.indexOf(ch, i);
      if (i < 0) return undefined;
      i += 1;
    }
    score += 1;
    from = i;
  }
  // "publish" should pick Publish before "Find node: Publish step".
  return text.startsWith(words.join(" ")) ? score + 1 : score;
}

/** The commands matching `query`, best first; ties keep the commands' own order. */
export function filterCommands<T extends Pick<PaletteCommand, "label">>(commands: readonly T[], query: string): T[] {
  return commands
    .map((command, index) => ({ command, index, score: matchScore(command.label, query) }))
    .filter((m): m is { command: T; index: number; score: number } => m.score !== undefined)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((m) => m.command);
}
