/**
 * Every constant the size models use, in one table: its value, unit, range and where it comes from.
 * - "measured by scripts/measure-sizes.ts on DATE": fitted to the real builds kept in
 *   bench/data/size-measurements.json (Debian bookworm stand-in images, buildah, exact layer bytes);
 * - "Debian package index": read from Debian's Packages files (Installed-Size);
 * - "estimate, no measurement": a judgement nobody measured yet. The report's "how" column says so,
 *   and its range is wider.
 * docs/size-accuracy.md explains the fits and shows the accuracy they reach.
 */

export const MEASURED_ON = '2026-11-30';
export const MEASURED = `measured by scripts/measure-sizes.ts on ${MEASURED_ON}`;
export const DEBIAN_INDEX = 'Debian package index';
export const ESTIMATE = 'estimate, no measurement';
export const MEASURED_NPM = `measured by scripts/npm-package-sizes.ts on ${MEASURED_ON}`;

export type ConstantSource = typeof MEASURED | typeof MEASURED_NPM | typeof DEBIAN_INDEX | typeof ESTIMATE;

export interface SizeConstant {
  value: number;
  /** Range of the value (same unit): what the estimate's low–high is built from. */
  low: number;
  high: number;
  unit: 'bytes' | 'bytes per package' | 'bytes per module' | 'bytes per dependency' | 'bytes per file' | 'ratio' | 'factor' | 'count';
  source: ConstantSource;
  /** What it is, and for measured ones what it was fitted on. */
  note: string;
}

const constant = (value: number, low: number, high: number, unit: SizeConstant['unit'], source: ConstantSource, note: string): SizeConstant => ({ value, low, high, unit, source, note });

export const SIZE_CONSTANTS = {
  // --- apt ---
  aptLists: constant(19_900_000, 15_000_000, 30_000_000, 'bytes', MEASURED, 'apt package lists after `apt-get update` (bookworm, bookworm-updates, bookworm-security; gzipped as the official images keep them): curl with lists kept minus curl with lists removed'),
  aptPythonBytecode: constant(0.8, 0.5, 1.1, 'factor', MEASURED, "the .pyc files Debian compiles at install time (py3compile), per byte of Installed-Size of libpython3.x-stdlib, libpython3.x-minimal and python3-* packages: python3 on bookworm-slim, 44.6 MB measured against 33.5 MB of Installed-Size (one scenario)"),
  aptUnknownPackage: constant(3_000_000, 0, 40_000_000, 'bytes per package', ESTIMATE, 'a package missing from the generated Installed-Size table'),
  aptClosureLow: constant(0.5, 0.5, 0.5, 'factor', ESTIMATE, 'low end of an apt install: the base may already hold part of the dependency closure'),
  aptClosureHigh: constant(1.15, 1.15, 1.15, 'factor', ESTIMATE, 'high end of an apt install over the Installed-Size sum'),
  ubuntuSpread: constant(1.3, 1.3, 1.3, 'factor', ESTIMATE, "Ubuntu packages sized with Debian's Installed-Size: the range widens by this factor each way"),
  apkTableSpread: constant(1, 0.6, 1.4, 'factor', ESTIMATE, 'range of a figure from the apk table (low and high times the value)'),
  // --- apk ---
  apkIndex: constant(2_600_000, 1_500_000, 4_000_000, 'bytes', ESTIMATE, 'apk index after `apk update` or `apk add` without --no-cache (no Alpine build measured here)'),
  apkFromDebian: constant(0.55, 0.2, 1, 'factor', ESTIMATE, "an Alpine package missing from the apk table: Debian's closure times this (musl builds are leaner)"),
  apkUnknownPackage: constant(2_000_000, 0, 30_000_000, 'bytes per package', ESTIMATE, 'an Alpine package in neither table'),
  // --- pip ---
  pipUnknownPackage: constant(4_000_000, 10_000, 40_000_000, 'bytes per package', ESTIMATE, 'a Python distribution missing from the pip table'),
  pipCacheShare: constant(0.14, 0.08, 0.3, 'ratio', MEASURED, "pip's cache left in /root/.cache/pip (the downloaded wheels, compressed), as a share of the installed bytes: 0.6 MB for flask's 4.98 MB, 1.5 MB for flask, requests and pyyaml's 10.4 MB in a venv"),
  pipTableSpread: constant(1, 0.5, 1.5, 'factor', ESTIMATE, 'range of a figure from the pip table (low and high times the value)'),
  venvBase: constant(22_900_000, 15_000_000, 30_000_000, 'bytes', MEASURED, '`python -m venv` with pip and setuptools (Python 3.11, pip 23.0.1, setuptools 66.1.1 as bookworm bundles them)'),
  venvWithoutPip: constant(100_000, 20_000, 500_000, 'bytes', ESTIMATE, 'a virtualenv made with --without-pip: links to the interpreter and pyvenv.cfg'),
  // --- npm ---
  npmBase: constant(2_000_000, 500_000, 6_000_000, 'bytes', ESTIMATE, 'node_modules before any dependency'),
  npmPerDependency: constant(3_500_000, 875_000, 10_500_000, 'bytes per dependency', ESTIMATE, 'node_modules per direct dependency in package.json (its transitive ones included), when there is no package-lock.json'),
  npmGuessedDependencies: constant(10, 3, 30, 'count', ESTIMATE, 'direct dependencies assumed when no package.json is found'),
  npmPerLockedPackage: constant(47_800, 20_000, 650_000, 'bytes per package', MEASURED_NPM, 'node_modules per package of package-lock.json that is not in server/data/npm-package-sizes.json (the packages of 500 kB and more): the average of the 263 others in the measured locks (44 kB in one, 56 kB in the other). High end: the held-out lock (mongoose, date-fns...) averaged 630 kB a package (date-fns alone 26 MB)'),
  npmHeavySpread: constant(1, 0.6, 1.5, 'factor', ESTIMATE, 'range of a package from server/data/npm-package-sizes.json: another version of it may weigh more or less'),
  npmCacheShare: constant(0.76, 0.5, 1.2, 'ratio', MEASURED, "npm's cache left in /root/.npm (tarballs and the registry documents), as a share of node_modules: 1.01 (express, dayjs, pino), 0.76 (fastify, axios, lodash, pg, zod), 0.63 (typescript alone), each `npm ci` with and without `npm cache clean --force`"),
  // --- go ---
  goModulePerRequire: constant(4_000_000, 1_200_000, 12_000_000, 'bytes per module', ESTIMATE, 'Go module cache per require line of go.mod (no module proxy reachable here)'),
  goBuildCache: constant(120_000_000, 40_000_000, 400_000_000, 'bytes', ESTIMATE, 'Go build cache in /root/.cache/go-build after one build with Go ≥ 1.20 (the standard library is compiled into the cache)'),
  goBuildCachePrecompiledStd: constant(700_000, 200_000, 3_000_000, 'bytes', MEASURED, 'Go build cache after one build with Go ≤ 1.19 (standard library precompiled): hello and a net/http server on golang:1.19'),
  goBinaryBase: constant(1_900_000, 1_500_000, 2_600_000, 'bytes', MEASURED, 'a Go binary importing fmt only (Go 1.19, amd64)'),
  goNetHttp: constant(6_950_000, 5_000_000, 9_500_000, 'bytes', MEASURED, 'what net/http, html/template and encoding/json add to a Go binary (Go 1.19, CGO_ENABLED=0, cache removed)'),
  goModuleCacheSlack: constant(0, 0, 1_000_000, 'bytes', ESTIMATE, 'added to the high end of the Go module cache: go.sum and cache metadata, and modules go.mod does not list'),
  goModulesCounted: constant(150, 150, 150, 'count', ESTIMATE, 'go.mod requirements counted by the binary model at most: past that, most are test-only or unused by the binary'),
  goPerModule: constant(250_000, 150_000, 425_000, 'bytes per module', ESTIMATE, 'what each go.mod requirement adds to the binary'),
  goHeavyModule: constant(12_000_000, 7_200_000, 20_400_000, 'bytes per module', ESTIMATE, 'grpc, client-go, the AWS/GCP SDKs, docker'),
  goStripped: constant(0.7, 0.65, 0.75, 'factor', MEASURED, '`-ldflags="-s -w"` (no symbol table, no DWARF): 6.15 MB against 8.85 MB for the same server'),
  // --- cargo ---
  cargoTargetRelease: constant(11_700_000, 8_000_000, 20_000_000, 'bytes', MEASURED, 'cargo target directory after `cargo build --release` of a crate without dependencies, its binary included (Rust 1.63)'),
  cargoTargetDebug: constant(16_900_000, 10_000_000, 35_000_000, 'bytes', MEASURED, 'cargo target directory after `cargo build` of a crate without dependencies (Rust 1.63)'),
  cargoTargetPerDependency: constant(8_000_000, 2_000_000, 30_000_000, 'bytes per dependency', ESTIMATE, 'what each Cargo.toml dependency adds to the target directory (crates.io is not reachable here: not measured)'),
  cargoRegistryPerDependency: constant(3_000_000, 500_000, 15_000_000, 'bytes per dependency', ESTIMATE, 'downloaded and unpacked crates in CARGO_HOME per Cargo.toml dependency (transitive ones included)'),
  rustBinaryBase: constant(11_600_000, 8_000_000, 16_000_000, 'bytes', MEASURED, 'a Rust release binary without dependencies, not stripped (Rust 1.63: std with its symbols)'),
  rustPerDependency: constant(350_000, 140_000, 875_000, 'bytes per dependency', ESTIMATE, 'what each Cargo.toml dependency adds to a release binary'),
  // --- C with make, javac ---
  cObjectsPerSourceByte: constant(2.7, 1.5, 5, 'factor', MEASURED, 'object files per byte of C source (gcc 12 -O2; the .o files of the two make scenarios)'),
  cDebugInfo: constant(3.6, 2.5, 5, 'factor', MEASURED, 'objects with -g against without (gcc 12: 52 kB against 14 kB for the key-value store)'),
  cBinaryFloor: constant(16_000, 14_000, 20_000, 'bytes', MEASURED, 'a dynamically linked C binary of almost no code (gcc 12 -O2, x86_64: 16.1 kB)'),
  cBinaryPerSourceByte: constant(0.3, 0.1, 1, 'factor', MEASURED, 'what each byte of C source adds to the linked binary (gcc 12 -O2: 17.7 kB for 5.2 kB of source)'),
  cBinaryDebugPerSourceByte: constant(3.5, 2, 6, 'factor', MEASURED, 'what each byte of C source adds to a binary built with -g (gcc 12: 34.4 kB for 5.2 kB of source)'),
  javaClassesPerSourceByte: constant(4, 3, 6, 'factor', MEASURED, 'class files per byte of Java source (javac 17: 4.0 kB for 1.1 kB, 18.4 kB for 4.3 kB)'),
  jarPerClassByte: constant(0.6, 0.45, 0.8, 'factor', MEASURED, 'a jar (zip) of class files against the classes (jar 17: 2.8 kB for 4.0 kB, 10.5 kB for 18.4 kB)'),
  // --- java ---
  jarBase: constant(1_000_000, 10_000, 5_000_000, 'bytes', ESTIMATE, 'a jar of the project classes (two classes measured 16 kB: the size follows the code, which this model does not read)'),
  jarSpringBoot: constant(18_000_000, 7_200_000, 45_000_000, 'bytes', ESTIMATE, 'a Spring Boot fat jar before its own dependencies'),
  jarPerDependency: constant(1_500_000, 600_000, 3_750_000, 'bytes per dependency', ESTIMATE, 'what each pom/gradle dependency adds to a fat jar'),
  // --- build outputs copied from a stage that cannot be read ---
  buildOutputBase: constant(300_000, 60_000, 6_200_000, 'bytes', ESTIMATE, 'a front-end build directory (dist, build, .next) before its sources: bundler runtime, index.html, assets'),
  buildOutputPerSourceByte: constant(1.2, 0.36, 4.8, 'factor', ESTIMATE, 'a front-end build directory per byte of src/, app/, pages/, components/, lib/ (bundles, source maps)'),
  unknownArtifact: constant(10_000_000, 100_000, 200_000_000, 'bytes', ESTIMATE, 'a path copied from a stage that no model recognises'),
  modelledFileSpread: constant(1, 0.5, 2, 'factor', ESTIMATE, 'range of a file a stage wrote whose size is a model (COPY --from of a modelled binary or directory)'),
  // --- build context, remote sources, unknown images ---
  remoteSource: constant(10_000_000, 0, 200_000_000, 'bytes', ESTIMATE, 'ADD/COPY of a URL or git source: its size is unknown offline'),
  contextMissing: constant(1_000_000, 0, 100_000_000, 'bytes', ESTIMATE, 'a COPY from the build context when no context is on disk'),
  addPlainTarHigh: constant(2, 2, 2, 'factor', ESTIMATE, 'high end of an ADD of a plain .tar over its own size (hard links and sparse members can unpack to more)'),
  mkdirEntriesHigh: constant(4, 4, 4, 'count', ESTIMATE, 'directory entries at most for one mkdir argument (-p creates missing parents)'),
  addArchiveExpansion: constant(3, 1.5, 6, 'factor', ESTIMATE, 'ADD of a compressed tarball: bytes unpacked per byte of archive (a plain .tar counts as itself)'),
  unknownImage: constant(100_000_000, 5_000_000, 1_000_000_000, 'bytes', ESTIMATE, 'on-disk size of a base image neither the catalog nor the registry knows'),
  unknownImageCompressed: constant(40_000_000, 2_000_000, 400_000_000, 'bytes', ESTIMATE, 'compressed size of a base image neither the catalog nor the registry knows'),
  // --- layers ---
  runUnreadSlack: constant(64 * 1024, 0, 64 * 1024, 'bytes', ESTIMATE, "added to the high end of a RUN layer not read to the byte: what the command text does not show (logs, .pyc, temp files)"),
  tarHeaderCompressed: constant(60, 30, 120, 'bytes per file', ESTIMATE, 'a tar header (512 bytes, mostly zeros) after gzip'),
  // --- compression (gzip output/input) ---
  ratioPackages: constant(0.38, 0.3, 0.5, 'ratio', ESTIMATE, 'installed Debian/Alpine packages'),
  ratioSources: constant(0.3, 0.2, 0.45, 'ratio', ESTIMATE, 'node_modules, site-packages: mostly text'),
  ratioBinary: constant(0.45, 0.3, 0.6, 'ratio', ESTIMATE, 'executables and shared libraries'),
  ratioCache: constant(0.4, 0.25, 0.6, 'ratio', ESTIMATE, 'build caches: object files and archives'),
  ratioZeros: constant(0.002, 0.001, 0.01, 'ratio', ESTIMATE, "zero-filled files (dd if=/dev/zero, fallocate): deflate's ceiling is about 1:1000"),
  ratioRandom: constant(1, 1, 1.01, 'ratio', ESTIMATE, 'random bytes (/dev/urandom): incompressible'),
  ratioShortText: constant(0.8, 0.5, 1.2, 'ratio', ESTIMATE, 'a line written by echo or printf: too short for gzip to gain much'),
  ratioHeredoc: constant(0.5, 0.3, 1, 'ratio', ESTIMATE, 'a heredoc body copied into the image (COPY <<EOF): short text'),
  ratioDirectory: constant(0.05, 0.02, 0.1, 'ratio', ESTIMATE, 'a directory entry (mkdir): a tar header, mostly zeros'),
  ratioLayerFloor: constant(0.1, 0.05, 0.2, 'ratio', ESTIMATE, 'the directory headers every RUN layer holds'),
  // --- base-image catalog: how wide a matched row's range is (leave-one-out in `npm run bench:size` shows how far rows are apart) ---
  catalogExactSpread: constant(0.03, 0.03, 0.03, 'ratio', ESTIMATE, 'range (±) of a catalog row matched exactly: tags move between the data and the pull'),
  catalogNearestSpread: constant(0.05, 0.05, 0.4, 'ratio', ESTIMATE, 'range (±) of the nearest catalog row: the value plus the per-step widening below, capped at high'),
  catalogPerVersionStep: constant(0.005, 0.005, 0.005, 'ratio', ESTIMATE, 'range widening per version step between the tag asked for and the row used'),
  catalogPerVariantStep: constant(0.03, 0.03, 0.03, 'ratio', ESTIMATE, 'range widening per variant step (slim, alpine, bookworm...) between the tag asked for and the row used'),
  catalogFamilySpread: constant(0.35, 0.35, 0.35, 'ratio', ESTIMATE, 'range (±) of a row found only through the image family (another image of the same family)'),
  catalogApproximateSpread: constant(0.15, 0.15, 0.15, 'ratio', ESTIMATE, 'range widening for a row the data marks as approximate'),
  catalogPairRatioSpread: constant(0.03, 0.03, 0.03, 'ratio', ESTIMATE, "range (±) of the on-disk/compressed ratio taken from the same tag's amd64 row for another arch"),
} as const satisfies Record<string, SizeConstant>;

export type SizeConstantName = keyof typeof SIZE_CONSTANTS;

/** ` (estimate, no measurement)` for unmeasured constants, '' otherwise: appended to the report's "how". */
export function provenance(...names: SizeConstantName[]): string {
  return names.some((name) => SIZE_CONSTANTS[name].source === ESTIMATE) ? ` (${ESTIMATE})` : '';
}
