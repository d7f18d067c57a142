/**
 * The split of one build-and-run stage, decided from what the running container needs (see
 * runtimeNeeds) rather than from where an instruction stands:
 * - the builder keeps the original stage (named `builder`), in a cache-friendly order;
 * - the runtime stage, on a base of the same family and release (runtimeBase), reinstalls the
 *   packages that are not build-only, repeats user and directory set-up, copies what the
 *   command runs (buildOutputs) and what the app reads, and replays the rest in original order;
 * - every inference that may not hold is an assumption, shown as a labelled change in the
 *   refactor preview; what cannot be known is a `TODO(stagecraft)` comment in the result.
 */
import * as path from 'node:path';
import type { Instruction } from '../../model/scanner';
import { commandText, isExecForm, simpleCommands, splitShell, type SimpleCommand } from '../../model/shellCommands';
import type { Stage, StageModel } from '../../model/stageModel';
import type { ContextFiles } from '../../workspace/contextFiles';
import { DockerIgnore } from '../../size/dockerignore';
import type { StackInfo } from '../../knowledge/stackDetection';
import { guessArtifact } from '../../knowledge/artifacts';
import { BASE_IMAGE_ENV, buildOutputs, expandStageVariables, stageVariable, type BuildOutput } from '../../knowledge/buildOutputs';
import { cacheFriendlyOrder } from './cacheOrder';
import { stageChunks, type Chunk } from './chunks';
import { BASE_PROGRAMS, CA_ROOT_TOOLCHAIN_IMAGES, FULL_IMAGE_PROGRAMS, HEADERS_ONLY, installedPackages, installLine, isBuildOnlyPackage, packageName, PROGRAM_PACKAGES, runtimeLibraryOf, type PackageManager } from '../../knowledge/packageRoles';
import { chooseRuntimeBase, newerGccThanRelease, type BaseRequest, type RuntimeBase } from '../../knowledge/runtimeBase';
import { analyzeRuntimeNeeds, contextSourceOf, throughScripts, type ProgramUse, type RuntimeNeeds } from '../../knowledge/runtimeNeeds';
import { devDependenciesImported } from '../../knowledge/nodeImports';
import { binsOf, globalInstalls } from '../../knowledge/globalPackages';
import { parseFlags } from '../../model/flags';
import { resolveIn } from '../../model/workdir';
import { imageWorkdir, stageWorkdirBefore, workdirOfImage } from '../../knowledge/imageWorkdir';
import { fullImageLibraries } from '../../knowledge/appLibraries';

export interface Assumption {
  id: string;
  /** Short label shown in the refactor preview. */
  label: string;
  /** The reason, shown as the change's description. */
  detail: string;
}

/** A piece of the new text: an original instruction chunk kept verbatim, or generated lines. */
export type Piece = { chunk: number } | { lines: string[]; assumption?: string };

export interface SplitPlan {
  builderName: string;
  /** Pieces of the builder after its FROM (chunk 0 is the FROM, renamed). */
  builder: Piece[];
  /** Pieces of the runtime stage, its FROM first. */
  runtime: Piece[];
  assumptions: Assumption[];
  base: RuntimeBase;
  needs: RuntimeNeeds;
}

export type SplitDecision = { plan: SplitPlan } | { refused: string };

export const ARTIFACT_PLACEHOLDER = '<artifact>';
export const TODO_MARK = 'TODO(stagecraft)';

/** Where the builder sets aside the context's optional .env for the runtime. */
const ENV_STASH = '/tmp/stagecraft-dotenv';

/** Variables only the toolchain reads: they stay in the builder unless the runtime expands them. */
const TOOLCHAIN_VARIABLE = /^(GO(?!OGLE)[A-Z0-9]*|CGO_[A-Z_]+|CARGO_[A-Z_]+|RUSTFLAGS|RUSTDOCFLAGS|RUSTC(_WRAPPER)?|RUSTUP_[A-Z_]+|npm_config_[A-Za-z_]+|NPM_[A-Z_]+|YARN_[A-Z_]+|PNPM_[A-Z_]+|PIP_[A-Z_]+|POETRY_[A-Z_]+|UV_[A-Z_]+|MAVEN_[A-Z_]+|MAVEN_OPTS|GRADLE_[A-Z_]+|DOTNET_CLI_[A-Z_]+|DOTNET_NOLOGO|NUGET_[A-Z_]+|DEBIAN_FRONTEND|CC|CXX|CFLAGS|LDFLAGS|MAKEFLAGS|PIPENV_[A-Z_]+)$/;


/**
 * The variables a tool reads when the running container calls it (`poetry run` needs
 * POETRY_CACHE_DIR to find its virtualenv): these go to the runtime too.
 */
const TOOL_VARIABLES: Record<string, RegExp> = {
  poetry: /^POETRY_/, pipenv: /^PIPENV_/, uv: /^UV_/, pip: /^PIP_/, pip3: /^PIP_/,
  npm: /^(npm_config_|NPM_)/i, npx: /^(npm_config_|NPM_)/i, yarn: /^YARN_/, pnpm: /^PNPM_/, dotnet: /^(DOTNET_|NUGET_)/,
};

/** Files of a working directory that only the build reads (sources, manifests, VCS, docs). */
const BUILD_ONLY_FILE = /^(Dockerfile.*|Containerfile.*|.*\.dockerfile|.*\.containerfile|Makefile|makefile|GNUmakefile|CMakeLists\.txt|go\.(mod|sum|work)|Cargo\.(toml|lock)|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradlew(\.bat)?|mvnw(\.cmd)?|.*\.(go|rs|c|h|cc|cpp|hpp|cxx|java|kt|kts|scala|cs|fs|vb|csproj|fsproj|sln|props|targets|md|rst|adoc|o|a|mk)|README.*|LICEN[CS]E.*|Jenkinsfile|heroku\.yml|app\.json|fly\.toml|render\.yaml|vercel\.json|netlify\.toml|runtime\.txt|.*\.env\.(example|sample)|sample\.env|env\.example|.*\.(zip|tar|tgz|gz|log|docx|pptx|odt|diff|patch)|.*\.postman_collection\.json|SECURITY.*|CODEOWNERS|CHANGELOG.*|CONTRIBUTING.*|NOTICE.*|AUTHORS.*|docker-compose.*\.ya?ml|compose\.ya?ml|package(-lock)?\.json|tsconfig.*\.json|yarn\.lock|pnpm-lock\.yaml|requirements.*\.txt|setup\.(py|cfg)|pyproject\.toml|poetry\.lock|Pipfile(\.lock)?|uv\.lock|renovate\.json|codecov\.ya?ml|Procfile|.*\.(sh|bash|ps1|bat)|vendor\/|target\/|build\/|bin\/|obj\/|out\/|dist\/|node_modules\/|src\/|cmd\/|internal\/|pkg\/|test\/|tests\/|testdata\/|docs?\/|examples?\/|scripts\/|hack\/|tools\/|ci\/|deploy\/|charts?\/|helm\/|k8s\/|kubernetes\/|\.github\/|benches\/|benchmarks?\/|screenshots?\/|postman\/|api\/|proto\/|third_party\/|gradle\/|\.mvn\/)$/i;

/**
 * Dotfiles of tools, editors, CI and version control: build-only. Another dotfile may be the app's
 * own (`.apiConfig` read from the working directory) and is copied like any other data file.
 */
const TOOLING_DOTFILE = /^\.(git\/?|gitignore|gitattributes|gitmodules|gitkeep|gitlab-ci\.ya?ml|github\/|gitlab\/|dockerignore|editorconfig|vscode\/|idea\/|vs\/|fleet\/|devcontainer\/|circleci\/|travis\.ya?ml|husky\/|DS_Store|nvmrc|node-version|python-version|ruby-version|java-version|go-version|tool-versions|sdkmanrc|npmrc|yarnrc(\.ya?ml)?|yarn\/|pnp\.c?js|pnpm-store\/|golangci\.ya?ml|goreleaser\.ya?ml|air\.toml|pre-commit-config\.yaml|pre-commit-hooks\.yaml|flake8|pylintrc|coveragerc|rspec|rubocop.*|gradle\/|cargo\/|mvn\/|rustfmt\.toml|clang-format|clang-tidy|clangd|hadolint\.ya?ml|markdownlint.*|commitlint.*|releaserc.*|changeset\/|storybook\/|cache\/|next\/|nuxt\/|svelte-kit\/|parcel-cache\/|terraform\/|vercel\/|netlify\/|firebaserc|mailmap|codeclimate\.ya?ml|snyk|sonarcloud\.properties|readthedocs\.ya?ml|dependabot\/|pytest_cache\/|mypy_cache\/|ruff_cache\/|venv\/|tox\/|nox\/|settings\/|project|classpath|metadata\/|replit|gitpod\.ya?ml|gitpod\.Dockerfile|env\.(example|sample|template|dist|defaults?|test|development|local\.example))$|^\.[\w.-]*(rc|rc\.[\w]+|ignore|lintrc.*|config\.(js|cjs|mjs|ts))$/i;

const isBuildOnlyFile = (name: string): boolean => BUILD_ONLY_FILE.test(name) || TOOLING_DOTFILE.test(name);

/** A library that loads `.env` (godotenv, viper, dotenv/dotenvy, dotenv-java, DotNetEnv), in a manifest. */
const DOTENV_LIBRARY = /github\.com\/joho\/godotenv|github\.com\/subosito\/gotenv|github\.com\/spf13\/viper|^\s*dotenvy?\s*=|dependencies\.dotenvy?\]|dotenv-java|spring-dotenv|DotNetEnv/m;

/** The app may read a `.env`: a manifest names a library that loads it, or no manifest tells. */
function mayReadDotenv(context: ContextFiles): boolean {
  const manifests = ['go.mod', 'Cargo.toml', 'pom.xml', 'build.gradle', 'build.gradle.kts'].map((name) => context.read(name)).filter((text): text is string => text !== undefined);
  return manifests.length === 0 || manifests.some((text) => DOTENV_LIBRARY.test(text));
}

/** Sub-folders that hold code, not data, inside a source folder. */
const SOURCE_FOLDER = /^(internal|pkg|cmd|handlers?|models?|routes?|routers?|controllers?|services?|utils?|lib|api|middlewares?|config|db|store|types)\/$/;

type CommandKind = 'install' | 'housekeeping' | 'user' | 'setup' | 'other';

function program(argv: readonly string[]): string {
  const first = argv[0] ?? '';
  return first.slice(first.lastIndexOf('/') + 1);
}

function classifyRunCommand(command: SimpleCommand): CommandKind {
  const argv = command.argv;
  const name = program(argv);
  const sub = argv.slice(1).find((word) => !word.startsWith('-')) ?? '';
  if (installedPackages(argv)) return 'install';
  if (['apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf', 'dpkg-reconfigure', 'update-ca-certificates', 'true', ':', 'set', 'echo'].includes(name)) {
    if (name === 'echo' && command.redirectsTo.length > 0) return 'other';
    return 'housekeeping';
  }
  if (name === 'rm' && argv.slice(1).filter((word) => !word.startsWith('-')).every((word) => /^\/(var\/lib\/apt|var\/cache|tmp|root\/\.cache|var\/tmp|usr\/share\/(doc|man))/.test(word))) return 'housekeeping';
  if (['useradd', 'groupadd', 'adduser', 'addgroup', 'usermod'].includes(name)) return 'user';
  if (['mkdir', 'chown', 'chmod', 'ln', 'touch'].includes(name)) return 'setup';
  void sub;
  return 'other';
}

function isUnder(child: string, root: string): boolean {
  return child === root || root === '/' || child.startsWith(`${root.replace(/\/$/, '')}/`);
}

/** Non-flag arguments, the paths a set-up command acts on (`chown -R app:app /data` → [/data]). */
function setupTargets(command: SimpleCommand, dir: string): string[] {
  const argv = command.argv;
  const name = program(argv);
  const args = argv.slice(1).filter((word) => !word.startsWith('-'));
  const paths = name === 'chown' || name === 'chmod' ? args.slice(1) : name === 'ln' ? args.slice(-1) : args;
  return paths.map((word) => resolveIn(dir, word));
}

const PLACING = new Set(['cp', 'mv', 'install', 'ln']);

/** A command that puts files in place (`cp`, `mv`, `install`, `ln`): its operands, the last one the destination. */
function placement(command: SimpleCommand): { sources: string[]; destination: string } | undefined {
  if (!PLACING.has(program(command.argv))) return undefined;
  const operands = command.argv.slice(1).filter((word) => !word.startsWith('-'));
  const destination = operands.at(-1);
  return destination === undefined ? undefined : { sources: operands.slice(0, -1), destination };
}

/** Where `cp`/`mv` of relative sources (files of the context) put them: the destination, resolved; else undefined. */
function placedFiles(command: SimpleCommand, dir: string): string | undefined {
  const placed = placement(command);
  if (!placed || !['cp', 'mv'].includes(program(command.argv)) || placed.sources.length === 0) return undefined;
  if (command.argv.some((word) => word === '-t' || word.startsWith('--target-directory'))) return undefined;
  const { sources, destination } = placed;
  if (sources.some((source) => source.startsWith('/') || source.includes('$')) || destination.includes('$')) return undefined;
  // A source or build file put in place (`cp config.example.h config.h`) is the build's business.
  const name = path.posix.basename(destination.replace(/\/+$/, ''));
  if (isBuildOnlyFile(name) || isBuildOnlyFile(`${name}/`)) return undefined;
  return resolveIn(dir, destination);
}

function ownerOf(command: SimpleCommand): string | undefined {
  if (program(command.argv) !== 'chown') return undefined;
  return command.argv.slice(1).find((word) => !word.startsWith('-'));
}

/** The set-up command for the runtime: `mkdir` made idempotent (the copy may have created the folder). */
function runtimeSetupText(command: SimpleCommand): string {
  if (program(command.argv) === 'mkdir' && !command.argv.some((word) => /^-[a-z]*p/.test(word) || word === '--parents')) return command.text.replace(/^(\s*\S*mkdir)\b/, '$1 -p');
  return command.text;
}

interface Install {
  manager: PackageManager;
  name: string;
  index: number;
  virtual?: string;
  /** Where the package came from, when not the default repositories (`--repository=…`). */
  source?: string;
}

/** Packages the stage installs before the build, and what it removes again (`apk del .build-deps`, `apt-get purge`). */
function packageInstalls(instructions: readonly Instruction[], lastBuild: number): Install[] {
  const installs: Install[] = [];
  const removed = new Set<string>();
  for (let index = 1; index <= lastBuild; index++) {
    if (instructions[index].keyword !== 'RUN') continue;
    for (const command of simpleCommands(instructions[index])) {
      const found = installedPackages(command.argv);
      if (found) for (const name of found.packages) installs.push({ manager: found.manager, name: packageName(name), index, virtual: found.virtual, source: found.source });
      const argv = command.argv;
      const name = program(argv);
      const sub = argv.slice(1).find((word) => !word.startsWith('-'));
      if ((name === 'apk' && sub === 'del') || ((name === 'apt-get' || name === 'apt') && (sub === 'purge' || sub === 'remove')) || ((name === 'yum' || name === 'dnf') && sub === 'remove')) {
        for (const word of argv.slice(argv.indexOf(sub as string) + 1)) if (!word.startsWith('-')) removed.add(packageName(word));
      }
    }
  }
  return installs.filter((install) => !removed.has(install.name) && !(install.virtual && removed.has(install.virtual)));
}

function lastIndex(instructions: readonly Instruction[], keyword: string): number {
  for (let i = instructions.length - 1; i >= 0; i--) if (instructions[i].keyword === keyword) return i;
  return -1;
}

/** The argv the container starts, as Docker joins them: exec-form ENTRYPOINT + CMD (a shell-form CMD as `sh -c`). */
function mainCommand(instructions: readonly Instruction[]): SimpleCommand | undefined {
  const entryAt = lastIndex(instructions, 'ENTRYPOINT');
  const cmdAt = lastIndex(instructions, 'CMD');
  const first = (instruction: Instruction) => simpleCommands(instruction).find((command) => !['cd', 'export', 'set'].includes(program(command.argv)) && command.argv.length > 0);
  if (entryAt >= 0 && !isExecForm(instructions[entryAt])) return first(instructions[entryAt]);
  const entry = entryAt >= 0 ? first(instructions[entryAt]) : undefined;
  const cmd = cmdAt >= 0 ? (isExecForm(instructions[cmdAt]) ? first(instructions[cmdAt]) : { assignments: {}, argv: ['/bin/sh', '-c', commandText(instructions[cmdAt]).trim()], redirectsTo: [], piped: false, text: commandText(instructions[cmdAt]) }) : undefined;
  if (!entry) return cmd && cmd.argv[0] === '/bin/sh' && cmd.argv[1] === '-c' ? splitShell(cmd.argv[2]).find((command) => command.argv.length > 0) : cmd;
  return { ...entry, argv: [...entry.argv, ...(cmd?.argv ?? [])] };
}

/** `tini -- app`, `gosu user app`, `dumb-init app`, `sh -c "app"`: the program behind the wrapper. */
function unwrap(argv: readonly string[]): readonly string[] {
  const name = program(argv);
  if (name === 'tini' || name === 'dumb-init') {
    const at = argv.indexOf('--');
    return unwrap(argv.slice(at >= 0 ? at + 1 : 1));
  }
  if (name === 'gosu' || name === 'su-exec') return unwrap(argv.slice(2));
  if (/^(ba|da|a)?sh$/.test(name) && argv[1] === '-c' && argv[2] !== undefined) {
    const inner = splitShell(argv[2]).find((command) => command.argv.length > 0 && !['cd', 'export', 'set'].includes(program(command.argv)));
    return inner ? unwrap(inner.argv) : argv;
  }
  return argv;
}

/** The files the container runs: the program, the jar after `-jar`, a .dll or .jar argument. */
function runFiles(argv: readonly string[]): string[] {
  const files = argv.filter((word, i) => (i === 0 && word.includes('/')) || argv[i - 1] === '-jar' || /\.(jar|dll)$/.test(word));
  return [...new Set(files)];
}

/**
 * The last build instruction, extended to a RUN after it that puts the file the container runs in
 * place (`RUN cp build/libs/*.jar app.jar` after the gradle build): that step finishes the build.
 */
function placedAfterBuild(instructions: readonly Instruction[], lastBuild: number): number {
  const entry = mainCommand(instructions);
  if (lastBuild < 0 || !entry) return lastBuild;
  const workdir = stageWorkdirBefore(instructions, instructions.length);
  const targets = runFiles(unwrap(entry.argv)).map((word) => resolveIn(workdir, word));
  let last = lastBuild;
  for (let index = lastBuild + 1; index < instructions.length; index++) {
    if (instructions[index].keyword !== 'RUN') continue;
    let dir = stageWorkdirBefore(instructions, index);
    for (const command of simpleCommands(instructions[index])) {
      if (command.argv[0] === 'cd' && command.argv[1]) dir = resolveIn(dir, command.argv[1]);
      const destination = placement(command)?.destination;
      if (destination === undefined) continue;
      const full = resolveIn(dir, destination);
      if (targets.some((target) => target === full || (destination.endsWith('/') && path.posix.dirname(target) === full))) last = index;
    }
  }
  return last;
}

/**
 * The files the build names in its COPYs into `dir` (`COPY go.mod main.go config.yaml /app/`), as
 * image paths; undefined when a COPY brings a tree or a pattern there (what it holds is not known).
 */
function namedFilesCopiedInto(instructions: readonly Instruction[], dir: string, lastBuild: number, context: ContextFiles): string[] | undefined {
  const files: string[] = [];
  for (let index = 1; index <= lastBuild; index++) {
    const instruction = instructions[index];
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
    const { flags, rest } = parseFlags(instruction);
    if (flags.some((flag) => flag.name === 'from') || rest.length < 2) continue;
    if (rest[0].value.startsWith('[')) return undefined;
    const rawDestination = rest[rest.length - 1].value;
    const destination = resolveIn(stageWorkdirBefore(instructions, index), rawDestination);
    if (isUnder(dir, destination) && dir !== destination) return undefined;
    if (!isUnder(destination, dir)) continue;
    const sources = rest.slice(0, -1).map((word) => word.value);
    if (sources.some((source) => /[*?[]/.test(source) || source.endsWith('/') || /(^|\/)\.{1,2}$/.test(source) || source.split('/').includes('..') || /^https?:/.test(source))) return undefined;
    // A folder of sources (`COPY src ./src`) brings code; another folder, data the editor has not listed.
    const folders = sources.filter((source) => (context.list?.(source)?.length ?? 0) > 0 || (isBuildOnlyFile(`${path.posix.basename(source)}/`) && context.read(source) === undefined));
    if (folders.some((folder) => !isBuildOnlyFile(`${path.posix.basename(folder)}/`))) return undefined;
    if (folders.length > 0) continue;
    // Into an existing folder (or one named with a slash) each file keeps its name; `COPY a.txt /app/b.txt` renames.
    for (const source of sources) files.push(destination === dir || rawDestination.endsWith('/') || sources.length > 1 ? path.posix.join(destination, path.posix.basename(source)) : destination);
  }
  return files.length > 0 ? files : undefined;
}

const COMPILED = new Set(['go', 'rust', 'c']);

interface Copy {
  from: string;
  to: string;
  assumption?: string;
}

class PlanBuilder {
  readonly assumptions: Assumption[] = [];
  private readonly todos: string[] = [];

  assume(id: string, label: string, detail: string): string {
    if (!this.assumptions.some((assumption) => assumption.id === id)) this.assumptions.push({ id, label, detail });
    return id;
  }

  todo(text: string): void {
    if (!this.todos.includes(text)) this.todos.push(text);
  }

  get todoLines(): string[] {
    return this.todos.map((text) => `# ${TODO_MARK}: ${text}`);
  }
}

function languageRequest(info: StackInfo, stage: Stage, context: ContextFiles): BaseRequest {
  const web = info.stack === 'dotnet' && (stage.instructions.some((instruction) => instruction.keyword === 'EXPOSE' || /ASPNETCORE_/.test(instruction.line.text)) || info.buildCommands.some((command) => {
    const project = command.command.argv.find((word) => word.endsWith('.csproj'));
    return project ? /Microsoft\.NET\.Sdk\.Web/.test(context.read(project) ?? '') : false;
  }));
  return { kind: 'language', needsShell: true, languageVersion: info.languageVersion, web };
}

/** The directories of the default PATH, where a command called by name is found. */
const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Go modules that need cgo: with CGO_ENABLED=0 they build and then fail at runtime. */
const CGO_MODULES = /github\.com\/mattn\/go-sqlite3|confluent-kafka-go|github\.com\/(?:go-gl|veandco)\/|gopkg\.in\/qml|github\.com\/tecbot\/gorocksdb|github\.com\/DataDog\/zstd/;

export function planSplit(model: StageModel, stage: Stage, info: StackInfo, context: ContextFiles, builderName: string): SplitDecision {
  const instructions = stage.instructions;
  const lastBuild = placedAfterBuild(instructions, info.lastBuildInstruction >= 0 ? info.lastBuildInstruction : lastIndex(instructions, 'RUN'));
  const needs = analyzeRuntimeNeeds(instructions, lastBuild, context);
  if (needs.notSplittable) return { refused: needs.notSplittable };
  if (lastBuild < 0) return { refused: 'nothing is built in this stage' };
  const plan = new PlanBuilder();
  if (needs.devServer) plan.assume('dev-server', `the image runs a development server (${needs.devServer}): the runtime has the interpreter and the app's dependencies, not the compilers`, 'it serves the app as before; installing a package with native code inside the running container no longer works');
  const builderAt = stageWorkdirBefore(instructions, lastBuild);
  const runtimeWorkdir = needs.workdir;
  const entry = mainCommand(instructions);
  const baseEnv = BASE_IMAGE_ENV[info.base.shortName] ?? {};
  const entryArgv = entry ? unwrap(entry.argv).map((word) => expandStageVariables(instructions, word, instructions.length, baseEnv)) : [];
  const outputs = buildOutputs(instructions, lastBuild, context, baseEnv);
  const stack = info.stack;
  const ignore = new DockerIgnore(context.read('.dockerignore') ?? '');

  // ---- What the runtime copies from the builder.
  const copies: Copy[] = [];
  const addCopy = (copy: Copy) => {
    if (!copies.some((existing) => existing.from === copy.from && existing.to === copy.to)) copies.push(copy);
  };
  const copiedTrees = () => copies.map((copy) => copy.to);
  const scriptsCovered = (imagePath: string) => copiedTrees().some((tree) => isUnder(imagePath, tree));
  let kind: BaseRequest['kind'] = 'language';
  const producedBy = (name: string): BuildOutput | undefined => [...outputs].reverse().find((output) => path.posix.basename(output.path) === name);
  const producedAt = (full: string): BuildOutput | undefined => [...outputs].reverse().find((output) => output.path === full || isUnder(full, output.path));

  /** A file a COPY from the context puts in place after the build: that COPY is kept in the runtime. */
  const copiedAfterBuild = (full: string): boolean => {
    if (contextSourceOf(instructions, full, lastBuild + 1) !== undefined) return false;
    const source = contextSourceOf(instructions, full, instructions.length);
    return source !== undefined && context.exists(source);
  };
  /** A program the runtime runs that the build produced: copy it where the command finds it. */
  const copyProgram = (word: string, dir: string): boolean => {
    if (word.includes('/') ? copiedAfterBuild(resolveIn(dir, word)) : PATH_DIRS.some((pathDir) => copiedAfterBuild(`${pathDir}/${word}`))) return true;
    if (word.includes('/')) {
      const full = resolveIn(dir, word);
      const source = contextSourceOf(instructions, full, lastBuild + 1);
      // A file the context brings (a script) is no build output; one the context lacks was built.
      if (source !== undefined && context.exists(source) && !producedAt(full)) return false;
      const output = producedAt(full);
      addCopy({ from: full, to: full, assumption: output ? undefined : plan.assume('artifact-path', `${full} copied from the builder`, `the command runs ${full}; the build is expected to leave it there`) });
      return true;
    }
    const output = producedBy(word);
    if (!output) return false;
    const onPath = /^\/(usr\/local\/s?bin|usr\/s?bin|s?bin)\//.test(output.path);
    const to = onPath ? output.path : `/usr/local/bin/${word}`;
    addCopy({ from: output.path, to, assumption: onPath ? undefined : plan.assume(`on-path-${word}`, `${word} copied onto PATH (${to})`, `the command calls \`${word}\` by name; the build writes it to ${output.path} (${output.from}), on the builder's PATH only`) });
    return true;
  };

  let goStatic = false;
  const usesApk = instructions.some((instruction) => instruction.keyword === 'RUN' && simpleCommands(instruction).some((command) => program(command.argv) === 'apk'));
  if (COMPILED.has(stack) || (stack === 'unknown' && (outputs.length > 0 || info.installsCompiler))) {
    const entryWord = entryArgv[0];
    const found = entryWord ? copyProgram(entryWord, runtimeWorkdir) : false;
    if (!found) {
      const guess = info.artifact;
      const destination = entryWord ? (entryWord.includes('/') ? resolveIn(runtimeWorkdir, entryWord) : `/usr/local/bin/${entryWord}`) : `${runtimeWorkdir === '/' ? '/app' : runtimeWorkdir}/`;
      if (guess && !guess.path.includes('*') && entryWord && path.posix.basename(guess.path) === path.posix.basename(entryWord)) {
        addCopy({ from: guess.path, to: destination, assumption: plan.assume('artifact-guess', `artifact ${guess.path} (from the ${guess.source})`, `the build's output is read from the ${guess.source}; the command runs ${entryWord}`) });
      } else {
        plan.todo(`which file does the build produce for \`${entryWord ?? 'the command'}\`? Replace ${ARTIFACT_PLACEHOLDER} with its path in the builder stage.`);
        addCopy({ from: ARTIFACT_PLACEHOLDER, to: destination });
      }
    }
    // Other build outputs the runtime calls (a tool installed with `cargo install`, called by the entrypoint script).
    for (const use of needs.programs) if (use.program !== path.posix.basename(entryWord ?? '')) copyProgram(expandStageVariables(instructions, use.program, instructions.length, baseEnv), runtimeWorkdir);
    kind = stack === 'go' ? (info.goCgo === 'enabled' ? 'glibc' : 'static') : stack === 'rust' ? (info.rustTarget?.includes('musl') || info.baseLibc === 'musl' ? 'static' : 'glibc') : 'glibc';
    if (stack === 'c' && info.buildCommands.some((command) => command.command.argv.includes('-static'))) kind = 'static';
    // CGO flags set for the build (`CGO_CFLAGS=... go build`, in ENV or a Makefile): cgo is in use.
    const cgoFlags = /\bCGO_(CFLAGS|CPPFLAGS|CXXFLAGS|LDFLAGS)\b/.test(model.scanned.text.slice(stage.span.start, stage.span.end) + (context.read('Makefile') ?? ''));
    if (stack === 'go' && info.goCgo === 'default' && cgoFlags) kind = 'glibc';
    else if (stack === 'go' && info.goCgo === 'default') {
      const gosum = (context.read('go.sum') ?? '') + (context.read('go.mod') ?? '');
      if (CGO_MODULES.test(gosum)) kind = 'glibc';
      else goStatic = true;
    }
    if (stack === 'go' && (info.baseLibc === 'musl' || usesApk) && info.goCgo !== 'disabled' && !goStatic) kind = 'glibc';
  } else if (stack === 'static') {
    kind = 'site';
  }

  // Global packages (`npm i -g pnpm`): copied only when something at runtime runs them.
  const globals = stack === 'node' ? nodeGlobals(instructions, lastBuild, needs, plan, context) : undefined;
  const globalsLeft = globals && 'assumption' in globals ? globals : undefined;
  const globalsUsed = globals && 'copies' in globals ? globals : undefined;
  // Language stacks: the app folder with its dependencies, where the install really put them.
  const dependencyCopies = (): void => {
    const appDir = builderAt;
    if (appDir === '/') {
      plan.todo(`the app has no WORKDIR: replace ${ARTIFACT_PLACEHOLDER} with the folder holding it in the builder stage.`);
      addCopy({ from: ARTIFACT_PLACEHOLDER, to: '/app/' });
    } else addCopy({ from: appDir, to: appDir, assumption: stack === 'node' ? globalsLeft?.assumption : undefined });
    if (stack === 'python') pythonDependencies(instructions, lastBuild, info, plan, addCopy, needs, context);
    if (stack === 'node' && globalsUsed) for (const copy of globalsUsed.copies) addCopy(copy);
    if (stack === 'ruby') rubyGems(instructions, lastBuild, info, plan, addCopy, appDir);
  };
  if (stack === 'python' || stack === 'node' || stack === 'ruby') dependencyCopies();
  if (stack === 'java') javaCopies(entryArgv, runtimeWorkdir, info, plan, addCopy, context);
  if (stack === 'dotnet') dotnetCopies(entryArgv, runtimeWorkdir, info, plan, addCopy);
  if (stack === 'unknown' && copies.length === 0) {
    plan.todo(`Stagecraft does not know this stack (${info.base.reference}): replace ${ARTIFACT_PLACEHOLDER} with what the build produces.`);
    addCopy({ from: ARTIFACT_PLACEHOLDER, to: `${runtimeWorkdir === '/' ? '/app' : runtimeWorkdir}/` });
  }

  // Files the command names (`-c config/server.conf`, `--config=conf/app.ini`): they must be there.
  if (stack !== 'python' && stack !== 'node' && stack !== 'ruby' && stack !== 'static') {
    for (const word of entryArgv.slice(1)) {
      const value = word.startsWith('-') ? (word.includes('=') ? word.slice(word.indexOf('=') + 1) : '') : word;
      if (!/^[\w.][\w./-]*$/.test(value) || !(/\//.test(value) || /\.(conf|cfg|ini|json|ya?ml|toml|xml|properties|env|csv|txt|db|sqlite)$/.test(value)) || value.includes('..')) continue;
      if (/^\d+(\.\d+)*$/.test(value) || /^[\w-]+\.[\w-]+$/.test(value) && !/\.(conf|cfg|ini|json|ya?ml|toml|xml|properties|env|csv|txt|db|sqlite)$/.test(value)) continue;
      const full = resolveIn(runtimeWorkdir, value);
      if (copiedTrees().some((tree) => isUnder(full, tree)) || full.endsWith('.jar') || full.endsWith('.dll')) continue;
      const source = contextSourceOf(instructions, full, lastBuild + 1);
      if ((source !== undefined && context.exists(source)) || producedAt(full)) addCopy({ from: full, to: full, assumption: plan.assume('named-files', 'files the command names copied', `the command reads ${value}; the runtime keeps it at the same path`) });
      else if (source !== undefined) plan.todo(`the command names ${value}: copy it from the builder if the app needs it (it is not in the build context Stagecraft sees).`);
    }
  }

  // A tool built from source and installed (`make install`) next to an interpreted app: its files are the app's business.
  if (!COMPILED.has(stack) && stack !== 'unknown') {
    const installsFromSource = instructions.some((instruction, index) => index <= lastBuild && instruction.keyword === 'RUN' && simpleCommands(instruction).some((command) => (program(command.argv) === 'make' && command.argv.includes('install')) || (program(command.argv) === 'cmake' && command.argv.includes('--install')) || (program(command.argv) === 'ninja' && command.argv.includes('install'))));
    if (installsFromSource) plan.todo('a tool is built from source and installed (`make install`): copy from the builder the files the app uses (in /usr/local/bin, /usr/local/lib, /usr/local/share).');
  }

  // Scripts the container runs that the copies above do not bring.
  for (const imagePath of needs.scripts.keys()) {
    if (!scriptsCovered(imagePath)) addCopy({ from: imagePath, to: imagePath });
  }

  // Files a compiled app may read from its working directory (config, templates, data).
  let envStash: Piece | undefined;
  if ((COMPILED.has(stack) || stack === 'java' || stack === 'dotnet' || stack === 'unknown') && (runtimeWorkdir !== '/' || contextSourceOf(instructions, '/', lastBuild + 1) !== undefined)) {
    const contextDir = contextSourceOf(instructions, runtimeWorkdir, lastBuild + 1);
    const entries = contextDir !== undefined ? context.list?.(contextDir === '.' ? '.' : contextDir) : undefined;
    // A folder whose files, a few levels down, are all sources or build files (`core/server/*.go`): code, not data.
    const sourceOnly = (entry: string, depth = 0): boolean => {
      if (!entry.endsWith('/') || depth > 3) return false;
      const inside = context.list?.(path.posix.join(contextDir ?? '.', entry));
      return inside !== undefined && inside.length > 0 && inside.every((name) => isBuildOnlyFile(name) || (name.endsWith('/') && (SOURCE_FOLDER.test(name) || sourceOnly(path.posix.join(entry, name), depth + 1))));
    };
    const data = (entries ?? []).filter((entry) => !isBuildOnlyFile(entry) && !ignore.ignores(path.posix.join(contextDir ?? '.', entry)) && !sourceOnly(entry));
    const wanted = data.filter((entry) => !copiedTrees().some((tree) => isUnder(path.posix.join(runtimeWorkdir, entry.replace(/\/$/, '')), tree)));
    if (wanted.length > 0) {
      const id = plan.assume('cwd-files', `files of ${runtimeWorkdir} copied: ${wanted.join(', ')}`, `the app runs in ${runtimeWorkdir} and may read these files from there (config, templates, data); only sources and build files are left out`);
      for (const entry of wanted) {
        const full = path.posix.join(runtimeWorkdir, entry.replace(/\/$/, ''));
        addCopy({ from: full, to: full, assumption: id });
      }
    }
    const named = entries === undefined ? namedFilesCopiedInto(instructions, runtimeWorkdir, lastBuild, context) : undefined;
    if (named) {
      // Only files the build names are there: the data ones among them go along.
      const namedData = named.filter((file) => !isBuildOnlyFile(path.posix.basename(file)) && !copiedTrees().some((tree) => isUnder(file, tree)));
      const id = namedData.length > 0 ? plan.assume('cwd-files', `files of ${runtimeWorkdir} copied: ${namedData.map((file) => path.posix.relative(runtimeWorkdir, file)).join(', ')}`, `the app runs in ${runtimeWorkdir} and may read these files the build copies there; the sources and build files are left out`) : undefined;
      for (const file of namedData) addCopy({ from: file, to: file, assumption: id });
    } else if (entries === undefined) {
      if (COMPILED.has(stack) && contextDir !== undefined) plan.todo(`the app runs in ${runtimeWorkdir}: copy from the builder any file it reads there (config, templates, data).`);
    } else if ((COMPILED.has(stack) || stack === 'unknown') && !entries.includes('.env') && /^\/?\.env\b/m.test(context.read('.gitignore') ?? '') && !ignore.ignores(path.posix.join(contextDir ?? '.', '.env')) && mayReadDotenv(context)) {
      // A .env kept out of git is usually in the context the image is built from, and `COPY . .` brings it: the
      // builder sets it aside when there is one (a COPY of a missing file would fail), the runtime copies that folder.
      const id = plan.assume('dotenv', `the context's .env copied when there is one (${runtimeWorkdir}/.env)`, `.gitignore lists .env and the app uses a library that loads it; the original image has it when the build context does`);
      envStash = { lines: [`# The .env of the build context, when there is one: the runtime copies it.`, `RUN mkdir -p ${ENV_STASH} && if [ -f ${path.posix.join(runtimeWorkdir, '.env')} ]; then cp ${path.posix.join(runtimeWorkdir, '.env')} ${ENV_STASH}/; fi`], assumption: id };
      addCopy({ from: `${ENV_STASH}/`, to: `${runtimeWorkdir.replace(/\/$/, '')}/`, assumption: id });
    }
  }

  const runtimePaths = (): string[] => {
    const paths = [runtimeWorkdir];
    for (const instruction of instructions) {
      if (instruction.keyword === 'VOLUME' || instruction.keyword === 'WORKDIR') paths.push(...instruction.words.map((word) => word.value.replace(/^\[|\]$|^"|"$|,$/g, '')).filter((word) => word.startsWith('/')));
    }
    return paths;
  };
  // ---- User accounts and folders set up before the build, repeated in the runtime (mkdir made idempotent).
  const setupReplays = new Map<number, string[]>();
  instructions.forEach((instruction, index) => {
    if (instruction.keyword !== 'RUN' || index >= lastBuild) return;
    let dir = stageWorkdirBefore(instructions, index);
    const texts: string[] = [];
    const madeDirs: string[] = [];
    for (const command of simpleCommands(instruction)) {
      if (command.argv[0] === 'cd' && command.argv[1]) {
        dir = resolveIn(dir, command.argv[1]);
        continue;
      }
      const commandKind = classifyRunCommand(command);
      if (commandKind === 'user') texts.push(command.text);
      const placed = placedFiles(command, dir);
      // Files put in place before the build under a folder the runtime uses (`cp -r httptest var/www/html`): data the app reads.
      if (placed && runtimePaths().some((used) => used !== '/' && isUnder(placed, used)) && !copiedTrees().some((tree) => tree !== ARTIFACT_PLACEHOLDER && isUnder(placed, tree))) {
        addCopy({ from: placed, to: placed, assumption: plan.assume('placed-files', `files put in place before the build copied: ${placed}`, `\`${command.text.trim()}\` fills ${placed} before the build, under a folder the running container uses`) });
      }
      if (commandKind !== 'setup') continue;
      const targets = setupTargets(command, dir);
      const inCopies = targets.every((target) => copiedTrees().some((tree) => tree !== ARTIFACT_PLACEHOLDER && isUnder(target, tree)));
      if (inCopies) continue;
      const name = program(command.argv);
      if (name === 'mkdir') {
        madeDirs.push(...targets);
        // WORKDIR and VOLUME create their folders themselves.
        if (targets.every((target) => runtimePaths().some((used) => isUnder(used, target)))) continue;
        texts.push(runtimeSetupText(command));
      } else if (targets.every((target) => madeDirs.some((made) => isUnder(target, made)) || runtimePaths().some((used) => isUnder(used, target) || (isUnder(target, used) && contextSourceOf(instructions, target, index) === undefined)))) {
        // (A file the context brought that the runtime does not copy, `chmod +x ./gradlew`, is not there to set up.)
        texts.push(command.text);
      }
    }
    if (texts.length > 0) setupReplays.set(index, texts);
  });

  // ---- Packages: build-only ones stay; the rest, and what runtime programs need, are reinstalled.
  const installs = packageInstalls(instructions, lastBuild);
  const usedPrograms = new Set(needs.programs.map((use) => use.program));
  const runtimePackages: string[] = [];
  const dropped: string[] = [];
  const linkedLibraries: string[] = [];
  const keptHeaders: string[] = [];
  // Native code is compiled here (a compiler installed, or a compiled stack): it may link -dev libraries.
  const nativeBuild = info.installsCompiler || COMPILED.has(stack) || installs.some((install) => /^(build-essential|build-base|gcc|g\+\+|clang|make|cmake)$/.test(install.name)) || Boolean(info.shippedToolchain);
  for (const install of installs) {
    const provides = Object.entries(PROGRAM_PACKAGES).filter(([, names]) => names.apt === install.name || names.apk === install.name).map(([name]) => name);
    const used = usedPrograms.has(install.name) || provides.some((name) => usedPrograms.has(name));
    if (isBuildOnlyPackage(install.name, stack) && !used) {
      // Headers go; the library a compiled extension or binary links stays (not for static binaries).
      const library = runtimeLibraryOf(install.name, install.manager);
      const linking = !(COMPILED.has(stack) && kind === 'static') && /-(dev|devel)$/.test(install.name) && !HEADERS_ONLY.has(install.name);
      if (linking && !library && nativeBuild) {
        // Its library's package name is not known here: the headers stay, they bring the library.
        if (!runtimePackages.includes(install.name)) runtimePackages.push(install.name);
        keptHeaders.push(install.name);
        continue;
      }
      if (!dropped.includes(install.name)) dropped.push(install.name);
      if (linking && library && !runtimePackages.includes(library)) {
        runtimePackages.push(library);
        linkedLibraries.push(`${library} (for ${install.name})`);
      }
    } else if (!runtimePackages.includes(install.name)) runtimePackages.push(install.name);
  }
  const managers = [...new Set(installs.map((install) => install.manager))];
  const runtimeRuns = instructions.some((instruction, index) => index > lastBuild && instruction.keyword === 'RUN');
  const userSetup = instructions.some((instruction, index) => index <= lastBuild && instruction.keyword === 'RUN' && simpleCommands(instruction).some((command) => classifyRunCommand(command) === 'user'));
  const needsShell = Boolean(needs.shell) || runtimePackages.length > 0 || runtimeRuns || userSetup || setupReplays.size > 0;

  // ---- The runtime base.
  const managerUsed = installs[0]?.manager ?? (usesApk ? 'apk' : undefined);
  const request: BaseRequest = kind === 'language' ? { ...languageRequest(info, stage, context), managerUsed } : { kind, needsShell, languageVersion: info.languageVersion, managerUsed };
  const base = chooseRuntimeBase(stage.expandedBase || stage.base, request);
  for (const note of base.notes) plan.assume(`base-note-${plan.assumptions.length}`, note, note);
  if (stack === 'unknown' && base.image === info.base.reference.replace(/^docker\.io\/(library\/)?/, '') && dropped.length === 0) {
    return { refused: `Stagecraft does not know what this ${info.base.reference} stage builds, and a runtime on the same base would gain nothing` };
  }
  if (stack === 'unknown' && info.buildCommands.length === 0 && !info.installsCompiler) {
    return { refused: 'nothing is compiled in this stage (no build command, no compiler installed)' };
  }
  const manager = base.manager;
  const baseFamily = base.family === 'alpine' ? 'alpine' : base.family === 'debian' || base.family === 'ubuntu' ? 'debian' : undefined;

  // Programs the runtime calls that its base lacks: their packages, when we know them.
  const haveProgram = (name: string) => {
    if (baseFamily && BASE_PROGRAMS[baseFamily].has(name)) return true;
    if (runtimePackages.some((pkg) => pkg === name || PROGRAM_PACKAGES[name]?.apt === pkg || PROGRAM_PACKAGES[name]?.apk === pkg)) return true;
    if (copies.some((copy) => path.posix.basename(copy.to) === name || copy.to.endsWith('/bin') || copy.to === '/usr/local')) return true;
    return false;
  };
  const addedPackages: string[] = [];
  for (const use of needs.programs) {
    const name = use.program;
    if (haveProgram(name) || name === path.posix.basename(entryArgv[0] ?? '\0') && copies.length > 0 && !copies.some((copy) => copy.from === ARTIFACT_PLACEHOLDER)) continue;
    if (['node', 'npm', 'npx', 'yarn', 'corepack', 'python', 'python3', 'pip', 'java', 'dotnet', 'nginx'].includes(name) && kind !== 'static' && kind !== 'glibc') continue;
    const known = PROGRAM_PACKAGES[name];
    // Only what the original image had: a program the original lacked stays missing (same behaviour).
    const originalHad = FULL_IMAGE_PROGRAMS.has(name) && !/slim|alpine/.test(info.base.tag) && info.base.shortName !== 'debian' && info.base.shortName !== 'alpine' && info.base.shortName !== 'ubuntu';
    if (known && !originalHad) continue;
    if (known && manager && (manager === 'apt' || manager === 'apk')) {
      const pkg = known[manager];
      if (!runtimePackages.includes(pkg)) {
        runtimePackages.push(pkg);
        addedPackages.push(`${pkg} (${use.where} calls ${name})`);
      }
    } else if (!base.shell && ['sh', 'bash'].includes(name)) {
      // Handled by the base choice.
    } else if (kind !== 'language') {
      plan.todo(`\`${name}\` is called at runtime (${use.where}); check that ${base.image} has it.`);
    }
  }
  // Libraries of the full python/ruby image that the app's dependencies load (libpq for a psycopg2 or pg built from source).
  if ((stack === 'python' || stack === 'ruby') && manager === 'apt' && ['python', 'pypy', 'ruby'].includes(info.base.shortName) && !/slim|alpine/.test(info.base.tag) && /slim/.test(base.image)) {
    const appSource = contextSourceOf(instructions, builderAt, instructions.length) ?? '.';
    for (const library of fullImageLibraries(stack, context, appSource)) {
      if (runtimePackages.includes(library.pkg)) continue;
      runtimePackages.push(library.pkg);
      addedPackages.push(`${library.pkg} (${stack === 'ruby' ? 'the gem' : 'the package'} ${library.dependency} loads it; ${info.base.reference} had it)`);
    }
  }
  // A compiled binary on debian/ubuntu slim: the CA roots its toolchain image had (an HTTPS client fails without them).
  if ((kind === 'glibc' || kind === 'static') && manager === 'apt' && CA_ROOT_TOOLCHAIN_IMAGES.has(info.base.shortName) && !runtimePackages.includes('ca-certificates')) {
    runtimePackages.push('ca-certificates');
    addedPackages.push(`ca-certificates (the CA roots ${info.base.reference} had: a binary that speaks TLS reads them)`);
  }
  if (needs.bash && baseFamily === 'alpine' && !runtimePackages.includes('bash')) {
    runtimePackages.push('bash');
    addedPackages.push(`bash (${needs.bash})`);
  }

  // ---- Runtime user and ownership: the runtime repeats account creation; copies keep their owner.
  const userAt = (index: number) => {
    let user: string | undefined;
    for (let i = 1; i < index; i++) if (instructions[i].keyword === 'USER') user = instructions[i].words[0]?.value;
    return user;
  };
  const buildUser = userAt(lastBuild);
  const chowns: { owner: string; target: string }[] = [];
  instructions.forEach((instruction, index) => {
    if (index > lastBuild || instruction.keyword !== 'RUN') return;
    let dir = stageWorkdirBefore(instructions, index);
    for (const command of simpleCommands(instruction)) {
      if (command.argv[0] === 'cd' && command.argv[1]) dir = resolveIn(dir, command.argv[1]);
      const owner = ownerOf(command);
      if (owner) for (const target of setupTargets(command, dir)) chowns.push({ owner, target });
    }
  });
  const chownFor = (copy: Copy): string | undefined => {
    if (buildUser && !/^(root|0)(:.*)?$/.test(buildUser)) return buildUser;
    const owning = [...chowns].reverse().find((chown) => isUnder(copy.to, chown.target));
    return owning?.owner;
  };

  // ---- Routing of the original instructions.
  const runtimeTools = needs.programs.map((use) => use.program).filter((name) => name in TOOL_VARIABLES);
  const routes = instructions.map((instruction, index): 'builder' | 'runtime' | 'both' => {
    const keyword = instruction.keyword;
    if (index === 0) return 'builder';
    if (index === lastBuild) return 'builder';
    if (kind === 'site') return ['LABEL', 'MAINTAINER', 'STOPSIGNAL'].includes(keyword) ? 'runtime' : keyword === 'ENV' || keyword === 'ARG' || keyword === 'WORKDIR' || keyword === 'USER' ? 'builder' : index > lastBuild && !['CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK', 'RUN', 'COPY', 'ADD'].includes(keyword) ? 'runtime' : 'builder';
    if (['EXPOSE', 'VOLUME', 'LABEL', 'HEALTHCHECK', 'ENTRYPOINT', 'CMD', 'STOPSIGNAL', 'MAINTAINER', 'ONBUILD'].includes(keyword)) return 'runtime';
    if (index > lastBuild) return 'runtime';
    if (keyword === 'WORKDIR' || keyword === 'SHELL') return 'both';
    if (keyword === 'USER') return 'both';
    if (keyword === 'ENV') return envNames(instruction).every((name) => TOOLCHAIN_VARIABLE.test(name) && !runtimeTools.some((tool) => TOOL_VARIABLES[tool].test(name))) ? 'builder' : 'both';
    return 'builder';
  });

  // ---- The runtime stage, in the original order.
  const eolFree = (lines: string[]) => lines;
  const runtimePieces = (): Piece[] => {
    const pieces: Piece[] = [];
    if (runtimePackages.length > 0 && manager) {
      const reused = installs.filter((install) => runtimePackages.includes(install.name)).map((install) => install.name);
      if (linkedLibraries.length > 0) reused.push(...linkedLibraries.map((library) => `${library}: the library its headers link`));
      if (keptHeaders.length > 0) reused.push(`${keptHeaders.join(', ')} kept whole: the build may link their libraries, whose package names are not known here`);
      const id = plan.assume('packages', `${runtimePackages.join(', ')} reinstalled in the runtime`, `${reused.length > 0 ? `installed by the original stage and not build-only: ${reused.join(', ')}` : ''}${reused.length > 0 && addedPackages.length > 0 ? '; ' : ''}${addedPackages.length > 0 ? `called at runtime and missing from ${base.image}: ${addedPackages.join(', ')}` : ''}`);
      // Packages from another repository keep it.
      const sources = [...new Set(runtimePackages.map((name) => installs.find((install) => install.name === name)?.source))];
      const lines = sources.map((source) => installLine(manager, runtimePackages.filter((name) => installs.find((install) => install.name === name)?.source === source), source));
      pieces.push({ lines, assumption: id });
    } else if (runtimePackages.length > 0 && !manager) {
      plan.todo(`install in the runtime: ${runtimePackages.join(' ')} (${base.image} has no package manager).`);
    }
    if (managers.length > 0 && manager && !managers.includes(manager) && runtimePackages.length > 0) {
      plan.assume('manager-change', `packages installed with ${manager} instead of ${managers.join('/')}`, `the runtime base ${base.image} uses ${manager}; package names may differ`);
    }
    instructions.forEach((instruction, index) => {
      if (index === 0) return;
      const route = routes[index];
      if (index === lastBuild) {
        const copyLines = copies.map((copy) => {
          const owner = chownFor(copy);
          const paths = /\s/.test(copy.from + copy.to) ? JSON.stringify([copy.from, copy.to]).replace(/","/g, '", "') : `${copy.from} ${copy.to}`;
          return `COPY --from=${builderName}${owner ? ` --chown=${owner}` : ''} ${paths}`;
        });
        const todo = plan.todoLines;
        const grouped: Piece[] = [];
        if (todo.length > 0) grouped.push({ lines: todo });
        let current: { lines: string[]; assumption?: string } | undefined;
        copies.forEach((copy, i) => {
          const owner = chownFor(copy);
          const assumption = copy.assumption ?? (owner && owner !== buildUser ? plan.assume('chown', `copies owned by ${owner}`, `the original stage gives ${owner} the folders these files are in`) : undefined);
          if (!current || current.assumption !== assumption) {
            current = { lines: [], assumption };
            grouped.push(current);
          }
          current.lines.push(copyLines[i]);
        });
        pieces.push(...grouped);
        if (goStatic && kind === 'static' && !base.shell) {
          // Mentioned in the builder, where the line is.
        }
        return;
      }
      if (route === 'runtime' || route === 'both') {
        if (kind === 'site' && ['CMD', 'ENTRYPOINT'].includes(instruction.keyword)) return;
        pieces.push({ chunk: index });
        return;
      }
      const replay = setupReplays.get(index);
      if (replay) pieces.push({ lines: [`RUN ${replay.join(' \\\n    && ')}`], assumption: plan.assume('setup', 'user and folder set-up repeated in the runtime', 'the running container needs the accounts and folders the original stage created before its build') });
    });
    return pieces;
  };


  let pieces = runtimePieces();
  // Variables the runtime expands: their ARG/ENV travel along; the base image's well-known ones are set.
  const defined = (name: string) => instructions.some((instruction, index) => (instruction.keyword === 'ARG' || instruction.keyword === 'ENV') && (routes[index] === 'both' || routes[index] === 'runtime') && (instruction.keyword === 'ENV' ? envNames(instruction) : argNames(instruction)).includes(name));
  for (let round = 0; round < 3; round++) {
    const text = piecesText(pieces, instructions);
    const used = new Set([...text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]));
    let changed = false;
    instructions.forEach((instruction, index) => {
      if (routes[index] !== 'builder' || index === 0 || index >= lastBuild) return;
      const names = instruction.keyword === 'ENV' ? envNames(instruction) : instruction.keyword === 'ARG' ? argNames(instruction) : [];
      if (names.some((name) => used.has(name))) {
        routes[index] = 'both';
        changed = true;
      }
    });
    if (!changed) break;
    pieces = runtimePieces();
  }
  const finalText = piecesText(pieces, instructions);
  const envLines: string[] = [];
  for (const match of finalText.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = match[1];
    if (baseEnv[name] && !defined(name) && !envLines.some((line) => line.startsWith(`ENV ${name}=`))) envLines.push(`ENV ${name}=${baseEnv[name]}`);
  }
  const head: Piece[] = [{ lines: [`# Runtime: ${base.reason}.`, runtimeFrom(stage, base.image)] }];
  // The builder's base set the working directory (gradle: /home/gradle) and the stage names none, or a relative one: the runtime's base does not.
  const startDir = imageWorkdir(instructions);
  const firstWorkdir = instructions.find((instruction) => instruction.keyword === 'WORKDIR');
  if (kind !== 'site' && startDir !== '/' && workdirOfImage(base.image) !== startDir && !firstWorkdir?.words[0]?.value.startsWith('/')) {
    head.push({ lines: [`WORKDIR ${startDir}`], assumption: plan.assume('image-workdir', `working directory ${startDir} kept (set by ${info.base.reference})`, `${info.base.reference} sets WORKDIR ${startDir}, where the original stage builds and runs; ${base.image} does not`) });
  }
  // A C++ binary from the official gcc image: its GCC's runtime libraries, newer than the release's own.
  const newerGcc = stack === 'c' && kind === 'glibc' && buildsCxx(info, context) ? newerGccThanRelease(info.base) : undefined;
  if (newerGcc) {
    head.push({
      lines: [`COPY --from=${builderName} /usr/local/lib64/libstdc++.so.6 /usr/local/lib64/libgcc_s.so.1 /usr/local/lib64/`, 'ENV LD_LIBRARY_PATH=/usr/local/lib64'],
      assumption: plan.assume('gcc-runtime', `libstdc++ and libgcc_s of ${newerGcc.gcc} copied from the builder`, `${info.base.reference} builds with GCC from /usr/local; Debian ${newerGcc.release}'s libstdc++ is GCC ${newerGcc.releaseGcc}'s, older, and a C++ binary may need its newer symbols (GLIBCXX_…)`),
    });
  }
  if (envLines.length > 0) head.push({ lines: envLines, assumption: plan.assume('base-env', `${envLines.map((line) => line.slice(4).split('=')[0]).join(', ')} set as in ${info.base.reference}`, `the runtime instructions expand variables that ${info.base.reference} sets and ${base.image} does not`) });
  if (dropped.length > 0) plan.assume('dropped', `build-only packages left in the builder: ${dropped.join(', ')}`, 'nothing the container runs calls them; an app that calls them itself needs them added back');

  // ---- The builder: the original stage, cache-friendly, plus what the runtime's base asks of the build.
  const { chunks } = stageChunks(model, stage);
  const builderChunks = cacheFriendlyOrder(chunks.filter((chunk) => chunk.index > 0 && routes[chunk.index] !== 'runtime'), instructions, info, context);
  const builder: Piece[] = [];
  if (goStatic && kind === 'static') builder.push({ lines: ['# A static binary runs on the minimal base below.', 'ENV CGO_ENABLED=0'], assumption: plan.assume('cgo', 'Go built with CGO_ENABLED=0', 'the runtime base has no C library; no module in go.mod/go.sum is known to need cgo') });
  const epilogue = nodePrune(info, stack, context, plan, entry ? nodeRunFile(entry, context, contextSourceOf(instructions, builderAt, instructions.length) ?? '.') : undefined);
  for (const piece of builderChunks) {
    if ('generated' in piece) {
      builder.push({ lines: piece.generated, assumption: plan.assume('cache-order', 'dependency manifests copied before the sources', 'a source change no longer re-downloads the dependencies') });
      continue;
    }
    builder.push({ chunk: (piece as Chunk).index });
    if ((piece as Chunk).index === lastBuild && epilogue) builder.push(epilogue);
    if ((piece as Chunk).index === lastBuild && envStash) builder.push(envStash);
  }
  if (kind === 'site') pieces = sitePieces(instructions, lastBuild, info, builderName, plan, needs, context);
  void eolFree;
  return { plan: { builderName, builder, runtime: [...head, ...pieces], assumptions: plan.assumptions, base, needs } };
}

const CXX_COMPILERS = new Set(['g++', 'c++', 'clang++']);
const CXX_SOURCE = /\.(cpp|cc|cxx|c\+\+|C)$/;

/** The build compiles C++ (its commands, or the Makefile / CMakeLists.txt it runs): a C binary needs no libstdc++. */
function buildsCxx(info: StackInfo, context: ContextFiles): boolean {
  const commands = info.buildCommands.map((command) => command.command.argv);
  if (commands.some((argv) => CXX_COMPILERS.has(path.posix.basename(argv[0] ?? '')) || argv.some((word) => CXX_SOURCE.test(word)))) return true;
  const script = `${context.read('Makefile') ?? ''}\n${context.read('CMakeLists.txt') ?? ''}`;
  return /g\+\+|\bCXX\b|\.(cpp|cc|cxx)\b/.test(script);
}

function argNames(instruction: Instruction): string[] {
  return instruction.words.map((word) => word.value.split('=')[0]);
}

/** The names an ENV instruction sets (`ENV A=1 B=2` or the legacy `ENV A 1`). */
export function envNames(instruction: Instruction): string[] {
  const words = instruction.words;
  if (words.length > 0 && !words[0].value.includes('=')) return [words[0].value];
  return words.map((word) => word.value.split('=')[0]);
}

function piecesText(pieces: Piece[], instructions: readonly Instruction[]): string {
  return pieces.map((piece) => ('chunk' in piece ? instructions[piece.chunk].line.text + instructions[piece.chunk].heredocs.map((heredoc) => heredoc.body).join('\n') : piece.lines.join('\n'))).join('\n');
}

function runtimeFrom(stage: Stage, image: string): string {
  const platform = stage.platform && !/BUILDPLATFORM/.test(stage.platform) ? `--platform=${stage.platform} ` : '';
  return `FROM ${platform}${image}${stage.name ? ` AS ${stage.name}` : ''}`;
}

type AddCopy = (copy: Copy) => void;

/** Packaging tools pip installs for the build: not the app's dependencies. */
const PYTHON_TOOLS = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'hatch', 'pip', 'setuptools', 'wheel', 'virtualenv', 'poetry-plugin-export', 'pip-tools']);

/** Python dependencies where the install put them: system site-packages, --user, --prefix, --target, a venv, poetry's or pipenv's own venv. */
function pythonDependencies(instructions: readonly Instruction[], lastBuild: number, info: StackInfo, plan: PlanBuilder, addCopy: AddCopy, needs: RuntimeNeeds, context: ContextFiles): void {
  const version = /^(\d+\.\d+)/.exec(info.base.tag)?.[1];
  let system = false;
  const home = (index: number) => {
    const user = (() => {
      let found: string | undefined;
      for (let i = 1; i < index; i++) if (instructions[i].keyword === 'USER') found = instructions[i].words[0]?.value;
      return found;
    })();
    return stageVariable(instructions, 'HOME', index) ?? (user && !/^(root|0)/.test(user) ? `/home/${user.split(':')[0]}` : '/root');
  };
  for (const command of info.commands) {
    if (command.stack !== 'python' || command.instructionIndex > lastBuild) continue;
    const argv = command.command.argv;
    const env = (name: string) => command.command.assignments[name] ?? stageVariable(instructions, name, command.instructionIndex);
    const venvActive = Boolean(env('VIRTUAL_ENV')) || /\/(venv|\.venv|env)\/bin/.test(env('PATH') ?? '') || /^\/.*\/bin\/pip3?$/.test(argv[0] ?? '');
    // Installing a tool (uv, poetry, pipenv) is no dependency install.
    const installs = argv.slice(argv.indexOf('install') + 1).filter((word) => !word.startsWith('-'));
    if (command.tool === 'pip' && installs.length > 0 && installs.every((word) => PYTHON_TOOLS.has(word.replace(/[=<>~!\[].*$/, '').toLowerCase()))) continue;
    if (command.tool === 'pip') {
      const target = argv.find((word, i) => argv[i - 1] === '--target' || argv[i - 1] === '-t') ?? argv.find((word) => word.startsWith('--target='))?.slice(9);
      const prefix = argv.find((word, i) => argv[i - 1] === '--prefix') ?? argv.find((word) => word.startsWith('--prefix='))?.slice(9);
      if (target) addCopy({ from: resolveIn(command.dir, target), to: resolveIn(command.dir, target) });
      else if (prefix) addCopy({ from: resolveIn(command.dir, prefix), to: resolveIn(command.dir, prefix) });
      else if (argv.includes('--user')) addCopy({ from: `${home(command.instructionIndex)}/.local`, to: `${home(command.instructionIndex)}/.local` });
      else if (!venvActive) system = true;
      else {
        const venv = env('VIRTUAL_ENV') ?? directoryBeforeBin(argv[0].includes('/') ? argv[0] : env('PATH') ?? '');
        if (venv) addCopy({ from: venv, to: venv });
      }
    } else if (command.tool === 'uv') {
      if (argv.includes('--system')) system = true;
      else {
        const environment = env('UV_PROJECT_ENVIRONMENT') ?? env('VIRTUAL_ENV');
        if (environment) addCopy({ from: resolveIn(command.dir, environment), to: resolveIn(command.dir, environment) });
        // Else uv's .venv sits in the project folder, copied with the app.
        if (env('UV_PYTHON_INSTALL_DIR') || /python\s+install/.test(command.command.text)) plan.todo('uv installed its own Python: copy it (UV_PYTHON_INSTALL_DIR) too.');
      }
    } else if (command.tool === 'poetry') {
      const setting = (key: string) => poetrySetting(instructions, key, command, context);
      const truthy = (value: string | undefined) => value === 'true' || value === '1';
      const falsy = (value: string | undefined) => value === 'false' || value === '0';
      const activeVenv = env('VIRTUAL_ENV');
      if (falsy(setting('virtualenvs.create'))) system = !activeVenv;
      if (activeVenv) addCopy({ from: resolveIn(command.dir, activeVenv), to: resolveIn(command.dir, activeVenv) });
      else if (!falsy(setting('virtualenvs.create')) && !truthy(setting('virtualenvs.in-project'))) {
        const cacheHome = env('XDG_CACHE_HOME') ?? `${home(command.instructionIndex)}/.cache`;
        const cache = setting('cache-dir') ?? `${cacheHome}/pypoetry`;
        const venvs = setting('virtualenvs.path') ?? `${cache}/virtualenvs`;
        const full = resolveIn(command.dir, venvs.replace('{cache-dir}', cache));
        addCopy({ from: full, to: full, assumption: plan.assume('poetry-venv', `poetry's virtualenv copied (${full})`, `poetry creates the environment under ${full} (virtualenvs.path, from its cache dir); the runtime copies it`) });
      }
      // `poetry config` without --local writes the user's config.toml, which `poetry run` reads again at runtime.
      if (poetryConfigured(instructions, command.instructionIndex) && needs.programs.some((use) => use.program === 'poetry')) {
        const config = env('POETRY_CONFIG_DIR') ?? `${env('XDG_CONFIG_HOME') ?? `${home(command.instructionIndex)}/.config`}/pypoetry`;
        addCopy({ from: config, to: config, assumption: plan.assume('poetry-config', `poetry's configuration copied (${config})`, '`poetry config` set it in the build, and `poetry run` reads it again to find the environment') });
      }
    } else if (command.tool === 'pipenv') {
      if (argv.includes('--system')) system = true;
      else if (env('PIPENV_VENV_IN_PROJECT') !== '1' && env('PIPENV_VENV_IN_PROJECT') !== 'true') addCopy({ from: `${home(command.instructionIndex)}/.local/share/virtualenvs`, to: `${home(command.instructionIndex)}/.local/share/virtualenvs` });
    }
  }
  // A pip run straight from a `python -m venv` in a RUN (`/opt/venv/bin/pip`) or `VIRTUAL_ENV` without a pip call still holds the deps.
  instructions.forEach((instruction, index) => {
    if (index > lastBuild || instruction.keyword !== 'RUN') return;
    const venv = /(?:-m\s+venv|virtualenv)\s+(?:--?\S+\s+)*([^\s&;|]+)/.exec(commandText(instruction))?.[1];
    if (venv) {
      const full = resolveIn(stageWorkdirBefore(instructions, index), venv);
      addCopy({ from: full, to: full });
    }
  });
  // A dependency tool the command runs (`poetry run`, `pipenv run`, `uv run`): the tool travels too.
  const runsTool = needs.programs.find((use) => ['poetry', 'pipenv', 'uv', 'pdm', 'hatch'].includes(use.program));
  if (runsTool) {
    const toolHome = stageVariable(instructions, 'POETRY_HOME', lastBuild + 1);
    const pipInstalled = info.commands.some((command) => command.tool === 'pip' && command.command.argv.some((word) => word.replace(/[=<>~!\[].*$/, '').toLowerCase() === runsTool.program));
    if (runsTool.program === 'poetry' && toolHome && toolHome !== '/usr/local') addCopy({ from: toolHome, to: toolHome, assumption: plan.assume('tool-home', `poetry (${toolHome}) copied: the command runs it`, 'POETRY_HOME says where the installer put poetry') });
    else if (pipInstalled || toolHome === '/usr/local') system = true;
    else {
      const local = `${home(lastBuild + 1)}/.local`;
      addCopy({ from: local, to: local, assumption: plan.assume('tool-local', `${local} copied: ${runsTool.program} lives there`, `the command runs ${runsTool.program}, installed for the user (the installer's default place)`) });
    }
  }
  if (system) {
    const usesPoetryRun = Boolean(runsTool);
    if (version && !usesPoetryRun) {
      // The whole python3.X folder: site-packages on the official images, dist-packages on Debian's python3.
      const id = plan.assume('python-system', `/usr/local/lib/python${version} and /usr/local/bin copied (the packages pip installed system-wide and their console scripts)`, `pip installed into the system Python of ${info.base.reference}; ${'the slim variant has the same Python, so the packages and scripts carry over'}`);
      addCopy({ from: `/usr/local/lib/python${version}`, to: `/usr/local/lib/python${version}`, assumption: id });
      addCopy({ from: '/usr/local/bin', to: '/usr/local/bin', assumption: id });
    } else {
      addCopy({ from: '/usr/local', to: '/usr/local', assumption: plan.assume('python-local', '/usr/local copied (the Python installation with its packages and tools)', `pip installed into the system Python of ${info.base.reference}${version ? '; the command runs a tool installed there (poetry, pipenv)' : '; its version is not in the tag'}`) });
    }
  }
}

/** `poetry config <key> <value>` commands run before `before`: [key, value, local]. */
function poetryConfigCommands(instructions: readonly Instruction[], before: number): { key: string; value: string; local: boolean }[] {
  const found: { key: string; value: string; local: boolean }[] = [];
  for (let index = 1; index <= before && index < instructions.length; index++) {
    if (instructions[index].keyword !== 'RUN') continue;
    for (const command of simpleCommands(instructions[index])) {
      const argv = command.argv;
      if (program(argv) !== 'poetry' || !argv.includes('config')) continue;
      const words = argv.slice(argv.indexOf('config') + 1).filter((word) => !word.startsWith('-'));
      if (words.length >= 2) found.push({ key: words[0], value: words[1], local: argv.includes('--local') });
    }
  }
  return found;
}

function poetryConfigured(instructions: readonly Instruction[], before: number): boolean {
  return poetryConfigCommands(instructions, before).some((config) => !config.local);
}

/**
 * A poetry setting (`virtualenvs.in-project`, `cache-dir`...) as poetry resolves it for an install:
 * its POETRY_* variable, else the project's poetry.toml (`poetry config --local` or the file in the
 * context), else the user's config (`poetry config`).
 */
function poetrySetting(instructions: readonly Instruction[], key: string, install: { instructionIndex: number; command: SimpleCommand; dir: string }, context: ContextFiles): string | undefined {
  const variable = `POETRY_${key.toUpperCase().replace(/[.-]/g, '_')}`;
  const fromEnv = install.command.assignments[variable] ?? stageVariable(instructions, variable, install.instructionIndex);
  if (fromEnv !== undefined) return fromEnv.replace(/^['"]|['"]$/g, '');
  const commands = poetryConfigCommands(instructions, install.instructionIndex);
  const local = [...commands].reverse().find((config) => config.local && config.key === key);
  if (local) return local.value;
  const projectSource = contextSourceOf(instructions, `${install.dir.replace(/\/$/, '')}/poetry.toml`, install.instructionIndex);
  const file = projectSource ? context.read(projectSource) : undefined;
  if (file) {
    const [section, name] = key.includes('.') ? key.split('.', 2) : ['', key];
    let current = '';
    for (const line of file.split('\n')) {
      const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
      if (header) current = header[1].trim();
      const entry = /^\s*([\w.-]+)\s*=\s*"?([^"#\s]+)"?/.exec(line);
      if (entry && ((current === section && entry[1] === name) || (current === '' && entry[1] === key))) return entry[2];
    }
  }
  const global = [...commands].reverse().find((config) => !config.local && config.key === key);
  return global?.value;
}

/**
 * Where bundle install put the gems: GEM_HOME (/usr/local/bundle on the official ruby images, with
 * bundler's config), or a BUNDLE_PATH / `bundle config set path` outside the app folder.
 */
function rubyGems(instructions: readonly Instruction[], lastBuild: number, info: StackInfo, plan: PlanBuilder, addCopy: AddCopy, appDir: string): void {
  const variable = (name: string) => stageVariable(instructions, name, lastBuild + 1)?.replace(/^['"]|['"]$/g, '');
  let bundlePath = variable('BUNDLE_PATH');
  for (const command of info.commands) {
    if (command.tool !== 'bundler' || command.instructionIndex > lastBuild) continue;
    const argv = command.command.argv;
    const at = argv.indexOf('--path');
    if (at >= 0 && argv[at + 1]) bundlePath = argv[at + 1];
  }
  instructions.forEach((instruction, index) => {
    if (index > lastBuild || instruction.keyword !== 'RUN') return;
    for (const command of simpleCommands(instruction)) {
      const argv = command.argv;
      if (!['bundle', 'bundler'].includes(program(argv)) || !argv.includes('config')) continue;
      const words = argv.slice(argv.indexOf('config') + 1).filter((word) => !word.startsWith('-') && word !== 'set');
      if (words[0] === 'path' && words[1]) bundlePath = words[1];
    }
  });
  if (bundlePath) {
    const full = resolveIn(appDir, bundlePath);
    if (!isUnder(full, appDir)) addCopy({ from: full, to: full, assumption: plan.assume('ruby-bundle-path', `${full} copied (the gems, BUNDLE_PATH)`, 'bundle install put the gems there') });
  }
  const gemHome = variable('GEM_HOME') ?? (info.base.shortName === 'ruby' ? '/usr/local/bundle' : undefined);
  if (gemHome) addCopy({ from: gemHome, to: gemHome, assumption: plan.assume('ruby-gems', `${gemHome} copied (the gems, their executables and bundler's config)`, `GEM_HOME of ${info.base.reference}: bundle install puts the gems there, and the slim variant has the same Ruby to load them; a gem whose C extension links a system library the slim image lacks (other than the known ones: pg, mysql2, sqlite3, ImageMagick, curl) needs that library installed`) });
  else if (!bundlePath) plan.todo('where does bundle install put the gems on this base (`gem env home`)? Copy that folder from the builder too.');
}

/** Programs a Node runtime has without the build's global packages: the base image's and the shell's. */
const NODE_BASE_PROGRAMS = new Set(['node', 'nodejs', 'npm', 'npx', 'corepack', 'yarn', 'yarnpkg', 'sh', 'bash', 'env', ...FULL_IMAGE_PROGRAMS, ...BASE_PROGRAMS.debian, ...BASE_PROGRAMS.alpine]);

/**
 * The global installs of a Node stage (`npm i -g pnpm`, `yarn global add`, `pnpm add -g`,
 * `corepack enable`) against what the running container calls, directly or through the
 * package.json scripts it runs: the copies that bring them when one of their programs is called,
 * or when a called program cannot be placed (it may be one of theirs); otherwise they stay in the
 * builder, with the assumption saying so for the app folder's copy.
 */
function nodeGlobals(instructions: readonly Instruction[], lastBuild: number, needs: RuntimeNeeds, plan: PlanBuilder, context: ContextFiles): { copies: Copy[] } | { assumption: string } | undefined {
  const installs = globalInstalls(instructions, lastBuild);
  if (installs.length === 0) return undefined;
  const names = [...new Set(installs.flatMap((install) => (install.tool === 'corepack' ? ['corepack\'s shims'] : install.packages)))];
  const bins = new Set(installs.flatMap((install) => install.bins));
  // After an exec-form `ENTRYPOINT ["node"]`, CMD names the script node runs, not a program.
  const entryAt = lastIndex(instructions, 'ENTRYPOINT');
  const entryRunsNode = entryAt >= 0 && isExecForm(instructions[entryAt]) && ['node', 'nodejs'].includes(program(unwrap(simpleCommands(instructions[entryAt])[0]?.argv ?? [])));
  const uses = [...needs.programs.filter((use) => !(entryRunsNode && use.where === 'CMD')), ...needs.scriptPrograms];
  // Programs that come from elsewhere: the base image, packages the stage installs, its scripts, the app's dependencies.
  const provided = new Set<string>(NODE_BASE_PROGRAMS);
  for (let index = 1; index <= lastBuild; index++) {
    if (instructions[index].keyword !== 'RUN') continue;
    for (const command of simpleCommands(instructions[index])) {
      for (const pkg of installedPackages(command.argv)?.packages ?? []) {
        const name = packageName(pkg);
        provided.add(name);
        for (const [programName, packages] of Object.entries(PROGRAM_PACKAGES)) if (packages.apt === name || packages.apk === name) provided.add(programName);
      }
    }
  }
  for (const imagePath of needs.scripts.keys()) provided.add(path.posix.basename(imagePath));
  const appSource = contextSourceOf(instructions, needs.workdir, instructions.length);
  const manifest = appSource !== undefined ? context.read(path.posix.join(appSource, 'package.json')) : undefined;
  try {
    const parsed = manifest ? (JSON.parse(manifest) as { dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> }) : {};
    for (const pkg of [...Object.keys(parsed.dependencies ?? {}), ...Object.keys(parsed.devDependencies ?? {})]) for (const bin of binsOf(pkg)) provided.add(bin);
  } catch {
    // A broken package.json places nothing.
  }
  const used = uses.filter((use) => bins.has(use.program));
  const unplaced = uses.filter((use) => !bins.has(use.program) && !provided.has(use.program));
  const calls = (list: ProgramUse[]) => list.map((use) => `${use.where} runs ${use.program}`).join('; ');
  if (used.length === 0 && unplaced.length === 0) {
    const what = uses.length > 0 ? `the container runs ${[...new Set(uses.map((use) => use.program))].join(', ')}` : 'nothing runs at runtime';
    return {
      assumption: plan.assume('node-globals-left', `${names.join(', ')} (installed globally) left in the builder: nothing at runtime runs ${names.length === 1 ? 'it' : 'them'}`, `${what}; no CMD, ENTRYPOINT, HEALTHCHECK, RUN after the build or package.json script they run calls ${[...bins].join(', ')}, and the runtime base has its own node and npm`),
    };
  }
  const variable = (name: string) => stageVariable(instructions, name, lastBuild + 1)?.replace(/^['"]|['"]$/g, '');
  // Corepack's shims fetch the package manager into COREPACK_HOME: copied, nothing is downloaded at start.
  const corepackHome = variable('COREPACK_HOME');
  const corepackUsed = installs.some((install) => install.tool === 'corepack') && used.length > 0;
  const corepackNote = corepackUsed && !corepackHome?.startsWith('/') ? '; corepack\'s shims come without its cache (the build user\'s ~/.cache/node/corepack): the runtime fetches the package manager again at first use unless COREPACK_HOME is set and copied' : '';
  const why = `${used.length > 0 ? `${calls(used)}, installed globally in the build` : `${calls(unplaced)}: not node, not from a package the stage installs nor from the app's dependencies, so it may come from the global packages`}${corepackNote}`;
  const id = plan.assume('node-globals', `global npm packages copied (/usr/local/lib/node_modules, /usr/local/bin): ${used.length > 0 ? [...new Set(used.map((use) => use.program))].join(', ') : `${unplaced[0].program} may be one of them`}`, why);
  const copies: Copy[] = [
    { from: '/usr/local/lib/node_modules', to: '/usr/local/lib/node_modules', assumption: id },
    { from: '/usr/local/bin', to: '/usr/local/bin', assumption: id },
  ];
  // Yarn 1 installs root's global packages in /usr/local/share/.config/yarn/global, linked from /usr/local/bin.
  if (installs.some((install) => install.tool === 'yarn')) copies.push({ from: '/usr/local/share/.config/yarn/global', to: '/usr/local/share/.config/yarn/global', assumption: id });
  // pnpm's global packages and their programs live in PNPM_HOME.
  const pnpmHome = variable('PNPM_HOME');
  if (installs.some((install) => install.tool === 'pnpm') && pnpmHome?.startsWith('/')) copies.push({ from: pnpmHome, to: pnpmHome, assumption: id });
  if (corepackUsed && corepackHome?.startsWith('/')) copies.push({ from: corepackHome, to: corepackHome, assumption: id });
  return { copies };
}

function javaCopies(entryArgv: readonly string[], workdir: string, info: StackInfo, plan: PlanBuilder, addCopy: AddCopy, context: ContextFiles): void {
  const jarAt = entryArgv.indexOf('-jar');
  if (jarAt >= 0 && entryArgv[jarAt + 1]) {
    const jar = resolveIn(workdir, entryArgv[jarAt + 1]);
    addCopy({ from: jar, to: jar.includes('*') ? `${path.posix.dirname(jar)}/` : jar });
    // The jar the build writes, read from pom.xml (single-module builds): a command naming another one fails.
    const build = info.buildCommands[info.buildCommands.length - 1];
    const pom = context.read('pom.xml');
    if (build && build.tool === 'maven' && pom && !/<modules>/.test(pom) && !jar.includes('*') && !/\$\{/.test(pom.match(/<finalName>[^<]*<\/finalName>/)?.[0] ?? '')) {
      const written = guessArtifact('java', 'maven', { command: build.command, dir: build.dir }, context, build.dir, []);
      if (written && written.source === 'manifest' && !written.path.includes('*') && written.path !== jar && path.posix.dirname(written.path) === path.posix.dirname(jar)) {
        plan.todo(`the command runs ${jar}, but pom.xml names the build's jar ${written.path}: check which one exists (the original image may not run either).`);
      }
    }
    return;
  }
  const cpAt = entryArgv.findIndex((word) => word === '-cp' || word === '-classpath' || word === '--class-path');
  if (cpAt >= 0 && entryArgv[cpAt + 1]) {
    for (const entry of entryArgv[cpAt + 1].split(':')) {
      const full = resolveIn(workdir, entry.replace(/\/\*$/, ''));
      addCopy({ from: full, to: full });
    }
    return;
  }
  if (info.artifact) {
    const destination = info.artifact.path.includes('*') ? `${path.posix.dirname(info.artifact.path)}/` : info.artifact.path;
    addCopy({ from: info.artifact.path, to: destination, assumption: plan.assume('jar', `jar ${info.artifact.path} (from the ${info.artifact.source})`, 'the command does not name the jar; it is read from the build') });
    return;
  }
  plan.todo(`which jar does the build produce? Replace ${ARTIFACT_PLACEHOLDER} with its path in the builder stage.`);
  addCopy({ from: ARTIFACT_PLACEHOLDER, to: `${workdir === '/' ? '/app' : workdir}/` });
}

function dotnetCopies(entryArgv: readonly string[], workdir: string, info: StackInfo, plan: PlanBuilder, addCopy: AddCopy): void {
  const dll = entryArgv.find((word) => word.endsWith('.dll'));
  const output = info.artifact?.path;
  if (dll) {
    const full = resolveIn(workdir, dll);
    const dir = output && isUnder(full, output) ? output : path.posix.dirname(full);
    addCopy({ from: dir, to: dir });
    return;
  }
  if (output) {
    addCopy({ from: output, to: output, assumption: plan.assume('publish', `publish output ${output}`, 'read from `dotnet publish -o`') });
    return;
  }
  plan.todo(`where does \`dotnet publish\` write? Replace ${ARTIFACT_PLACEHOLDER} with that folder in the builder stage.`);
  addCopy({ from: ARTIFACT_PLACEHOLDER, to: `${workdir === '/' ? '/app' : workdir}/` });
}

/** Drops dev dependencies after the build, with the prune the tool and its version support. */
/** The script `node` runs for the container (`node dist/main.js`, or through `npm start`), with the app's folder in the context. */
function nodeRunFile(entry: SimpleCommand, context: ContextFiles, appDir: string): { appDir: string; file: string } | undefined {
  for (const command of throughScripts({ ...entry, argv: [...unwrap(entry.argv)] }, context, appDir)) {
    if (program(command.argv) !== 'node') continue;
    const file = command.argv.slice(1).find((word) => !word.startsWith('-'));
    if (file) return { appDir, file };
  }
  return undefined;
}

function nodePrune(info: StackInfo, stack: string, context: ContextFiles, plan: PlanBuilder, runFile?: { appDir: string; file: string }): Piece | undefined {
  if (stack !== 'node' || info.buildCommands.length === 0) return undefined;
  // The server's code imports a devDependency: a build that does not bundle leaves it to node_modules.
  const devImported = runFile ? devDependenciesImported(context, runFile.appDir, runFile.file) : undefined;
  if (devImported) {
    plan.assume('dev-imported', `dev dependencies kept: the code ${devImported.source} loads imports ${devImported.packages.join(', ')}`, `package.json lists ${devImported.packages.join(', ')} under devDependencies while the code behind ${runFile?.file} imports them; a prune would remove them unless the build bundles them`);
    return undefined;
  }
  // The project's install, not a global tool install (`npm i -g pnpm` then `pnpm install`).
  const installs = info.commands.filter((command) => command.role === 'dependencies' && command.stack === 'node' && !command.command.argv.some((word) => word === '-g' || word === '--global' || word === 'global'));
  if (installs.length === 0 || installs.every((command) => /--(omit=dev|production|prod)\b/.test(command.command.text))) return undefined;
  const tool = installs[0].tool;
  const major = Number(/^(\d+)/.exec(info.base.tag)?.[1] ?? '0');
  let line: string | undefined;
  let why = '';
  if (tool === 'npm') {
    line = major > 0 && major <= 14 ? 'RUN npm prune --production' : 'RUN npm prune --omit=dev';
    why = major > 0 && major <= 14 ? 'npm 6 (node ≤ 14) knows --production, not --omit=dev' : 'npm 7+ prunes with --omit=dev';
  } else if (tool === 'pnpm') {
    if (context.exists('pnpm-workspace.yaml')) {
      plan.assume('pnpm-workspace', 'dev dependencies kept (pnpm workspace)', 'pnpm prune does not support workspaces; `pnpm deploy --prod` would need a rewrite of the build');
      return undefined;
    }
    line = 'RUN pnpm prune --prod';
    why = 'pnpm prune --prod removes dev dependencies';
  } else if (tool === 'yarn') {
    const berry = context.exists('.yarnrc.yml') || /"packageManager"\s*:\s*"yarn@[2-9]/.test(context.read('package.json') ?? '');
    if (berry) {
      plan.assume('yarn-berry', 'dev dependencies kept (Yarn 2+)', 'Yarn 2+ prunes with `yarn workspaces focus --production`, a plugin before Yarn 4');
      return undefined;
    }
    line = 'RUN yarn install --production --ignore-scripts --prefer-offline';
    why = 'Yarn 1 reinstalls without dev dependencies';
  }
  if (!line) return undefined;
  return { lines: ['# Only production dependencies go to the runtime.', line], assumption: plan.assume('prune', `dev dependencies pruned (${line.slice(4)})`, `${why}; an app that needs a dev dependency at runtime must keep it`) };
}

/** The port a dev file server listens on, and whether it falls back to index.html (`serve -s`). */
function siteServer(instructions: readonly Instruction[], context: ContextFiles): { port?: string; spa: boolean; server?: string } {
  const scriptDir = contextSourceOf(instructions, stageWorkdirBefore(instructions, instructions.length), instructions.length) ?? '.';
  for (const keyword of ['ENTRYPOINT', 'CMD']) {
    const index = lastIndex(instructions, keyword);
    if (index < 0) continue;
    for (const command of simpleCommands(instructions[index]).flatMap((simple) => throughScripts(simple, context, scriptDir))) {
      const argv = program(command.argv) === 'npx' ? command.argv.slice(1).filter((word) => !/^(-y|--yes)$/.test(word)) : command.argv;
      const name = program(argv);
      const value = (...flags: string[]) => {
        for (let i = 0; i < argv.length; i++) for (const flag of flags) {
          if (argv[i] === flag) return argv[i + 1];
          if (argv[i].startsWith(`${flag}=`)) return argv[i].slice(flag.length + 1);
        }
        return undefined;
      };
      if (name === 'serve' || name.startsWith('serve@')) {
        const listen = value('-l', '--listen', '-p');
        const port = listen ? trailingDigits(listen) : '3000';
        return { port, spa: argv.includes('-s') || argv.includes('--single'), server: 'serve' };
      }
      if (name === 'http-server') return { port: value('-p', '--port') ?? '8080', spa: Boolean(value('-P', '--proxy')), server: 'http-server' };
      if ((name === 'python' || name === 'python3') && argv[1] === '-m' && argv[2] === 'http.server') return { port: argv.slice(3).find((word) => /^\d+$/.test(word)) ?? '8000', spa: false, server: 'python -m http.server' };
    }
  }
  return { spa: false };
}

function sitePieces(instructions: readonly Instruction[], lastBuild: number, info: StackInfo, builderName: string, plan: PlanBuilder, needs: RuntimeNeeds, context: ContextFiles): Piece[] {
  void needs;
  const pieces: Piece[] = [];
  const site = info.artifact?.path;
  if (site) pieces.push({ lines: [`COPY --from=${builderName} ${site} /usr/share/nginx/html`] });
  else pieces.push({ lines: [`# ${TODO_MARK}: which folder does the build produce? Replace ${ARTIFACT_PLACEHOLDER} with its path in the builder stage.`, `COPY --from=${builderName} ${ARTIFACT_PLACEHOLDER} /usr/share/nginx/html`] });
  const server = siteServer(instructions, context);
  const exposed = instructions.find((instruction) => instruction.keyword === 'EXPOSE')?.words[0]?.value.replace(/\/tcp$/, '');
  const port = server.port ?? exposed ?? '80';
  if (port !== '80' || server.spa || server.server === 'serve') {
    const fallback = server.spa ? '/index.html' : '=404';
    const tryFiles = server.server === 'serve' ? `$uri $uri.html $uri/ ${fallback}` : `$uri $uri/ ${fallback}`;
    const config = ['server {', `    listen ${port};`, '    root /usr/share/nginx/html;', '    index index.html;', '    location / {', `        try_files ${tryFiles};`, '    }', '}'];
    const id = plan.assume('nginx', `nginx on port ${port}${server.spa ? ' with the single-page fallback' : ''}`, `${server.server ?? 'the original server'} served the site on ${port}${server.spa ? ' and answered unknown paths with index.html' : ''}; the generated config keeps that`);
    pieces.push({ lines: ['# The same port and fallback as the original server.', `RUN printf '%s\\n' ${config.map((line) => `'${line}'`).join(' ')} > /etc/nginx/conf.d/default.conf`], assumption: id });
  }
  instructions.forEach((instruction, index) => {
    if (index === 0 || index === lastBuild) return;
    if (['LABEL', 'MAINTAINER', 'STOPSIGNAL'].includes(instruction.keyword)) pieces.push({ chunk: index });
  });
  pieces.push({ lines: [`EXPOSE ${port}`] });
  return pieces;
}

/** The digits ending `text` (`:8080` → `8080`), by hand: `/(\d+)$/` is quadratic on long digit runs. */
function trailingDigits(text: string): string | undefined {
  let start = text.length;
  while (start > 0 && text.charCodeAt(start - 1) >= 48 && text.charCodeAt(start - 1) <= 57) start--;
  return start < text.length ? text.slice(start) : undefined;
}

/** What `/(\/[^:]*?)\/bin/` finds (`/opt/venv` in `/opt/venv/bin:/usr/bin`), in one pass per PATH entry. */
function directoryBeforeBin(text: string): string | undefined {
  for (const entry of text.split(':')) {
    const slash = entry.indexOf('/');
    if (slash < 0) continue;
    // A later start finds no `/bin` that the first one missed.
    const bin = entry.indexOf('/bin', slash + 1);
    if (bin >= 0) return entry.slice(slash, bin);
  }
  return undefined;
}
