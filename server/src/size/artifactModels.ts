/**
 * What a build produces when the stage that makes it cannot be measured: per-stack models with
 * a range. Go binaries by imports, modules and `-ldflags=-s -w`; Rust release binaries by
 * dependencies; a Node build directory and node_modules; a jar; a Python virtualenv.
 */
import { findContextFiles, readContextText, type BuildContext } from './buildContext';
import { CONTENT_RATIO } from './layerBytes';
import { npmInstallSize, pipInstallSize } from './packageSizes';
import { NPM_TABLE } from './catalogData';
import { provenance, SIZE_CONSTANTS as K } from './sizeConstants';

export interface ArtifactFigure {
  bytes: number;
  low: number;
  high: number;
  ratio: number;
  detail: string;
}

/** Requirements counted in go.mod (direct and indirect). */
function goModules(context: BuildContext | undefined): { direct: number; all: number; heavy: string[] } {
  const goMod = readContextText(context, findContextFiles(context, 'go.mod')[0] ?? 'go.mod') ?? '';
  const requires = [...goMod.matchAll(/^\s*(?:require\s+)?([a-z0-9.-]+\.[a-z]+\/\S+)\s+v\S+(\s*\/\/\s*indirect)?/gim)];
  const heavy = ['google.golang.org/grpc', 'k8s.io/client-go', 'github.com/aws/aws-sdk-go', 'cloud.google.com/go', 'github.com/docker/docker']
    .filter((module) => goMod.includes(module));
  return { direct: requires.filter((m) => !m[2]).length, all: requires.length, heavy };
}

/** Whether the Go sources import net/http (most servers): it pulls in TLS, HTTP/2 and crypto. */
function goUsesNetHttp(context: BuildContext | undefined): boolean {
  if (!context) return true;
  let read = 0;
  for (const file of context.files) {
    if (!file.path.endsWith('.go') || file.path.endsWith('_test.go')) continue;
    if (++read > 200) break;
    const text = readContextText(context, file.path, 256 * 1024);
    if (text && /"net\/http"|"google\.golang\.org\/grpc"|"crypto\/tls"/.test(text)) return true;
  }
  return false;
}

export function goBinary(context: BuildContext | undefined, stripped: boolean): ArtifactFigure {
  const modules = goModules(context);
  const netHttp = goUsesNetHttp(context);
  const sum = (pick: 'value' | 'low' | 'high') =>
    (K.goBinaryBase[pick] + (netHttp ? K.goNetHttp[pick] : 0) + Math.min(modules.all, K.goModulesCounted.value) * K.goPerModule[pick] + modules.heavy.length * K.goHeavyModule[pick]) *
    (stripped ? K.goStripped[pick] : 1);
  const used: Parameters<typeof provenance> = ['goBinaryBase', ...(netHttp ? (['goNetHttp'] as const) : []), ...(modules.all ? (['goPerModule'] as const) : []), ...(modules.heavy.length ? (['goHeavyModule'] as const) : []), ...(stripped ? (['goStripped'] as const) : [])];
  const detail = `Go binary model: ${netHttp ? 'net/http, ' : ''}${modules.all} modules in go.mod${modules.heavy.length ? ` (${modules.heavy.join(', ')})` : ''}${stripped ? ', -ldflags=-s -w' : ''}${provenance(...used)}`;
  return { bytes: Math.round(sum('value')), low: Math.round(sum('low')), high: Math.round(sum('high')), ratio: CONTENT_RATIO.binary, detail };
}

/** Dependencies declared in Cargo.toml (all `[*dependencies]` tables). */
export function cargoDependencies(context: BuildContext | undefined): number {
  const cargo = readContextText(context, findContextFiles(context, 'Cargo.toml')[0] ?? 'Cargo.toml') ?? '';
  return cargo.split(/^\[/m).filter((section) => /^(?:.*\.)?dependencies\]/.test(section))
    .reduce((count, section) => count + section.split('\n').slice(1).filter((line) => /^[A-Za-z0-9_-]+\s*=/.test(line)).length, 0);
}

export function rustBinary(context: BuildContext | undefined): ArtifactFigure {
  const dependencies = cargoDependencies(context);
  const sum = (pick: 'value' | 'low' | 'high') => K.rustBinaryBase[pick] + dependencies * K.rustPerDependency[pick];
  return { bytes: Math.round(sum('value')), low: Math.round(sum('low')), high: Math.round(sum('high')), ratio: CONTENT_RATIO.binary, detail: `Rust release binary model: ${dependencies} dependencies in Cargo.toml${provenance('rustBinaryBase', ...(dependencies ? (['rustPerDependency'] as const) : []))}` };
}

function packageJson(context: BuildContext | undefined): { dependencies: number; devDependencies: number } | undefined {
  const text = readContextText(context, findContextFiles(context, 'package.json')[0] ?? 'package.json');
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as { dependencies?: object; devDependencies?: object };
    return { dependencies: Object.keys(parsed.dependencies ?? {}).length, devDependencies: Object.keys(parsed.devDependencies ?? {}).length };
  } catch {
    return undefined;
  }
}

/** Packages a package-lock.json installs (v2/v3 `packages`; without dev ones for a production install). */
/** The package names a package-lock.json installs (v2/v3 `packages`; without dev ones for a production install). */
function lockedPackages(context: BuildContext | undefined, production: boolean): string[] | undefined {
  const text = readContextText(context, findContextFiles(context, 'package-lock.json')[0] ?? 'package-lock.json');
  if (!text) return undefined;
  try {
    const lock = JSON.parse(text) as { packages?: Record<string, { dev?: boolean }> };
    if (!lock.packages) return undefined;
    return Object.entries(lock.packages)
      .filter(([key, entry]) => key.includes('node_modules/') && !(production && entry.dev))
      .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
  } catch {
    return undefined;
  }
}

export function nodeModules(context: BuildContext | undefined, production: boolean): ArtifactFigure {
  const locked = lockedPackages(context, production);
  if (locked !== undefined) {
    // Packages far above the average by their measured size (server/data/npm-package-sizes.json), the rest by the average.
    const heavy = locked.filter((name) => NPM_TABLE.packages[name]);
    const per = K.npmPerLockedPackage;
    const sum = (pick: 'value' | 'low' | 'high') => (locked.length - heavy.length) * per[pick] + heavy.reduce((total, name) => total + NPM_TABLE.packages[name].bytes * K.npmHeavySpread[pick], 0);
    // The lock lists every package node_modules will hold: no separate base (npmBase is for package.json alone).
    return {
      bytes: Math.round(sum('value')),
      low: Math.round(sum('low')),
      high: Math.round(sum('high')),
      ratio: CONTENT_RATIO.sources,
      detail: `node_modules model: ${locked.length} ${production ? 'production ' : ''}packages in package-lock.json${heavy.length ? ` (${heavy.length} of them sized from the measured table: ${heavy.slice(0, 5).join(', ')}${heavy.length > 5 ? ', …' : ''})` : ''}${provenance('npmPerLockedPackage')}`,
    };
  }
  const manifest = packageJson(context);
  const count = manifest ? manifest.dependencies + (production ? 0 : manifest.devDependencies) : K.npmGuessedDependencies.value;
  const figure = npmInstallSize(count);
  return { ...figure, ratio: CONTENT_RATIO.sources, detail: `node_modules model: ${manifest ? `${count} ${production ? 'production ' : ''}dependencies in package.json` : 'no package.json found'}` };
}

export function nodeBuildOutput(context: BuildContext | undefined): ArtifactFigure {
  const sources = (context?.files ?? []).filter((file) => /^(src|app|pages|components|lib)\//.test(file.path)).reduce((sum, file) => sum + file.size, 0);
  const sum = (pick: 'value' | 'low' | 'high') => K.buildOutputBase[pick] + sources * K.buildOutputPerSourceByte[pick];
  return { bytes: Math.round(sum('value')), low: Math.round(sum('low')), high: Math.round(sum('high')), ratio: CONTENT_RATIO.sources, detail: `build output model: ${Math.round(sources / 1000)} kB of sources${provenance('buildOutputBase', 'buildOutputPerSourceByte')}` };
}

/** Bytes and count of the build context's source files with these endings (bounded by the context walk). */
export function sourceBytes(context: BuildContext | undefined, endings: RegExp): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const file of context?.files ?? []) {
    if (!endings.test(file.path)) continue;
    bytes += file.size;
    files++;
  }
  return { bytes, files };
}

const C_SOURCES = /\.(c|cc|cpp|cxx|h|hpp)$/;
const JAVA_SOURCES = /\.java$/;

/** Whether the Makefile or the build command asks for debug info (`-g`). */
function cDebug(context: BuildContext | undefined, commands: string): boolean {
  const makefile = readContextText(context, findContextFiles(context, 'Makefile')[0] ?? 'Makefile') ?? '';
  return /(^|\s)-g(gdb|[0-3])?(\s|$)/m.test(`${makefile}\n${commands}`);
}

/** The C/C++ binary a make or gcc build links: a floor plus what its sources add. */
export function cBinary(context: BuildContext | undefined, commands: string): ArtifactFigure {
  const sources = sourceBytes(context, C_SOURCES);
  const per = cDebug(context, commands) ? K.cBinaryDebugPerSourceByte : K.cBinaryPerSourceByte;
  const sum = (pick: 'value' | 'low' | 'high') => K.cBinaryFloor[pick] + sources.bytes * per[pick];
  return { bytes: Math.round(sum('value')), low: Math.round(sum('low')), high: Math.round(sum('high')), ratio: CONTENT_RATIO.binary, detail: `C binary model: ${Math.round(sources.bytes / 1000)} kB of C sources${per === K.cBinaryDebugPerSourceByte ? ', -g' : ''}${provenance('cBinaryFloor')}` };
}

/** What `make` leaves in the layer: the object files and the binary (the sources are already there). */
export function cBuildOutputs(context: BuildContext | undefined, commands: string): ArtifactFigure & { files: number } {
  const sources = sourceBytes(context, /\.(c|cc|cpp|cxx)$/);
  const debug = cDebug(context, commands);
  const objects = (pick: 'value' | 'low' | 'high') => sources.bytes * K.cObjectsPerSourceByte[pick] * (debug ? K.cDebugInfo[pick] : 1);
  const binary = cBinary(context, commands);
  return {
    bytes: Math.round(objects('value') + binary.bytes), low: Math.round(objects('low') + binary.low), high: Math.round(objects('high') + binary.high),
    ratio: CONTENT_RATIO.binary, files: sources.files + 1,
    detail: `C build model: ${sources.files} sources (${Math.round(sources.bytes / 1000)} kB) → objects and a binary${debug ? ', -g' : ''}${provenance('cObjectsPerSourceByte')}`,
  };
}

/** Class files javac writes for the build context's Java sources. */
export function javaClasses(context: BuildContext | undefined): ArtifactFigure & { files: number } {
  const sources = sourceBytes(context, JAVA_SOURCES);
  const per = K.javaClassesPerSourceByte;
  return { bytes: Math.round(sources.bytes * per.value), low: Math.round(sources.bytes * per.low), high: Math.round(sources.bytes * per.high), ratio: CONTENT_RATIO.binary, files: sources.files, detail: `javac model: ${sources.files} Java sources (${Math.round(sources.bytes / 1000)} kB)${provenance('javaClassesPerSourceByte')}` };
}

/** A jar made with the `jar` tool from the project's classes (no build tool, no dependencies). */
export function plainJar(context: BuildContext | undefined): ArtifactFigure {
  const classes = javaClasses(context);
  const per = K.jarPerClassByte;
  return { bytes: Math.round(classes.bytes * per.value), low: Math.round(classes.low * per.low), high: Math.round(classes.high * per.high), ratio: 1, detail: `jar of ${classes.files} Java sources' classes${provenance('jarPerClassByte')}` };
}

export function jarFile(context: BuildContext | undefined): ArtifactFigure {
  const pom = readContextText(context, findContextFiles(context, 'pom.xml')[0] ?? 'pom.xml') ?? '';
  const gradle = readContextText(context, findContextFiles(context, 'build.gradle')[0] ?? 'build.gradle') ?? readContextText(context, findContextFiles(context, 'build.gradle.kts')[0] ?? 'build.gradle.kts') ?? '';
  const dependencies = (pom.match(/<dependency>/g)?.length ?? 0) + (gradle.match(/^\s*(implementation|api|runtimeOnly|compile)\b/gm)?.length ?? 0);
  const springBoot = /spring-boot/.test(pom + gradle);
  const base = springBoot ? K.jarSpringBoot : K.jarBase;
  const sum = (pick: 'value' | 'low' | 'high') => base[pick] + dependencies * K.jarPerDependency[pick];
  return { bytes: Math.round(sum('value')), low: Math.round(sum('low')), high: Math.round(sum('high')), ratio: 1, detail: `jar model: ${dependencies} dependencies${springBoot ? ', Spring Boot' : ''}${provenance(springBoot ? 'jarSpringBoot' : 'jarBase', ...(dependencies ? (['jarPerDependency'] as const) : []))}` };
}

export function pythonEnvironment(context: BuildContext | undefined): ArtifactFigure {
  const requirements = readContextText(context, findContextFiles(context, 'requirements.txt')[0] ?? 'requirements.txt');
  const names = requirements ? requirementNames(requirements) : [];
  const figure = pipInstallSize(names);
  const base = K.venvBase; // pip and setuptools in a venv
  return { bytes: figure.bytes + base.value, low: figure.low + base.low, high: figure.high + base.high, ratio: CONTENT_RATIO.sources, detail: `virtualenv model: ${names.length} requirements${figure.unknown.length ? ` (${figure.unknown.length} not in the table)` : ''}${provenance('venvBase')}` };
}

export function requirementNames(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.replace(/#.*/, '').trim()).filter((line) => line && !line.startsWith('-'));
}

/** A model for what `COPY --from=<stage> <path>` copies, chosen by the path and the stage's commands. */
export function modelArtifact(sourcePath: string, stageCommands: string, context: BuildContext | undefined): ArtifactFigure {
  const lower = sourcePath.toLowerCase();
  const stripped = /-ldflags[= ]+["']?[^"']*-s\b[^"']*-w|-ldflags[= ]+["']?[^"']*-w\b[^"']*-s/.test(stageCommands);
  if (/node_modules/.test(lower)) return nodeModules(context, /--omit[= ]dev|--production|--only[= ]prod|prune/.test(stageCommands));
  if (/(venv|site-packages|\.local|\/opt\/python|wheels?)(\/|$)/.test(lower)) return pythonEnvironment(context);
  if (/\.jar$/.test(lower) && /(^|\s)jar\s/.test(stageCommands) && !/mvn|gradle|maven/.test(stageCommands)) return plainJar(context);
  if (/\.jar$|\/libs?\/?$|\/target\/?$/.test(lower) && /mvn|gradle|maven|jar/.test(stageCommands)) return jarFile(context);
  if (/target\/(release|debug|[a-z0-9_-]+-unknown-linux-[a-z]+\/release)\//.test(lower) || /cargo (build|install)/.test(stageCommands)) return rustBinary(context);
  if (/go (build|install)/.test(stageCommands) && !/\/(dist|build|public|static|out)(\/|$)/.test(lower)) return goBinary(context, stripped);
  if (/(^|\/)(dist|build|out|\.next|public|static|www)(\/|$)/.test(lower)) return nodeBuildOutput(context);
  if (/(^|[\s;&|])(make|gcc|g\+\+|cc|clang)(\s|$)/m.test(stageCommands) && sourceBytes(context, C_SOURCES).files > 0) return cBinary(context, stageCommands);
  return { bytes: K.unknownArtifact.value, low: K.unknownArtifact.low, high: K.unknownArtifact.high, ratio: CONTENT_RATIO.binary, detail: `unknown build output: a generic guess${provenance('unknownArtifact')}` };
}
