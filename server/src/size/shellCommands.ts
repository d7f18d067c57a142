/**
 * A RUN step's shell text split into simple commands and their words: `a && b; c | d` →
 * [[a...], [b...], [c...], [d...]], with the target of `>`/`>>` redirections kept per command.
 * A reading for estimates only: nothing is ever executed.
 */

export interface SimpleCommand {
  words: string[];
  /** Files written with `>` or `>>`. */
  redirectsTo: string[];
  /** True when the command reads from a pipe (`x | head -c 10`). */
  piped: boolean;
}

export function splitShell(text: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: string[] = [];
  let redirects: string[] = [];
  let piped = false;
  let word = '';
  let hasWord = false;
  let quote = '';
  let pendingRedirect = false;
  const endWord = () => {
    if (!hasWord) return;
    if (pendingRedirect) {
      redirects.push(word);
      pendingRedirect = false;
    } else words.push(word);
    word = '';
    hasWord = false;
  };
  const endCommand = (nextPiped: boolean) => {
    endWord();
    if (words.length > 0 || redirects.length > 0) commands.push({ words, redirectsTo: redirects, piped });
    words = [];
    redirects = [];
    piped = nextPiped;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      hasWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      if (text[i + 1] !== '\n') {
        word += text[i + 1];
        hasWord = true;
      }
      i++;
    } else if (ch === '&' && text[i + 1] === '&') {
      endCommand(false);
      i++;
    } else if (ch === '|' && text[i + 1] === '|') {
      endCommand(false);
      i++;
    } else if (ch === '|') {
      endCommand(true);
    } else if (ch === ';' || ch === '\n' || ch === '&') {
      endCommand(false);
    } else if (ch === '>') {
      // `2>/dev/null`, `>file`, `>> file`: the next word is a target.
      if (hasWord && /^\d$/.test(word)) {
        word = '';
        hasWord = false;
      } else endWord();
      if (text[i + 1] === '>') i++;
      if (text[i + 1] === '&') {
        i++;
        while (i + 1 < text.length && /\d/.test(text[i + 1])) i++;
        continue;
      }
      pendingRedirect = true;
    } else if (ch === '<') {
      endWord();
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
    } else if (ch === '(' || ch === ')' || ch === '{' || ch === '}') {
      endWord();
    } else {
      word += ch;
      hasWord = true;
    }
  }
  endCommand(false);
  return commands.map((command) => ({ ...command, words: stripPrefixes(command.words) }));
}

/** Drops `sudo`, `env A=B`, `VAR=value` and `set -eux`-like prefixes before the real command. */
function stripPrefixes(words: string[]): string[] {
  let i = 0;
  while (i < words.length) {
    const word = words[i];
    if (word === 'sudo' || word === 'exec' || word === 'command' || word === 'time' || word === 'nice') i++;
    else if (word === 'env') i++;
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) i++;
    else break;
  }
  return words.slice(i);
}

/** `1M`, `10k`, `512`, `2MB`, `1G` with dd/head/fallocate suffix rules; undefined when unreadable. */
export function parseByteCount(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2];
  const powers: Record<string, number> = {
    '': 1, c: 1, w: 2, b: 512,
    k: 1024, K: 1024, KiB: 1024, kiB: 1024, kB: 1000, KB: 1000,
    m: 1024 ** 2, M: 1024 ** 2, MiB: 1024 ** 2, MB: 1000 ** 2,
    g: 1024 ** 3, G: 1024 ** 3, GiB: 1024 ** 3, GB: 1000 ** 3,
  };
  const factor = powers[unit];
  return factor === undefined ? undefined : Math.round(value * factor);
}
