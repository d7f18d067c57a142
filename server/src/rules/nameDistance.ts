/**
 * Which stage names a mistyped `--from` value was probably meant to be. The names are indexed
 * once per document (by their deletions, prefixes and parts), so a suggestion costs about the
 * typo's length squared, not (typos × stages) edit distances: 5,000 stages each referenced with
 * a distinct typo stay fast.
 */

/** Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (current[j] < rowMin) rowMin = current[j];
    }
    if (rowMin > limit) return limit + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

const MAX_DISTANCE = 2;
/** Words up to this length are short: an edit or two is a different word. */
const SHORT_WORD = 4;
/** Names (and typos) up to this length are indexed by their deletions; longer ones are compared directly, at most MAX_DIRECT of them. */
const INDEXED_LENGTH = 32;
const MAX_DIRECT = 64;
/** Candidates verified per look-up, and suggestions kept. */
const MAX_VERIFIED = 256;
export const MAX_SUGGESTIONS = 5;
const MAX_ANSWERS = 10_000;

/** Every string made by deleting up to `depth` characters of `word`. */
function deletions(word: string, depth: number, into: Set<string>): Set<string> {
  into.add(word);
  if (depth === 0 || word.length === 0) return into;
  for (let i = 0; i < word.length; i++) {
    const shorter = word.slice(0, i) + word.slice(i + 1);
    if (!into.has(shorter)) deletions(shorter, depth - 1, into);
  }
  return into;
}

interface Entry {
  name: string;
  lower: string;
  order: number;
}

export class StageNameIndex {
  private readonly entries: Entry[] = [];
  private readonly byLower = new Map<string, Entry>();
  private readonly byDeletion = new Map<string, Entry[]>();
  private readonly byPart = new Map<string, Entry[]>();
  /** Sorted by lower-case name, for the names that start with a typo. */
  private readonly sorted: Entry[];
  private readonly long: Entry[] = [];

  constructor(names: readonly string[]) {
    names.forEach((name, order) => {
      const lower = name.toLowerCase();
      if (this.byLower.has(lower)) return;
      const entry = { name, lower, order };
      this.entries.push(entry);
      this.byLower.set(lower, entry);
      if (lower.length <= INDEXED_LENGTH) for (const key of deletions(lower, MAX_DISTANCE, new Set())) push(this.byDeletion, key, entry);
      else this.long.push(entry);
      const parts = lower.split(/[-_.]/);
      if (parts.length > 1) for (const part of new Set(parts)) push(this.byPart, part, entry);
    });
    this.sorted = [...this.entries].sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0));
  }

  /**
   * Stage names close to `value` (case-insensitive), closest first, at most MAX_SUGGESTIONS:
   * within edit distance 2, a prefix either way, or equal to one of the `-`/`_`/`.` parts of the
   * name (`assets` for `build-assets`); for a short value (`set`) the part match comes first
   * (`license-set`, not `test`).
   */
  private readonly answers = new Map<string, string[]>();

  closest(value: string): string[] {
    const wanted = value.toLowerCase();
    if (!wanted) return [];
    const known = this.answers.get(wanted);
    if (known) return known;
    const answer = this.compute(wanted);
    // Bounded memory: forget the oldest answers first.
    if (this.answers.size >= MAX_ANSWERS) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(wanted, answer);
    return answer;
  }

  private compute(wanted: string): string[] {
    const scores = new Map<Entry, number>();
    const score = (entry: Entry, points: number) => {
      const known = scores.get(entry);
      if (known === undefined || points < known) scores.set(entry, points);
    };
    // Within the distance: names sharing a deletion with the typo, verified.
    const candidates = new Set<Entry>();
    if (wanted.length <= INDEXED_LENGTH) {
      for (const key of deletions(wanted, MAX_DISTANCE, new Set())) {
        for (const entry of this.byDeletion.get(key) ?? []) {
          if (candidates.size >= MAX_VERIFIED) break;
          candidates.add(entry);
        }
      }
    }
    let direct = 0;
    for (const entry of this.long) {
      if (Math.abs(entry.lower.length - wanted.length) > MAX_DISTANCE) continue;
      if (++direct > MAX_DIRECT) break;
      candidates.add(entry);
    }
    for (const entry of candidates) {
      const distance = editDistance(wanted, entry.lower, MAX_DISTANCE);
      if (distance <= MAX_DISTANCE) score(entry, distance);
    }
    // Names that start with the typo (a run of the sorted names), and names the typo starts with.
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.sorted[middle].lower < wanted) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < this.sorted.length && i < low + MAX_VERIFIED && this.sorted[i].lower.startsWith(wanted); i++) score(this.sorted[i], MAX_DISTANCE + 1);
    for (let length = Math.min(wanted.length, 256); length >= 1; length--) {
      const entry = this.byLower.get(wanted.slice(0, length));
      if (entry) score(entry, MAX_DISTANCE + 1);
    }
    // A short word that is one part of a stage name (`set` of `license-set`) is meant more surely
    // than a stage a letter or two away (`set` → `test`): for short words, two edits change half of it.
    const partScore = wanted.length <= SHORT_WORD ? 0.5 : MAX_DISTANCE + 2;
    for (const entry of (this.byPart.get(wanted) ?? []).slice(0, MAX_VERIFIED)) score(entry, partScore);
    return [...scores]
      .sort(([a, x], [b, y]) => x - y || a.order - b.order)
      .slice(0, MAX_SUGGESTIONS)
      .map(([entry]) => entry.name);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

let lastIndex: { key: string; index: StageNameIndex } | undefined;

/** The index of these names: the last one is kept, since every edit of a document asks for the same names again. */
export function stageNameIndex(names: readonly string[]): StageNameIndex {
  const key = names.join('\n');
  if (lastIndex?.key !== key) lastIndex = { key, index: new StageNameIndex(names) };
  return lastIndex.index;
}

export function closestStageNames(value: string, names: readonly string[]): string[] {
  return stageNameIndex(names).closest(value);
}
