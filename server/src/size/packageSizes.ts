/**
 * Installed sizes of packages: apt from Debian's `Installed-Size` (the generated table, with the
 * dependency closure minus what a Debian base image already holds), apk, pip and npm from
 * small models. Figures are on-disk bytes with a low–high range.
 */
import { APT_TABLE } from './catalogData';
import { SIZE_CONSTANTS as K } from './sizeConstants';

export interface PackageFigure {
  bytes: number;
  low: number;
  high: number;
  /** Packages found in a table (the rest are guessed). */
  known: string[];
  unknown: string[];
}

/** Whose packages an install step gets: Debian's figures fit Debian bases; Ubuntu's packages differ. */
export type PackageDistro = 'debian' | 'ubuntu';

/**
 * Bytes that `apt-get install` adds for `names` (dependencies included, base packages excluded),
 * from Debian bookworm's Installed-Size. On an Ubuntu base the same figures are used with a wider
 * range (Ubuntu's builds and dependency sets differ; no Ubuntu index is reachable here).
 */
export function aptInstallSize(names: string[], withRecommends: boolean, distro: PackageDistro = 'debian'): PackageFigure {
  const seen = new Set<string>();
  const known: string[] = [];
  const unknown: string[] = [];
  let kib = 0;
  // Python modules Debian packages as .py and byte-compiles at install time (py3compile): the .pyc
  // files are on disk but not in Installed-Size.
  let pythonKib = 0;
  const visit = (raw: string, top: boolean) => {
    const name = APT_TABLE.aliases[raw] ?? raw;
    if (seen.has(name)) return;
    seen.add(name);
    const row = APT_TABLE.packages[name];
    if (!row) {
      if (top) unknown.push(raw);
      return;
    }
    if (top) known.push(raw);
    if (row.base) return;
    kib += row.kib;
    if (/^(libpython3(\.\d+)?-(stdlib|minimal)|python3-.+)$/.test(name)) pythonKib += row.kib;
    for (const dependency of row.depends ?? []) visit(dependency, false);
    if (withRecommends) for (const recommended of row.recommends ?? []) visit(recommended, false);
  };
  for (const name of names) visit(name.replace(/[=:].*$/, ''), true);
  const pyc = K.aptPythonBytecode;
  kib += pythonKib * pyc.value;
  const bytes = kib * 1024 + unknown.length * K.aptUnknownPackage.value;
  // The base may already hold part of the closure (a full Debian image holds much of it).
  const widen = distro === 'ubuntu' ? K.ubuntuSpread.value : 1;
  return {
    bytes,
    low: Math.round((kib * 1024 * K.aptClosureLow.value) / widen),
    high: Math.round(kib * 1024 * K.aptClosureHigh.value * widen + unknown.length * K.aptUnknownPackage.high),
    known,
    unknown,
  };
}

/** apt's package lists after `apt-get update`. */
export const APT_LISTS = { bytes: K.aptLists.value, low: K.aptLists.low, high: K.aptLists.high };
/** apk's index after `apk update` or an `apk add` without `--no-cache`. */
export const APK_INDEX = { bytes: K.apkIndex.value, low: K.apkIndex.low, high: K.apkIndex.high };

/** Alpine packages with their usual dependencies, installed bytes (Alpine 3.2x, x86_64). */
const APK_SIZES: Record<string, number> = {
  'ca-certificates': 700_000, curl: 3_300_000, wget: 1_000_000, bash: 2_400_000, git: 16_000_000, openssh: 5_000_000,
  'openssh-client': 3_500_000, tzdata: 3_400_000, openssl: 1_700_000, 'build-base': 230_000_000, gcc: 140_000_000,
  'g++': 190_000_000, make: 300_000, 'musl-dev': 1_200_000, python3: 50_000_000, 'py3-pip': 14_000_000, nodejs: 60_000_000,
  npm: 12_000_000, jq: 1_200_000, unzip: 500_000, zip: 500_000, tini: 50_000, 'dumb-init': 50_000, su_exec: 30_000, 'su-exec': 30_000,
  shadow: 2_000_000, libc6_compat: 100_000, 'libc6-compat': 100_000, libstdcpp: 2_500_000, 'libstdc++': 2_500_000, libgcc: 200_000,
  icu: 35_000_000, 'icu-libs': 35_000_000, postgresql_client: 11_000_000, 'postgresql-client': 11_000_000, vips: 40_000_000,
  'vips-dev': 200_000_000, imagemagick: 40_000_000, ffmpeg: 90_000_000, chromium: 350_000_000, sqlite: 2_000_000,
  'linux-headers': 12_000_000, cmake: 45_000_000, go: 230_000_000, rust: 400_000_000, cargo: 450_000_000, openjdk17: 300_000_000,
  'openjdk17-jre': 190_000_000, 'openjdk21-jre': 200_000_000, nginx: 2_500_000, coreutils: 1_500_000, findutils: 500_000,
  procps: 700_000, 'util-linux': 4_000_000, xz: 300_000, gzip: 200_000, tar: 500_000, rsync: 800_000, vim: 30_000_000,
  nano: 1_000_000, 'openssl-dev': 8_000_000, 'libffi-dev': 500_000, 'zlib-dev': 400_000, 'libpq-dev': 3_000_000, 'libpq': 900_000,
  perl: 40_000_000, ruby: 30_000_000, gnupg: 10_000_000, 'bind-tools': 8_000_000, iputils: 300_000, busybox: 1_000_000,
};

/** Sums a table's figures for `names`; `fallback` sizes a name the table lacks (undefined: a generic guess). */
function sumFromTable(names: string[], table: Record<string, number>, spread: [number, number], fallback: (name: string) => { bytes: number; low: number; high: number } | undefined, generic: { bytes: number; low: number; high: number }): PackageFigure {
  const figure: PackageFigure = { bytes: 0, low: 0, high: 0, known: [], unknown: [] };
  for (const name of names) {
    if (!name) continue;
    const size = table[name];
    const guessed = size === undefined ? fallback(name) : undefined;
    const part = size !== undefined ? { bytes: size, low: size * spread[0], high: size * spread[1] } : guessed ?? generic;
    (size !== undefined || guessed ? figure.known : figure.unknown).push(name);
    figure.bytes += part.bytes;
    figure.low += part.low;
    figure.high += part.high;
  }
  return { ...figure, bytes: Math.round(figure.bytes), low: Math.round(figure.low), high: Math.round(figure.high) };
}

export function apkAddSize(names: string[]): PackageFigure {
  // A package missing from our table: Debian's closure for the same name, musl builds being leaner.
  const fromDebian = (name: string) => {
    const debian = aptInstallSize([name], false);
    return debian.known.length > 0 ? { bytes: debian.bytes * K.apkFromDebian.value, low: debian.bytes * K.apkFromDebian.low, high: debian.bytes * K.apkFromDebian.high } : undefined;
  };
  const generic = { bytes: K.apkUnknownPackage.value, low: K.apkUnknownPackage.low, high: K.apkUnknownPackage.high };
  return sumFromTable(names.map((raw) => raw.replace(/[=~<>].*$/, '')), APK_SIZES, [K.apkTableSpread.low, K.apkTableSpread.high], fromDebian, generic);
}

/**
 * Installed bytes of common Python distributions with their usual dependencies (x86_64), as pip
 * leaves them (files and the .pyc it compiles). Measured: flask, requests, chardet, pyyaml (see
 * PIP_MEASURED); the rest are estimates for PyPI's manylinux wheels, and the report says so.
 */
const PIP_SIZES: Record<string, number> = {
  numpy: 60_000_000, pandas: 75_000_000, scipy: 110_000_000, torch: 1_800_000_000, tensorflow: 1_200_000_000,
  'scikit-learn': 45_000_000, matplotlib: 40_000_000, django: 25_000_000, fastapi: 12_000_000,
  uvicorn: 3_000_000, gunicorn: 1_500_000, boto3: 95_000_000, botocore: 90_000_000, pydantic: 8_000_000,
  sqlalchemy: 15_000_000, psycopg2: 3_000_000, 'psycopg2-binary': 9_000_000, psycopg: 3_000_000, celery: 10_000_000, redis: 3_000_000,
  pillow: 15_000_000, lxml: 20_000_000, cryptography: 10_000_000, grpcio: 20_000_000, protobuf: 3_000_000,
  transformers: 80_000_000, opencv: 90_000_000, 'opencv-python': 90_000_000, 'opencv-python-headless': 60_000_000, pytest: 4_000_000,
  black: 6_000_000, ruff: 25_000_000, mypy: 40_000_000, jupyter: 80_000_000, poetry: 30_000_000, pip: 12_000_000, setuptools: 6_000_000,
  wheel: 300_000, httpx: 2_000_000, aiohttp: 8_000_000, polars: 90_000_000, pyarrow: 130_000_000, 'google-cloud-storage': 20_000_000,
};

/**
 * Measured on bookworm's Python 3.11 with pip 23.0.1, from the wheels of scripts/python-index.sh
 * (Debian's builds): flask in scripts/measure-sizes.ts (4.98 MB system-wide, 4.87 MB in a venv);
 * the three sets together measured 10.5 MB system-wide;
 * requests, chardet and pyyaml each alone in a venv of the same Python and pip, their sum checked
 * by the measured "requests pyyaml into a venv" (5.5 MB). requests counts urllib3, idna, certifi,
 * charset-normalizer (as on PyPI) but not chardet, which Debian's requests adds. pyyaml is Debian's
 * build, linked to a shared libyaml: PyPI's manylinux wheel bundles libyaml and is larger (high end).
 */
const PIP_MEASURED: Record<string, { bytes: number; low: number; high: number }> = {
  flask: { bytes: 4_900_000, low: 3_500_000, high: 7_000_000 },
  requests: { bytes: 2_550_000, low: 1_800_000, high: 4_800_000 },
  chardet: { bytes: 2_170_000, low: 1_500_000, high: 3_000_000 },
  pyyaml: { bytes: 730_000, low: 500_000, high: 3_000_000 },
};
for (const [name, figure] of Object.entries(PIP_MEASURED)) PIP_SIZES[name] = figure.bytes;

/** `flask[async]>=2; python_version>"3"` → `flask`, by hand (`/\[.*?\]/` is quadratic on a run of `[`). */
function requirementName(requirement: string): string {
  let name = requirement;
  const open = name.indexOf('[');
  const close = open >= 0 ? name.indexOf(']', open) : -1;
  if (close >= 0) name = name.slice(0, open) + name.slice(close + 1);
  for (let i = 0; i < name.length; i++) if ('=<>!~;@ '.includes(name[i])) return name.slice(0, i);
  return name;
}

/** pip's installed bytes for `names`; `estimated` lists the names whose figure no build measured. */
export function pipInstallSize(names: string[]): PackageFigure & { estimated: string[] } {
  const normalized = names.map((raw) => requirementName(raw.toLowerCase()).replace(/_/g, '-'));
  const measured = normalized.filter((name) => PIP_MEASURED[name]);
  const rest = sumFromTable(normalized.filter((name) => !PIP_MEASURED[name]), PIP_SIZES, [K.pipTableSpread.low, K.pipTableSpread.high], () => undefined, { bytes: K.pipUnknownPackage.value, low: K.pipUnknownPackage.low, high: K.pipUnknownPackage.high });
  const sum = (pick: 'bytes' | 'low' | 'high') => measured.reduce((total, name) => total + PIP_MEASURED[name][pick], rest[pick]);
  return { bytes: sum('bytes'), low: sum('low'), high: sum('high'), known: [...measured, ...rest.known], unknown: rest.unknown, estimated: normalized.filter((name) => name && !PIP_MEASURED[name]) };
}

/** node_modules bytes for a number of dependencies (direct ones; transitive ones come with them). */
export function npmInstallSize(directDependencies: number): PackageFigure {
  const bytes = K.npmBase.value + directDependencies * K.npmPerDependency.value;
  const low = K.npmBase.low + directDependencies * K.npmPerDependency.low;
  const high = K.npmBase.high + directDependencies * K.npmPerDependency.high;
  return { bytes, low: Math.round(low), high: Math.round(high), known: [], unknown: [] };
}
