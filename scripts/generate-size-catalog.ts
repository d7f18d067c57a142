/**
 * Generates server/data/size-catalog.json from server/data/image-sizes.tsv (docker-library/
 * repo-info figures plus a few distroless/Chainguard rows; copied from the team's shared data, its
 * sources in server/data/image-sizes.md) and prints the on-disk/compressed ratios the engine
 * derives from it.
 *
 *   node --import tsx scripts/generate-size-catalog.ts [path/to/image-sizes.tsv [path/to/output.json]]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CatalogEntry, SizeCatalogFile } from '../server/src/size/catalogTypes';
import { deriveDiskRatios } from '../server/src/size/diskRatios';

const root = path.resolve(__dirname, '..');
const input = process.argv[2] ?? path.join(root, 'server/data/image-sizes.tsv');
const output = process.argv[3] ?? path.join(root, 'server/data/size-catalog.json');

function number(cell: string | undefined): number | undefined {
  return cell && /^\d+$/.test(cell) ? Number(cell) : undefined;
}

function origin(source: string): string {
  if (source.startsWith('secondary source:')) return `secondary: ${/https?:\/\/\S+/.exec(source)?.[0] ?? source.slice(18, 120)}`;
  return source.includes('fork mirror') ? 'docker-library/repo-info (via the maxmood96/repo-info mirror)' : 'docker-library/repo-info';
}

const lines = readFileSync(input, 'utf8').split('\n').filter((line) => line.trim());
const header = lines[0].split('\t');
const column = (name: string) => header.indexOf(name);
const entries: CatalogEntry[] = [];
for (const line of lines.slice(1)) {
  const cells = line.split('\t');
  const rawTag = cells[column('tag')];
  // Secondary rows say how rough they are in the tag: `latest (approx mid-2025)`.
  const approximateTag = /\(approx[^)]*\)/i.test(rawTag);
  const source = cells[column('source')] ?? '';
  const entry: CatalogEntry = {
    image: cells[column('image')],
    tag: rawTag.replace(/\s*\(.*\)\s*$/, ''),
    arch: cells[column('arch')] || undefined,
    compressed: number(cells[column('compressed_bytes')]),
    uncompressed: number(cells[column('uncompressed_bytes')]),
    recorded: cells[column('recorded')] || undefined,
    approximate: approximateTag || /approximate|low confidence|around/i.test(source) || undefined,
    origin: origin(source),
  };
  if (entry.compressed === undefined && entry.uncompressed === undefined) continue;
  entries.push(JSON.parse(JSON.stringify(entry)) as CatalogEntry);
}

const file: SizeCatalogFile = {
  attribution:
    'Image sizes from docker-library/repo-info (https://github.com/docker-library/repo-info, repos/<image>/remote and local files; some rows via its mirror maxmood96/repo-info) and, for distroless/Chainguard, the public sources named per row. Figures describe the images on their recorded dates.',
  entries,
};
writeFileSync(output, `${JSON.stringify(file, null, 1)}\n`);

const ratios = deriveDiskRatios(entries);
console.log(`${entries.length} catalog rows written to ${path.relative(root, output)}`);
console.log('\nOn-disk / compressed ratios derived from same-image pairs:');
console.log('key'.padEnd(34) + 'median'.padStart(8) + 'low'.padStart(7) + 'high'.padStart(7) + 'pairs'.padStart(7));
const keys = [...ratios.table.keys()].sort((a, b) => (a.startsWith('class:') === b.startsWith('class:') ? a.localeCompare(b) : a.startsWith('class:') ? -1 : 1));
for (const key of keys) {
  const figure = ratios.table.get(key)!;
  console.log(key.padEnd(34) + figure.ratio.toFixed(2).padStart(8) + figure.low.toFixed(2).padStart(7) + figure.high.toFixed(2).padStart(7) + String(figure.pairs).padStart(7));
}
