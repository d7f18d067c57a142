/**
 * `npm run bench:size`: how close the size estimates come to real sizes.
 * 1. Leave-one-out over the catalog data: each row with a size is estimated from a catalog built
 *    without it (tag resolution to the nearest row, ratios re-derived), per family.
 * 2. Real builds with buildah on a busybox base assembled offline: estimate vs `buildah inspect`.
 * 3. Real toolchain builds (apt, pip, npm, go, cargo, jar, make steps and whole Go, Rust, Node,
 *    Python, Java and C images, single stage and split) on the Debian stand-in images of
 *    scripts/toolchain-images.sh: estimate vs the exact bytes kept in bench/data/size-measurements.json
 *    (scripts/measure-sizes.ts); `--live` re-measures them first (about 20-30 min); `--toolchain-only`
 *    prints this section alone.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildStageGraph } from '../server/src/model/stageGraph';
import { buildStageModel } from '../server/src/model/stageModel';
import { readBuildContext } from '../server/src/size/buildContext';
import { shippedCatalog } from '../server/src/size/catalogData';
import { estimateDockerfile } from '../server/src/size/estimator';
import { parseCatalogReference } from '../server/src/size/imageReference';
import { familyOf } from '../server/src/size/imageFamily';
import { SizeCatalog } from '../server/src/size/sizeCatalog';
import { createBuildah } from '../test/support/buildah';
import { MEASUREMENTS_FILE, SCENARIOS as TOOLCHAIN_SCENARIOS, writeContext, type MeasurementsFile, type StepKind } from './sizeScenarios';

function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  return sorted[lower] + (sorted[Math.min(lower + 1, sorted.length - 1)] - sorted[lower]) * (position - lower);
}

const percent = (value: number) => (Number.isNaN(value) ? '—' : `${(value * 100).toFixed(1)} %`);

function leaveOneOut(): void {
  const entries = shippedCatalog().entries;
  const errors = new Map<string, { compressed: number[]; uncompressed: number[] }>();
  const record = (family: string, kind: 'compressed' | 'uncompressed', error: number) => {
    for (const key of [family, 'all']) {
      const bucket = errors.get(key) ?? { compressed: [], uncompressed: [] };
      bucket[kind].push(error);
      errors.set(key, bucket);
    }
  };
  for (const row of entries) {
    if (row.tag.startsWith('sha256:')) continue;
    const catalog = new SizeCatalog(entries.filter((entry) => entry !== row));
    const reference = parseCatalogReference(`${row.image}:${row.tag}`);
    if (!reference) continue;
    const found = catalog.estimate(reference, row.arch ?? 'amd64');
    const family = familyOf(row.image).replace(/^(distroless|chainguard)\/.*/, '$1');
    if (!found) continue;
    if (row.compressed) record(family, 'compressed', Math.abs(found.compressed.value - row.compressed) / row.compressed);
    if (row.uncompressed) record(family, 'uncompressed', Math.abs(found.uncompressed.value - row.uncompressed) / row.uncompressed);
  }
  console.log('\n1. Leave-one-out over the catalog (each row estimated without it)\n');
  console.log('| family | rows (compressed) | median | p90 | rows (on disk) | median | p90 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const keys = [...errors.keys()].filter((key) => key !== 'all').sort((a, b) => errors.get(b)!.compressed.length - errors.get(a)!.compressed.length);
  for (const key of [...keys, 'all']) {
    const bucket = errors.get(key)!;
    if (key !== 'all' && bucket.compressed.length + bucket.uncompressed.length < 4) continue;
    console.log(`| ${key === 'all' ? '**all rows**' : key} | ${bucket.compressed.length} | ${percent(quantile(bucket.compressed, 0.5))} | ${percent(quantile(bucket.compressed, 0.9))} | ${bucket.uncompressed.length} | ${percent(quantile(bucket.uncompressed, 0.5))} | ${percent(quantile(bucket.uncompressed, 0.9))} |`);
  }
  console.log('\n(families with fewer than 4 rows are counted in "all rows" only)');
}

interface Scenario {
  name: string;
  files: Record<string, number | string>;
  dockerfile: (base: string) => string;
}

const SCENARIOS: Scenario[] = [
  { name: 'context copy, one large file', files: { 'blob.bin': 8_000_000 }, dockerfile: (b) => `FROM ${b}\nCOPY blob.bin /blob.bin\n` },
  { name: 'context copy, 400 small files', files: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`src/f${i}.txt`, 'y'.repeat(100 + i * 7)])), dockerfile: (b) => `FROM ${b}\nCOPY src /app/src\n` },
  { name: 'context copy with .dockerignore', files: { 'keep/a.bin': 2_000_000, 'keep/b.log': 3_000_000, '.dockerignore': '**/*.log\n' }, dockerfile: (b) => `FROM ${b}\nCOPY . /app/\n` },
  { name: 'RUN dd and head -c', files: {}, dockerfile: (b) => `FROM ${b}\nRUN dd if=/dev/zero of=/z bs=1M count=6 && head -c 1500000 /dev/urandom > /r\n` },
  { name: 'RUN writes then removes', files: {}, dockerfile: (b) => `FROM ${b}\nRUN head -c 4000000 /dev/zero > /tmp/a && head -c 1000000 /dev/zero > /keep && rm -f /tmp/a\n` },
  { name: 'multi-stage copy of RUN output', files: {}, dockerfile: (b) => `FROM ${b} AS build\nRUN mkdir -p /out && head -c 3000000 /dev/urandom > /out/bin && head -c 20000 /dev/zero > /out/cfg\nFROM ${b}\nCOPY --from=build /out /opt/app\n` },
  { name: 'multi-stage copy of context files', files: { 'assets/x.bin': 1_200_000, 'assets/y.bin': 800_000 }, dockerfile: (b) => `FROM ${b} AS build\nCOPY assets /src/assets\nRUN head -c 100 /dev/zero > /src/stamp\nFROM ${b}\nCOPY --from=build /src/assets /www\nCOPY --from=build /src/stamp /stamp\n` },
  { name: 'FROM a stage, then more layers', files: { 'lib.bin': 500_000 }, dockerfile: (b) => `FROM ${b} AS base\nCOPY lib.bin /lib/lib.bin\nFROM base\nRUN dd if=/dev/zero of=/data bs=512k count=4\n` },
];

async function realBuilds(): Promise<void> {
  console.log('\n2. Real builds with buildah (busybox base assembled offline); on-disk bytes of the whole image and of the layers added to the base\n');
  const buildah = await createBuildah();
  if ('unavailable' in buildah) {
    console.log(`SKIPPED: ${buildah.unavailable}`);
    return;
  }
  const errors: number[] = [];
  const addedErrors: number[] = [];
  try {
    const base = await buildah.busyboxBase();
    const baseSize = await buildah.imageSize(base);
    console.log('| scenario | exact (buildah) | estimate | error | added layers: exact | estimate | error |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const [i, scenario] of SCENARIOS.entries()) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-bench-size-'));
      try {
        for (const [name, content] of Object.entries(scenario.files)) {
          fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
          fs.writeFileSync(path.join(dir, name), typeof content === 'number' ? Buffer.alloc(content, 5) : content);
        }
        const text = scenario.dockerfile(base);
        fs.writeFileSync(path.join(dir, 'Dockerfile'), text);
        const tag = `localhost/bench-size:${i}`;
        await buildah.build({ dockerfile: 'Dockerfile', contextDir: dir, tag });
        const exact = await buildah.imageSize(tag);
        const model = buildStageModel(text);
        const estimate = estimateDockerfile(model, buildStageGraph(model), {
          file: 'Dockerfile',
          context: readBuildContext(dir, path.join(dir, 'Dockerfile')),
          knownImages: new Map([[base, { uncompressed: baseSize, compressed: baseSize }]]),
          wantLookups: false,
        });
        const error = Math.abs(estimate.final.uncompressed - exact) / exact;
        const added = exact - baseSize;
        const addedEstimate = estimate.final.uncompressed - baseSize;
        const addedError = Math.abs(addedEstimate - added) / added;
        errors.push(error);
        addedErrors.push(addedError);
        console.log(`| ${scenario.name} | ${exact} | ${estimate.final.uncompressed} | ${percent(error)} | ${added} | ${addedEstimate} | ${percent(addedError)} |`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    console.log(`| **median** | | | **${percent(quantile(errors, 0.5))}** | | | **${percent(quantile(addedErrors, 0.5))}** |`);
    console.log(`| p90 | | | ${percent(quantile(errors, 0.9))} | | | ${percent(quantile(addedErrors, 0.9))} |`);
  } finally {
    await buildah.dispose();
  }
}

/** MB, or kB below 1 MB (make and jar steps weigh kilobytes). */
const MB = (bytes: number) => (Math.abs(bytes) >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);

/** Estimate vs exact for every measured toolchain scenario; per kind and overall. */
function toolchainBuilds(): void {
  console.log('\n3. Real toolchain builds (Debian bookworm stand-ins of golang, rust, gcc, node, python, temurin, slim and distroless images): estimate vs exact\n');
  if (!fs.existsSync(MEASUREMENTS_FILE)) {
    console.log('SKIPPED: no bench/data/size-measurements.json; run: node --import tsx scripts/measure-sizes.ts');
    return;
  }
  const data = JSON.parse(fs.readFileSync(MEASUREMENTS_FILE, 'utf8')) as MeasurementsFile;
  console.log(`Measured on ${data.measuredOn} by scripts/measure-sizes.ts; a step = the bytes of the layer its RUN makes, an image = all its layers (the base being the stand-in's exact size).\n`);
  const known = new Map<string, { uncompressed: number; compressed: number }>();
  // Each stand-in under every name a Dockerfile may write for it (`:latest` also without a tag). The
  // compressed figure is not measured here and not compared.
  for (const image of data.images) {
    for (const tag of image.tags) {
      for (const name of tag.endsWith(':latest') ? [tag, tag.slice(0, -':latest'.length)] : [tag]) known.set(name, { uncompressed: image.bytes, compressed: image.bytes * 0.4 });
    }
  }
  const byKind = new Map<string, { errors: number[]; inRange: number }>();
  const record = (kind: string, error: number, inRange: boolean) => {
    for (const key of [kind, kind.startsWith('image') ? 'all images' : 'all steps', 'all']) {
      const bucket = byKind.get(key) ?? { errors: [], inRange: 0 };
      bucket.errors.push(error);
      if (inRange) bucket.inRange++;
      byKind.set(key, bucket);
    }
  };
  const addedRows: string[] = [];
  console.log('| scenario | kind | exact | estimate | error | range | in range |');
  console.log('|---|---|---:|---:|---:|---|:-:|');
  for (const scenario of TOOLCHAIN_SCENARIOS) {
    const measured = data.measurements.find((m) => m.name === scenario.name);
    if (!measured) continue;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-bench-toolchain-'));
    try {
      writeContext(scenario, dir);
      const model = buildStageModel(scenario.dockerfile);
      const estimate = estimateDockerfile(model, buildStageGraph(model), {
        file: 'Dockerfile',
        context: readBuildContext(dir, path.join(dir, 'Dockerfile')),
        knownImages: known,
        wantLookups: false,
      });
      let exact: number;
      let figure: { uncompressed: number; low: number; high: number };
      if (scenario.kind === 'image') {
        exact = measured.imageBytes;
        figure = estimate.final;
      } else {
        // The stage's parts after its base (the RUN, and a WORKDIR/COPY of a few kB), as buildah commits them in one layer.
        exact = measured.stepBytes;
        const finalStage = estimate.stages[estimate.targetIndex];
        figure = finalStage.parts.filter((part) => part.kind !== 'base').reduce((sum, part) => ({ uncompressed: sum.uncompressed + part.bytes.uncompressed, low: sum.low + part.bytes.low, high: sum.high + part.bytes.high }), { uncompressed: 0, low: 0, high: 0 });
      }
      const error = Math.abs(figure.uncompressed - exact) / exact;
      const inRange = figure.low <= exact && exact <= figure.high;
      const kind = scenario.kind === 'image' ? `image: ${scenario.stack ?? 'other'}` : scenario.kind;
      record(kind, error, inRange);
      if (scenario.kind === 'image') {
        // The base is given as measured, so a whole image's error is mostly its base's: the part the Dockerfile adds, alone.
        const base = measured.baseBytes;
        const added = { exact: measured.imageBytes - base, estimate: figure.uncompressed - base, low: figure.low - base, high: figure.high - base };
        const addedError = Math.abs(added.estimate - added.exact) / added.exact;
        const bucket = byKind.get('images: added part') ?? { errors: [], inRange: 0 };
        bucket.errors.push(addedError);
        if (added.low <= added.exact && added.exact <= added.high) bucket.inRange++;
        byKind.set('images: added part', bucket);
        addedRows.push(`| ${scenario.name} | ${MB(added.exact)} | ${MB(added.estimate)} | ${percent(addedError)} |`);
      }
      console.log(`| ${scenario.name} | ${kind} | ${MB(exact)} | ${MB(figure.uncompressed)} | ${percent(error)} | ${MB(figure.low)}–${MB(figure.high)} | ${inRange ? 'yes' : '**no**'} |`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const stacks = [...new Set(TOOLCHAIN_SCENARIOS.filter((s) => s.kind === 'image').map((s) => `image: ${s.stack ?? 'other'}`))];
  console.log('\nWhole images, the part the Dockerfile adds to its final base (image minus base):\n');
  console.log('| image | added: exact | estimate | error |');
  console.log('|---|---:|---:|---:|');
  for (const row of addedRows) console.log(row);
  const kinds: (StepKind | string)[] = ['apt', 'pip', 'npm', 'go', 'cargo', 'jar', 'make', 'all steps', ...stacks, 'all images', 'images: added part', 'all'];
  console.log('\n| kind | scenarios | median error | p90 error | range holds the real size |');
  console.log('|---|---:|---:|---:|---:|');
  for (const kind of kinds) {
    const bucket = byKind.get(kind);
    if (!bucket) continue;
    const label = kind.startsWith('all') ? `**${kind}**` : kind;
    console.log(`| ${label} | ${bucket.errors.length} | ${percent(quantile(bucket.errors, 0.5))} | ${percent(quantile(bucket.errors, 0.9))} | ${bucket.inRange}/${bucket.errors.length} (${percent(bucket.inRange / bucket.errors.length)}) |`);
  }
  console.log('\nGoals: median error ≤ 10 % per step kind, ≤ 15 % on whole images; the range holds the real size in ≥ 90 % of scenarios.');
}

async function main(): Promise<void> {
  if (process.argv.includes('--live')) {
    const { execFileSync } = await import('node:child_process');
    execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '../scripts/measure-sizes.ts')], { stdio: 'inherit' });
  }
  // --toolchain-only: section 3 alone (no buildah, a second), for fitting the models.
  if (!process.argv.includes('--toolchain-only')) {
    leaveOneOut();
    await realBuilds();
  }
  toolchainBuilds();
}

void main();
