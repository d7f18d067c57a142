/**
 * Measures what each npm package weighs in node_modules, for the packages far above the average:
 * `npm ci --ignore-scripts` of the lock files in bench/data/npm-* (the npm registry is reachable;
 * bench/data/heldout-npm-* is left out, to check the table on packages it lacks), then the tar bytes
 * (512-byte headers, content padded to 512, one header per directory: what a layer stores) of every
 * node_modules/<name> directory. Writes server/data/npm-package-sizes.json:
 * the packages of at least 500 kB by name, and the average of the others (the per-package figure
 * for packages not in the table). `npm run bench:size` checks the result against real builds.
 *
 *   node --import tsx scripts/npm-package-sizes.ts
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const HEAVY = 500_000;
const DATA = path.join(__dirname, '../bench/data');
const OUT = path.join(__dirname, '../server/data/npm-package-sizes.json');

function tarBytes(dir: string): number {
  let total = 512;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += tarBytes(full);
    else if (entry.isSymbolicLink()) total += 512;
    else total += 512 + Math.ceil(fs.statSync(full).size / 512) * 512;
  }
  return total;
}

function packages(nodeModules: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const name of fs.readdirSync(nodeModules)) {
    if (name.startsWith('.')) continue;
    const dirs = name.startsWith('@') ? fs.readdirSync(path.join(nodeModules, name)).map((sub) => `${name}/${sub}`) : [name];
    for (const dir of dirs) sizes.set(dir, tarBytes(path.join(nodeModules, dir)));
  }
  return sizes;
}

const heavy: Record<string, { bytes: number; version: string; lock: string }> = {};
const light: number[] = [];
for (const lock of fs.readdirSync(DATA).filter((name) => name.startsWith('npm-')).sort()) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-npm-sizes-'));
  try {
    for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(DATA, lock, file), path.join(work, file));
    execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--cache', path.join(work, '.npm-cache')], { cwd: work, stdio: 'ignore', timeout: 600_000 });
    const locked = JSON.parse(fs.readFileSync(path.join(work, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    for (const [name, bytes] of packages(path.join(work, 'node_modules'))) {
      if (bytes >= HEAVY) heavy[name] = { bytes, version: locked.packages[`node_modules/${name}`]?.version ?? '?', lock: `bench/data/${lock}` };
      else light.push(bytes);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
const average = Math.round(light.reduce((sum, bytes) => sum + bytes, 0) / light.length);
const file = {
  source: `measured by scripts/npm-package-sizes.ts on ${new Date().toISOString().slice(0, 10)}: npm ci --ignore-scripts of bench/data/npm-*, tar bytes of each node_modules/<name>`,
  heavyAtLeast: HEAVY,
  otherPackages: { count: light.length, averageBytes: average },
  packages: Object.fromEntries(Object.entries(heavy).sort(([a], [b]) => a.localeCompare(b))),
};
fs.writeFileSync(OUT, JSON.stringify(file, null, 1) + '\n');
console.log(`npm-package-sizes: ${Object.keys(heavy).length} packages of at least ${HEAVY / 1000} kB, ${light.length} others averaging ${(average / 1000).toFixed(1)} kB → ${path.relative(process.cwd(), OUT)}`);
