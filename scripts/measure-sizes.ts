/**
 * Measures the size scenarios of bench/sizeScenarios.ts with real builds on the toolchain images
 * (scripts/toolchain-images.sh) and writes bench/data/size-measurements.json: exact layer and image
 * bytes from `buildah inspect`, with the date, the images' keys and the build times. The size
 * constants (server/src/size/sizeConstants.ts) cite this file; `npm run bench:size` compares the
 * estimates with it.
 *
 *   node --import tsx scripts/measure-sizes.ts            # every scenario (about 20-30 min on 2 cores)
 *   node --import tsx scripts/measure-sizes.ts go npm     # only these kinds (or scenario names), merged into the file
 */
import * as fs from 'node:fs';
import { BENCH_DATA, measureScenario, MEASUREMENTS_FILE, SCENARIOS, type Measurement, type MeasurementsFile } from '../bench/sizeScenarios';
import { pythonIndex, type PythonIndex } from '../test/support/pythonIndex';
import { toolchainBuildah, toolchainImages, type ToolchainRecipe } from '../test/support/toolchains';

async function main(): Promise<void> {
  const kinds = process.argv.slice(2);
  const scenarios = SCENARIOS.filter((scenario) => kinds.length === 0 || kinds.includes(scenario.kind) || kinds.includes(scenario.name));
  const recipes = [...new Set(scenarios.flatMap((scenario) => scenario.recipes))] as ToolchainRecipe[];
  const buildah = await toolchainBuildah(recipes);
  if ('unavailable' in buildah) {
    console.error(`SKIPPED: ${buildah.unavailable}`);
    process.exitCode = 2;
    return;
  }
  const measured = new Map<string, Measurement>();
  let index: PythonIndex | undefined;
  try {
    if (scenarios.some((scenario) => scenario.pypi)) {
      const made = await pythonIndex(); // scripts/python-index.sh: wheels repacked from Debian packages
      if ('unavailable' in made) throw new Error(made.unavailable);
      index = made;
    }
    const images = [];
    for (const image of await toolchainImages()) {
      if (image.cached) images.push({ recipe: image.recipe, tags: image.tags, standsIn: image.standsIn, bytes: await buildah.imageSize(image.tags[0]) });
    }
    for (const [i, scenario] of scenarios.entries()) {
      process.stderr.write(`measure-sizes: ${i + 1}/${scenarios.length} ${scenario.name} ... `);
      try {
        const measurement = await measureScenario(buildah, scenario, index, `localhost/size-scenario:${i}`);
        measured.set(scenario.name, measurement);
        console.error(`${(measurement.stepBytes / 1e6).toFixed(1)} MB added, ${(measurement.imageBytes / 1e6).toFixed(1)} MB image, ${measurement.buildSeconds.toFixed(0)} s`);
        save(measured, images); // after each scenario: an interrupted run keeps what it measured
      } catch (error) {
        console.error(`FAILED\n${(error as Error).message.slice(-2000)}`);
        process.exitCode = 1;
      }
      await buildah.exec(['rmi', '--force', `localhost/size-scenario:${i}`]).catch(() => undefined);
    }
  } finally {
    await index?.close();
    await buildah.dispose();
  }
}

/** Merges into the file as it is now (another run may have written other kinds meanwhile). */
function save(measured: Map<string, Measurement>, images: MeasurementsFile['images']): void {
  const previous: MeasurementsFile | undefined = fs.existsSync(MEASUREMENTS_FILE) ? JSON.parse(fs.readFileSync(MEASUREMENTS_FILE, 'utf8')) : undefined;
  const all = new Map((previous?.measurements ?? []).map((m) => [m.name, m]));
  for (const [name, measurement] of measured) {
    const other = all.get(name);
    if (!other?.measuredAt || !measurement.measuredAt || other.measuredAt <= measurement.measuredAt) all.set(name, measurement);
  }
  const imagesByRecipe = new Map((previous?.images ?? []).map((image) => [image.recipe, image]));
  for (const image of images) imagesByRecipe.set(image.recipe, image);
  const order = new Map(SCENARIOS.map((scenario, i) => [scenario.name, i]));
  const file: MeasurementsFile = {
    source: 'measured by scripts/measure-sizes.ts (buildah bud --isolation chroot on the images of scripts/toolchain-images.sh; bytes = uncompressed layer tar sizes from buildah inspect)',
    measuredOn: new Date().toISOString().slice(0, 10),
    images: [...imagesByRecipe.values()].sort((a, b) => a.recipe.localeCompare(b.recipe)),
    measurements: [...all.values()].filter((m) => order.has(m.name)).sort((a, b) => order.get(a.name)! - order.get(b.name)!),
  };
  fs.mkdirSync(BENCH_DATA, { recursive: true });
  fs.writeFileSync(MEASUREMENTS_FILE, JSON.stringify(file, null, 1) + '\n');
}

void main();
