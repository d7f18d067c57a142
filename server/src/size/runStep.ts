/**
 * What a RUN step adds to its layer: files it writes with a known size (`dd`, `head -c`,
 * `fallocate`, `echo >`), packages it installs (apt, apk, pip, npm), build outputs and the caches
 * a build leaves behind (go, cargo, npm, pip) — minus what the same step removes again
 * (`rm -rf /var/lib/apt/lists/*`, `--no-cache`, `go clean -cache`). Read, never run.
 */
import * as posix from 'node:path/posix';
import { splitShell, type SimpleCommand } from '../model/shellCommands';
import { cargoDependencies, cBuildOutputs, goBinary, javaClasses, plainJar, requirementNames, rustBinary, nodeModules } from './artifactModels';
import { findContextFiles, readContextText, type BuildContext } from './buildContext';
import { CONTENT_RATIO, tarEntryBytes, TAR_BLOCK } from './layerBytes';
import { APK_INDEX, APT_LISTS, apkAddSize, aptInstallSize, pipInstallSize, type PackageDistro } from './packageSizes';
import { ESTIMATE, provenance, SIZE_CONSTANTS as K } from './sizeConstants';
import { resolveIn, type StageFiles } from './stageFiles';
import type { SizeFigure } from './sizeFigure';

export interface RunInput {
  /** The shell text (heredoc bodies included). */
  script: string;
  /** `--mount=type=cache,target=...` targets: writes there stay out of the layer. */
  cacheTargets: string[];
  workdir: string;
  env: Map<string, string>;
  files: StageFiles;
  context?: BuildContext;
  /** The stage's root base image as written: decides whose package sizes apply. */
  baseImage?: string;
}

/** Ubuntu-based images (by name or by release codename in the tag): Debian's package figures apply loosely. */
export function packageDistroOf(image: string | undefined): PackageDistro {
  if (!image) return 'debian';
  const [name, tag = ''] = image.toLowerCase().replace(/@.*$/, '').split(/:(?=[^/]*$)/);
  const short = name.split('/').pop() ?? name;
  if (short === 'ubuntu' || /(^|-)(jammy|noble|focal|bionic|plucky|questing)(-|$)/.test(tag)) return 'ubuntu';
  // eclipse-temurin's plain tags are Ubuntu-based; its -alpine and -ubi tags are not apt-based at all.
  if (short === 'eclipse-temurin' && !/alpine|ubi|windows|nanoserver/.test(tag)) return 'ubuntu';
  return 'debian';
}

export interface RunEstimate {
  bytes: SizeFigure;
  /** True when every contribution was read from the command (file writes of stated sizes). */
  exact: boolean;
  detail: string;
}

interface Contribution {
  label: string;
  bytes: number;
  low: number;
  high: number;
  ratio: number;
  exact: boolean;
  /** Files it stands for (removed again by a later `rm` in the same step). */
  paths?: string[];
  /** A named area (`apt-lists`, `go-cache`): removed by matching clean-up commands. */
  area?: string;
}

/** What every RUN layer holds even when it writes nothing we can read: touched directories. */
const LAYER_FLOOR = 2 * TAR_BLOCK;

export function estimateRun(input: RunInput): RunEstimate {
  const contributions: Contribution[] = [];
  const commands = splitShell(input.script);
  const fullText = input.script;
  for (const command of commands) {
    readCommand(command, input, contributions, fullText);
  }
  const live = contributions.filter((c) => c.bytes > 0 || c.high > 0);
  const bytes = LAYER_FLOOR + live.reduce((sum, c) => sum + c.bytes, 0);
  const low = LAYER_FLOOR + live.reduce((sum, c) => sum + c.low, 0);
  const high = LAYER_FLOOR + live.reduce((sum, c) => sum + c.high, 0) + (live.every((c) => c.exact) && live.length > 0 ? 0 : K.runUnreadSlack.high);
  const compressed = live.reduce((sum, c) => sum + c.bytes * c.ratio, 0) + LAYER_FLOOR * K.ratioLayerFloor.value;
  const exact = live.length > 0 && live.every((c) => c.exact);
  const detail = live.length === 0 ? 'no files of known size: metadata changes only' : live.map((c) => c.label).join('; ');
  return { bytes: { uncompressed: Math.round(bytes), compressed: Math.round(compressed), low: Math.round(low), high: Math.round(high) }, exact, detail };
}

function underCache(path: string, cacheTargets: string[]): boolean {
  return cacheTargets.some((target) => path === target || path.startsWith(`${target.replace(/\/$/, '')}/`));
}

function writeFile(input: RunInput, contributions: Contribution[], rawPath: string, size: number, ratio: number, label: string): void {
  const path = resolveIn(input.workdir, rawPath);
  if (path.startsWith('/dev/') || underCache(path, input.cacheTargets)) return;
  const bytes = tarEntryBytes(size);
  input.files.set(path, { size, ratio, source: 'command' });
  contributions.push({ label: `${label} → ${path} (${size} bytes)`, bytes, low: bytes, high: bytes, ratio, exact: true, paths: [path] });
}

function inputRatio(source: string | undefined): number {
  if (!source || source === '/dev/zero') return CONTENT_RATIO.zeros;
  if (/\/dev\/u?random/.test(source)) return CONTENT_RATIO.random;
  return CONTENT_RATIO.binary;
}

function option(words: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    for (const name of names) {
      if (words[i] === name) return words[i + 1];
      if (name.startsWith('--') && words[i].startsWith(`${name}=`)) return words[i].slice(name.length + 1);
      if (!name.startsWith('--') && words[i].startsWith(name) && words[i].length > name.length) return words[i].slice(name.length);
    }
  }
  return undefined;
}

/** Drops `sudo`, `command`, `time`, `nice` and any `env`, `exec` or `VAR=value` between them before the real command. */
function withoutPrefixes(argv: string[]): string[] {
  let i = 0;
  while (i < argv.length) {
    const word = argv[i];
    if (word === 'sudo' || word === 'exec' || word === 'command' || word === 'time' || word === 'nice' || word === 'env') i++;
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) i++;
    else break;
  }
  return argv.slice(i);
}

/** `1M`, `10k`, `512`, `2MB`, `1G` with dd/head/fallocate suffix rules; undefined when unreadable. */
export function parseByteCount(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2];
  const powers: Record<string, number> = {
    '': 1, c: 1, w: 2, b: 512,
    k: 1024, K: 1024, KiB: 1024, kiB: 1024, kB: 1000, KB: 1000,
    m: 1024 ** 2, M: 1024 ** 2, MiB: 1024 ** 2, MB: 1000 ** 2,
    g: 1024 ** 3, G: 1024 ** 3, GiB: 1024 ** 3, GB: 1000 ** 3,
  };
  const factor = powers[unit];
  return factor === undefined ? undefined : Math.round(value * factor);
}

function readCommand(command: SimpleCommand, input: RunInput, contributions: Contribution[], fullText: string): void {
  const [program, ...args] = withoutPrefixes(command.argv);
  if (!program) return;
  const name = posix.basename(program);
  switch (name) {
    case 'dd': {
      const operands = new Map(args.filter((a) => a.includes('=')).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] as [string, string]));
      const blockSize = parseByteCount(operands.get('bs') ?? operands.get('obs') ?? '512') ?? 512;
      const count = Number(operands.get('count') ?? NaN);
      const target = operands.get('of') ?? command.redirectsTo[0];
      if (target && Number.isFinite(count)) writeFile(input, contributions, target, blockSize * count, inputRatio(operands.get('if')), 'dd');
      return;
    }
    case 'head': {
      const count = parseByteCount(option(args, '-c', '--bytes'));
      const source = args.filter((a) => !a.startsWith('-') && a !== option(args, '-c')).pop();
      const target = command.redirectsTo[0];
      if (count !== undefined && target) writeFile(input, contributions, target, count, command.piped ? CONTENT_RATIO.binary : inputRatio(source), 'head -c');
      return;
    }
    case 'fallocate':
    case 'truncate': {
      const size = parseByteCount(option(args, name === 'fallocate' ? '-l' : '-s', name === 'fallocate' ? '--length' : '--size'));
      const target = args.filter((a) => !a.startsWith('-')).pop();
      if (size !== undefined && target && target !== option(args, '-l', '-s')) writeFile(input, contributions, target, size, CONTENT_RATIO.zeros, name);
      return;
    }
    case 'echo':
    case 'printf': {
      const target = command.redirectsTo[0];
      if (target) writeFile(input, contributions, target, args.filter((a) => a !== '-n' && a !== '-e').join(' ').length + (name === 'echo' ? 1 : 0), K.ratioShortText.value, name);
      return;
    }
    case 'cp': {
      const operands = args.filter((a) => !a.startsWith('-'));
      if (operands.length < 2) return;
      const destination = resolveIn(input.workdir, operands[operands.length - 1]);
      for (const source of operands.slice(0, -1)) {
        for (const [path, file] of input.files.under(resolveIn(input.workdir, source))) {
          const target = input.files.get(destination) === undefined && operands.length === 2 && path === resolveIn(input.workdir, source) ? destination : posix.join(destination, posix.basename(path));
          writeFile(input, contributions, target, file.size, file.ratio, 'cp');
        }
      }
      return;
    }
    case 'rm':
      removePaths(args.filter((a) => !a.startsWith('-')).map((a) => resolveIn(input.workdir, a)), input, contributions);
      return;
    case 'mkdir':
      for (const dir of args.filter((a) => !a.startsWith('-'))) contributions.push({ label: `mkdir ${dir}`, bytes: TAR_BLOCK, low: TAR_BLOCK, high: TAR_BLOCK * K.mkdirEntriesHigh.value, ratio: K.ratioDirectory.value, exact: true });
      return;
    case 'apt-get':
    case 'apt':
      readApt(args, contributions, packageDistroOf(input.baseImage));
      return;
    case 'apk':
      readApk(args, contributions);
      return;
    case 'pip':
    case 'pip3':
    case 'python':
    case 'python3':
    case 'uv':
      readPip(program, args, input, contributions, fullText);
      return;
    case 'npm':
    case 'yarn':
    case 'pnpm':
      readNode(name, args, input, contributions);
      return;
    case 'go':
      readGo(args, input, contributions);
      return;
    case 'cargo':
      readCargo(args, input, contributions);
      return;
    case 'make':
      readMake(args, input, contributions, fullText);
      return;
    case 'javac':
      readJavac(args, input, contributions);
      return;
    case 'jar':
      readJar(args, input, contributions);
      return;
    default:
      if (name === 'go-clean') return;
  }
}

function removePaths(paths: string[], input: RunInput, contributions: Contribution[]): void {
  for (const path of paths) {
    const prefix = path.replace(/\/\*$/, '');
    const matches = (candidate: string) => candidate === prefix || candidate.startsWith(`${prefix}/`) || (path.endsWith('*') && candidate.startsWith(path.slice(0, -1)));
    for (const contribution of contributions) {
      if (contribution.paths?.some(matches)) zero(contribution);
    }
    input.files.delete(prefix);
    if (/^\/var\/lib\/apt\/lists/.test(prefix)) contributions.filter((c) => c.area === 'apt-lists').forEach(zero);
    if (/^\/var\/cache\/apk/.test(prefix)) contributions.filter((c) => c.area === 'apk-index').forEach(zero);
    if (/\/\.cache\/pip|^\/root\/\.cache$/.test(prefix)) contributions.filter((c) => c.area === 'pip-cache').forEach(zero);
    if (/\/\.npm|\/\.cache\/yarn|^\/usr\/local\/share\/\.cache/.test(prefix)) contributions.filter((c) => c.area === 'npm-cache').forEach(zero);
    if (/\/\.cache\/go-build|^\/root\/\.cache$/.test(prefix)) contributions.filter((c) => c.area === 'go-build-cache').forEach(zero);
    if (/\/go\/pkg\/mod|\/pkg\/mod$/.test(prefix)) contributions.filter((c) => c.area === 'go-mod-cache').forEach(zero);
    if (/\/target$|\/target\//.test(prefix)) contributions.filter((c) => c.area === 'cargo-target').forEach(zero);
  }
}

function zero(contribution: Contribution): void {
  contribution.label += ' (removed in the same step)';
  contribution.bytes = 0;
  contribution.low = 0;
  contribution.high = 0;
}

function packagesAfter(args: string[], verbs: string[]): string[] {
  const verbIndex = args.findIndex((a) => verbs.includes(a));
  if (verbIndex < 0) return [];
  return args.slice(verbIndex + 1).filter((a) => !a.startsWith('-') && !a.includes('$') && !a.includes('/') && a !== 'install');
}

function readApt(args: string[], contributions: Contribution[], distro: PackageDistro): void {
  if (args.includes('update')) {
    contributions.push({ label: `apt package lists${provenance('aptLists')}`, ...APT_LISTS, ratio: CONTENT_RATIO.sources, exact: false, area: 'apt-lists' });
  }
  if (args.includes('install')) {
    const names = packagesAfter(args, ['install']);
    const recommends = !args.includes('--no-install-recommends');
    const figure = aptInstallSize(names, recommends, distro);
    const whose = distro === 'ubuntu' ? "Debian's Installed-Size (Ubuntu base: Ubuntu's packages differ, wider range)" : "Debian's Installed-Size";
    contributions.push({
      label: `apt install ${names.join(' ')}: ${Math.round(figure.bytes / 1e6)} MB from ${whose} with dependencies${recommends ? ' and recommends' : ''}${figure.unknown.length ? ` (${figure.unknown.join(', ')} guessed${provenance('aptUnknownPackage')})` : ''}`,
      bytes: figure.bytes, low: figure.low, high: figure.high, ratio: CONTENT_RATIO.packages, exact: false,
    });
  }
  if (args.includes('clean') || args.includes('autoclean')) {
    // The package cache (.deb files) is already cleaned by the Debian images' docker-clean hook.
  }
}

function readApk(args: string[], contributions: Contribution[]): void {
  const noCache = args.includes('--no-cache');
  if (args.includes('update')) contributions.push({ label: 'apk index', ...APK_INDEX, ratio: CONTENT_RATIO.sources, exact: false, area: 'apk-index' });
  if (args.includes('add')) {
    const names = packagesAfter(args, ['add']).filter((name) => !name.startsWith('.'));
    const figure = apkAddSize(names);
    contributions.push({ label: `apk add ${names.join(' ')}: ${Math.round(figure.bytes / 1e6)} MB (package model; no Alpine build measured: ${K.apkFromDebian.source})`, bytes: figure.bytes, low: figure.low, high: figure.high, ratio: CONTENT_RATIO.packages, exact: false });
    if (!noCache && !contributions.some((c) => c.area === 'apk-index')) contributions.push({ label: 'apk index (no --no-cache)', ...APK_INDEX, ratio: CONTENT_RATIO.sources, exact: false, area: 'apk-index' });
  }
}

function readPip(program: string, args: string[], input: RunInput, contributions: Contribution[], fullText: string): void {
  const name = posix.basename(program);
  let words = args;
  if (name.startsWith('python')) {
    const module = words.indexOf('-m');
    if (module >= 0 && words[module + 1] === 'venv') return readVenv(words.slice(module + 2), input, contributions);
    if (module < 0 || !/^pip/.test(words[module + 1] ?? '')) return;
    words = words.slice(module + 2);
  }
  if (name === 'uv') {
    if (words[0] !== 'pip') return;
    words = words.slice(1);
  }
  if (words[0] !== 'install') return;
  const requirementFile = option(words, '-r', '--requirement');
  let names = words.slice(1).filter((w, i, all) => !w.startsWith('-') && all[i] !== requirementFile && !/^\.\.?\/?$|\.whl$/.test(w));
  if (requirementFile) {
    const text = readContextText(input.context, findContextFiles(input.context, posix.basename(requirementFile))[0] ?? requirementFile);
    names = names.concat(text ? requirementNames(text) : ['(unread requirements)']);
  }
  const figure = pipInstallSize(names);
  // --target/--prefix, or a virtualenv's own pip (`/opt/venv/bin/pip`): where the packages land, for COPY --from.
  const venv = /^(.*)\/bin\/(pip3?|python3?(\.\d+)?)$/.exec(program)?.[1];
  const target = option(words, '--target', '-t', '--prefix');
  const into = target ? resolveIn(input.workdir, target) : venv ? `${resolveIn(input.workdir, venv)}/lib/site-packages` : undefined;
  const label = `pip install ${names.length} packages: ${Math.round(figure.bytes / 1e6)} MB (package model${figure.unknown.length ? `, ${figure.unknown.length} not in its table` : ''}${figure.estimated.length ? `; ${figure.estimated.join(', ')}: ${ESTIMATE}` : ''})`;
  const paths = into ? [into] : undefined;
  if (into) input.files.set(into, { size: figure.bytes, ratio: CONTENT_RATIO.sources, source: 'heuristic', detail: label });
  contributions.push({ label, bytes: figure.bytes, low: figure.low, high: figure.high, ratio: CONTENT_RATIO.sources, exact: false, paths });
  const noCache = words.includes('--no-cache-dir') || input.env.get('PIP_NO_CACHE_DIR') !== undefined || name === 'uv' || underCache('/root/.cache/pip', input.cacheTargets) || /pip cache purge/.test(fullText);
  const cache = K.pipCacheShare;
  if (!noCache) contributions.push({ label: `pip cache left in /root/.cache/pip (no --no-cache-dir)${provenance('pipCacheShare')}`, bytes: figure.bytes * cache.value, low: figure.low * cache.low, high: figure.high * cache.high, ratio: 1, exact: false, area: 'pip-cache' });
}

/** `python -m venv DIR`: the interpreter links, pip and setuptools (`--without-pip`: almost nothing). */
function readVenv(words: string[], input: RunInput, contributions: Contribution[]): void {
  const dir = words.filter((word) => !word.startsWith('-')).pop();
  if (!dir) return;
  const path = resolveIn(input.workdir, dir);
  const base = words.includes('--without-pip') ? K.venvWithoutPip : K.venvBase;
  const label = `virtualenv ${path}${words.includes('--without-pip') ? ' without pip' : ' with pip and setuptools'}${provenance(words.includes('--without-pip') ? 'venvWithoutPip' : 'venvBase')}`;
  input.files.set(`${path}/base`, { size: base.value, ratio: CONTENT_RATIO.sources, source: 'heuristic', detail: label });
  contributions.push({ label, bytes: base.value, low: base.low, high: base.high, ratio: CONTENT_RATIO.sources, exact: false, paths: [path] });
}

function readNode(name: string, args: string[], input: RunInput, contributions: Contribution[]): void {
  const verb = args[0] ?? (name === 'yarn' ? 'install' : '');
  if (['ci', 'install', 'i', 'add'].includes(verb) && !(name === 'npm' && verb === 'install' && args.includes('-g'))) {
    const production = args.some((a) => /--omit=dev|--production|--prod\b|--only=prod/.test(a)) || input.env.get('NODE_ENV') === 'production';
    const figure = nodeModules(input.context, production);
    const path = resolveIn(input.workdir, 'node_modules');
    input.files.set(path, { size: figure.bytes, ratio: figure.ratio, source: 'heuristic', detail: figure.detail });
    contributions.push({ label: figure.detail, bytes: figure.bytes, low: figure.low, high: figure.high, ratio: figure.ratio, exact: false, paths: [path] });
    if (!underCache('/root/.npm', input.cacheTargets) && name === 'npm') {
      const cache = K.npmCacheShare;
      contributions.push({ label: `npm cache left in /root/.npm${provenance('npmCacheShare')}`, bytes: figure.bytes * cache.value, low: figure.low * cache.low, high: figure.high * cache.high, ratio: 1, exact: false, area: 'npm-cache' });
    }
  } else if (verb === 'cache' && args.includes('clean')) {
    contributions.filter((c) => c.area === 'npm-cache').forEach(zero);
  }
}

function readGo(args: string[], input: RunInput, contributions: Contribution[]): void {
  const verb = args[0];
  if (verb === 'clean') {
    if (args.includes('-cache')) contributions.filter((c) => c.area === 'go-build-cache').forEach(zero);
    if (args.includes('-modcache')) contributions.filter((c) => c.area === 'go-mod-cache').forEach(zero);
    return;
  }
  if (verb !== 'build' && verb !== 'install' && !(verb === 'mod' && args[1] === 'download')) return;
  const goPath = input.env.get('GOPATH') ?? '/go';
  const modCache = input.env.get('GOMODCACHE') ?? `${goPath}/pkg/mod`;
  const buildCache = input.env.get('GOCACHE') ?? '/root/.cache/go-build';
  if (!underCache(modCache, input.cacheTargets) && !contributions.some((c) => c.area === 'go-mod-cache')) {
    const goMod = readContextText(input.context, 'go.mod') ?? '';
    const modules = (goMod.match(/^\s*(?:require\s+)?[a-z0-9.-]+\.[a-z]+\/\S+\s+v\S+/gim) ?? []).length;
    const perModule = K.goModulePerRequire;
    contributions.push({ label: `Go module cache in ${modCache} (${modules} modules)${provenance('goModulePerRequire')}`, bytes: modules * perModule.value, low: modules * perModule.low, high: modules * perModule.high + K.goModuleCacheSlack.high, ratio: CONTENT_RATIO.sources, exact: false, area: 'go-mod-cache' });
  }
  if (verb === 'mod') return;
  if (!underCache(buildCache, input.cacheTargets) && !contributions.some((c) => c.area === 'go-build-cache')) {
    // Go ≤ 1.19 ships its standard library precompiled; later versions compile it into the cache.
    const minor = /^(?:.*\/)?golang:1\.(\d+)/.exec(input.baseImage ?? '')?.[1];
    const precompiled = minor !== undefined && Number(minor) <= 19;
    const name = precompiled ? 'goBuildCachePrecompiledStd' : 'goBuildCache';
    const cache = K[name];
    contributions.push({ label: `Go build cache in ${buildCache}${precompiled ? ' (Go ≤ 1.19: standard library precompiled)' : ''}${provenance(name)}`, bytes: cache.value, low: cache.low, high: cache.high, ratio: CONTENT_RATIO.cache, exact: false, area: 'go-build-cache' });
  }
  const joined = args.join(' ');
  const binary = goBinary(input.context, /-s\b.*-w\b|-w\b.*-s\b/.test(joined) && /ldflags/.test(joined));
  const output = option(args, '-o') ?? (verb === 'install' ? `${goPath}/bin/app` : 'app');
  const path = resolveIn(input.workdir, output);
  input.files.set(path, { size: binary.bytes, ratio: binary.ratio, source: 'heuristic', detail: binary.detail });
  contributions.push({ label: `${binary.detail} → ${path}`, bytes: binary.bytes, low: binary.low, high: binary.high, ratio: binary.ratio, exact: false, paths: [path] });
}

/** Each output file: a tar header and, on average, half a block of padding. */
const PER_FILE = TAR_BLOCK * 1.5;

/** `make` (not `make install`, `make clean`): object files and a binary from the context's C sources. */
function readMake(args: string[], input: RunInput, contributions: Contribution[], fullText: string): void {
  if (args.some((a) => a === 'clean' || a === 'install' || a === 'distclean')) return;
  const outputs = cBuildOutputs(input.context, fullText);
  if (outputs.files <= 1) return; // no C sources in the context: nothing we can size
  const overhead = outputs.files * PER_FILE;
  contributions.push({ label: outputs.detail, bytes: outputs.bytes + overhead, low: outputs.low + overhead, high: outputs.high + overhead, ratio: outputs.ratio, exact: false });
}

/** `javac -d DIR`: the class files of the context's Java sources. */
function readJavac(args: string[], input: RunInput, contributions: Contribution[]): void {
  const classes = javaClasses(input.context);
  if (classes.files === 0) return;
  const dir = resolveIn(input.workdir, option(args, '-d') ?? '.');
  const overhead = classes.files * PER_FILE;
  input.files.set(`${dir}/classes`, { size: classes.bytes, ratio: classes.ratio, source: 'heuristic', detail: classes.detail });
  contributions.push({ label: `${classes.detail} → ${dir}`, bytes: classes.bytes + overhead, low: classes.low + overhead, high: classes.high + overhead, ratio: classes.ratio, exact: false, paths: [dir] });
}

/** `jar --create --file F` / `jar cf F`: a jar of the classes, kept as a file a later COPY --from can find. */
function readJar(args: string[], input: RunInput, contributions: Contribution[]): void {
  const bundled = /^-?[a-z]*c[a-z]*f[a-z]*$/.test(args[0] ?? '') ? args[1] : undefined;
  const file = option(args, '--file') ?? option(args, '-f') ?? bundled;
  if (!file || !(args.includes('--create') || args.includes('-c') || /^-?[a-z]*c/.test(args[0] ?? ''))) return;
  const jar = plainJar(input.context);
  if (jar.bytes === 0) return;
  writeModelled(input, contributions, file, jar);
}

function writeModelled(input: RunInput, contributions: Contribution[], rawPath: string, figure: { bytes: number; low: number; high: number; ratio: number; detail: string }): void {
  const path = resolveIn(input.workdir, rawPath);
  input.files.set(path, { size: figure.bytes, ratio: figure.ratio, source: 'heuristic', detail: figure.detail });
  const tar = tarEntryBytes(figure.bytes);
  contributions.push({ label: `${figure.detail} → ${path}`, bytes: tar, low: figure.low + TAR_BLOCK, high: tarEntryBytes(figure.high), ratio: figure.ratio, exact: false, paths: [path] });
}

function readCargo(args: string[], input: RunInput, contributions: Contribution[]): void {
  if (args[0] !== 'build' && args[0] !== 'install') return;
  const release = args.includes('--release') || args[0] === 'install';
  const binary = rustBinary(input.context);
  const dependencies = cargoDependencies(input.context);
  const target = resolveIn(input.workdir, 'target');
  if (!underCache(target, input.cacheTargets)) {
    const base = release ? K.cargoTargetRelease : K.cargoTargetDebug;
    const per = K.cargoTargetPerDependency;
    const used = [release ? 'cargoTargetRelease' : 'cargoTargetDebug', ...(dependencies ? ['cargoTargetPerDependency'] : [])] as Parameters<typeof provenance>;
    contributions.push({ label: `cargo target directory (${release ? 'release' : 'debug'}, ${dependencies} dependencies)${provenance(...used)}`, bytes: base.value + dependencies * per.value, low: base.low + dependencies * per.low, high: base.high + dependencies * per.high, ratio: CONTENT_RATIO.cache, exact: false, area: 'cargo-target', paths: [target] });
    input.files.set(`${target}/${release ? 'release' : 'debug'}/app`, { size: binary.bytes, ratio: binary.ratio, source: 'heuristic', detail: binary.detail });
  }
  if (dependencies > 0 && !underCache('/usr/local/cargo/registry', input.cacheTargets)) {
    const registry = K.cargoRegistryPerDependency;
    contributions.push({ label: `cargo registry cache (${dependencies} dependencies)${provenance('cargoRegistryPerDependency')}`, bytes: dependencies * registry.value, low: dependencies * registry.low, high: dependencies * registry.high, ratio: CONTENT_RATIO.sources, exact: false, area: 'cargo-registry' });
  }
}
