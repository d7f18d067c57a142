/**
 * Generates server/data/apt-packages.json: Debian's `Installed-Size` of common packages and of
 * everything they depend on or recommend, read with `apt-cache show` on this machine (Debian 12,
 * amd64). The engine sums a package's dependency closure minus what a Debian base image holds
 * (server/data/debian-base-packages.txt).
 *
 *   node --import tsx scripts/generate-apt-sizes.ts
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Packages Dockerfiles commonly install (from build stages and runtime images). */
const COMMON = `
apt-transport-https autoconf automake bash binutils bison build-essential bzip2 ca-certificates
clang cmake curl default-jdk default-jdk-headless default-jre default-jre-headless dirmngr dnsutils
file flex fontconfig g++ gcc gettext git gnupg gosu gzip htop imagemagick iproute2 iputils-ping jq
less libc6-dev libcurl4-openssl-dev libffi-dev libfreetype6-dev libgomp1 libjpeg-dev libpng-dev
libpq-dev libpq5 libsqlite3-dev libssl-dev libstdc++6 libtool libxml2 libxml2-dev libxslt1-dev
libyaml-dev libzstd-dev locales lsb-release make mariadb-client musl-tools nano netcat-openbsd
nginx nodejs npm openjdk-17-jdk openjdk-17-jdk-headless openjdk-17-jre-headless openssh-client
openssl patch perl pkg-config postgresql-client procps python3 python3-dev python3-pip
python3-venv python-is-python3 rsync ruby ruby-dev software-properties-common sqlite3 sudo
supervisor tar tini tzdata unzip vim wget xz-utils zip zlib1g-dev golang-go rustc cargo
default-libmysqlclient-dev libmagic1 ffmpeg fonts-liberation libnss3 chromium gnupg2 git-lfs
gcc-multilib libssl3 zstd lz4 bash-completion man-db dumb-init cron logrotate redis-tools
`.split(/\s+/).filter(Boolean);

/**
 * What a Debian base image already holds: the packages of debian:bookworm as scripts/toolchain-images.sh
 * builds it (minbase, as the official image is), listed by `dpkg-query -W` in that image. Priority
 * alone is wrong: libc6 and most libraries are "optional" yet in every image, and "important"
 * packages are not in the official images.
 */
const BASE = new Set(readFileSync(path.resolve(__dirname, '../server/data/debian-base-packages.txt'), 'utf8').split('\n').filter(Boolean));

interface AptPackage {
  /** Installed-Size in KiB, as Debian states it. */
  kib: number;
  /** Priority required/important: already in Debian base images. */
  base?: true;
  depends?: string[];
  recommends?: string[];
}

function firstAlternatives(field: string | undefined): string[] {
  if (!field) return [];
  return field
    .split(',')
    .map((group) => group.split('|')[0].trim().replace(/\s*\(.*?\)/, '').replace(/:any$/, '').trim())
    .filter(Boolean);
}

function show(names: string[]): Map<string, Record<string, string>> {
  const records = new Map<string, Record<string, string>>();
  if (names.length === 0) return records;
  let text = '';
  try {
    text = execFileSync('apt-cache', ['show', '--no-all-versions', ...names], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    // Some names are virtual; apt-cache exits non-zero but still prints the real ones.
    text = String((error as { stdout?: string }).stdout ?? '');
  }
  for (const block of text.split(/\n\n+/)) {
    const fields: Record<string, string> = {};
    let last = '';
    for (const line of block.split('\n')) {
      if (/^\s/.test(line) && last) fields[last] += ` ${line.trim()}`;
      else {
        const colon = line.indexOf(':');
        if (colon > 0) {
          last = line.slice(0, colon);
          fields[last] = line.slice(colon + 1).trim();
        }
      }
    }
    if (fields.Package && !records.has(fields.Package)) records.set(fields.Package, fields);
  }
  return records;
}

/** Resolves virtual packages (`awk`, `libc-dev`) to the first provider apt lists. */
function provider(name: string): string | undefined {
  try {
    const text = execFileSync('apt-cache', ['showpkg', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const section = text.split('Reverse Provides:')[1] ?? '';
    return section.trim().split('\n')[0]?.trim().split(' ')[0] || undefined;
  } catch {
    return undefined;
  }
}

const packages: Record<string, AptPackage> = {};
const aliases: Record<string, string> = {};
let queue = [...COMMON];
const seen = new Set<string>();
while (queue.length > 0) {
  const batch = queue.filter((name) => !seen.has(name));
  batch.forEach((name) => seen.add(name));
  queue = [];
  const records = show(batch);
  for (const name of batch) {
    const record = records.get(name);
    if (!record) {
      const real = provider(name);
      if (real) {
        aliases[name] = real;
        if (!seen.has(real)) queue.push(real);
      }
      continue;
    }
    const depends = [...firstAlternatives(record['Pre-Depends']), ...firstAlternatives(record.Depends)];
    const recommends = firstAlternatives(record.Recommends);
    const entry: AptPackage = { kib: Number(record['Installed-Size'] ?? 0) };
    if (BASE.has(name) || record.Essential === 'yes') entry.base = true;
    if (depends.length) entry.depends = [...new Set(depends)];
    if (recommends.length) entry.recommends = [...new Set(recommends)];
    packages[name] = entry;
    for (const next of [...depends, ...recommends]) if (!seen.has(next)) queue.push(next);
  }
}

const release = execFileSync('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"'], { encoding: 'utf8' }).trim();
const arch = execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
const output = path.resolve(__dirname, '../server/data/apt-packages.json');
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(output, `${JSON.stringify({ source: `apt-cache show (Installed-Size, KiB), ${release}, ${arch}`, common: COMMON, aliases, packages: sorted })}\n`);
console.log(`${Object.keys(packages).length} packages (${COMMON.length} common ones and their dependencies) written to ${path.relative(process.cwd(), output)}`);
for (const name of ['curl', 'git', 'build-essential', 'python3', 'ca-certificates']) console.log(`  ${name.padEnd(18)} ${packages[name]?.kib ?? '?'} KiB own`);
