/** Which stage names a mistyped `--from` value was probably meant to be. */

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

/**
 * Stage names close to `value` (case-insensitive), closest first: within edit distance 2,
 * a prefix either way, or equal to one of the `-`/`_`/`.` parts of the name
 * (`assets` for `build-assets`).
 */
export function closestStageNames(value: string, names: readonly string[]): string[] {
  const wanted = value.toLowerCase();
  if (!wanted) return [];
  const scored: { name: string; score: number; order: number }[] = [];
  const seen = new Set<string>();
  names.forEach((name, order) => {
    const lower = name.toLowerCase();
    if (seen.has(lower)) return;
    seen.add(lower);
    const distance = editDistance(wanted, lower, MAX_DISTANCE);
    let score: number | undefined;
    if (distance <= MAX_DISTANCE) score = distance;
    else if (lower.startsWith(wanted) || wanted.startsWith(lower)) score = MAX_DISTANCE + 1;
    else if (lower.split(/[-_.]/).includes(wanted)) score = MAX_DISTANCE + 2;
    if (score !== undefined) scored.push({ name, score, order });
  });
  scored.sort((x, y) => x.score - y.score || x.order - y.order);
  return scored.map((entry) => entry.name);
}
