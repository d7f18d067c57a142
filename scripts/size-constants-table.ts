/**
 * Prints the table of size constants (server/src/size/sizeConstants.ts) as Markdown, for
 * docs/size-accuracy.md: name, value, range, unit, source, what it is.
 *
 *   node --import tsx scripts/size-constants-table.ts
 */
import { SIZE_CONSTANTS } from '../server/src/size/sizeConstants';

const show = (value: number, unit: string) =>
  !unit.startsWith('bytes') ? String(value) : value >= 1e6 ? `${(value / 1e6).toFixed(value >= 1e8 ? 0 : 1)} MB` : value >= 1e3 || value === 0 ? `${(value / 1e3).toFixed(0)} kB` : `${value} B`;

console.log('| constant | value | range | unit | source | what |');
console.log('|---|---:|---|---|---|---|');
for (const [name, constant] of Object.entries(SIZE_CONSTANTS)) {
  const range = constant.low === constant.high ? '—' : `${show(constant.low, constant.unit)} – ${show(constant.high, constant.unit)}`;
  console.log(`| \`${name}\` | ${show(constant.value, constant.unit)} | ${range} | ${constant.unit} | ${constant.source} | ${constant.note.replace(/\|/g, '\\|')} |`);
}
