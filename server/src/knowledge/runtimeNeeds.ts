/**
 * What the running container uses, read from the original stage: the programs its CMD,
 * ENTRYPOINT, HEALTHCHECK and runtime RUNs call (and the scripts they run, when those come from
 * the build context), the variables they expand, whether they need a shell, and whether the
 * image needs its toolchain at runtime (a dev image: then nothing is split).
 */
import * as path from 'node:path';
import { parseFlags } from '../model/flags';
import type { Instruction } from '../model/scanner';
import { commandText, isExecForm, simpleCommands, splitShell, type SimpleCommand } from '../model/shellCommands';
import type { ContextFiles } from '../workspace/contextFiles';
import { SHELL_BUILTINS } from './packageRoles';
import { resolveIn } from '../model/workdir';
import { stageWorkdirBefore } from './imageWorkdir';

export interface ProgramUse {
  program: string;
  /** Where it is called: `HEALTHCHECK`, `ENTRYPOINT`, `docker-entrypoint.sh`... */
  where: string;
}

export interface RuntimeNeeds {
  /** Programs called at runtime by name or path (builtins left out), first use each. */
  programs: ProgramUse[];
  /**
   * Programs the package.json scripts run at runtime call (`npm start` → `node server.js`, nested
   * `npm run x`, pre/post scripts, `npx tool`), first use each; apart from `programs`, as npm puts
   * the app's `node_modules/.bin` on their PATH.
   */
  scriptPrograms: ProgramUse[];
  /** A shell runs at runtime (shell-form command, a script, a runtime RUN), and why. */
  shell?: string;
  /** A script needs bash (`#!/bin/bash`, `bash -c`). */
  bash?: string;
  /** Variables the runtime instructions expand. */
  variables: Set<string>;
  /** Context scripts the container runs: path in the image → path in the context. */
  scripts: Map<string, string>;
  /** The image needs its toolchain (or has no command): why the split is not offered. */
  notSplittable?: string;
  /**
   * The command runs an interpreter's development server (`manage.py runserver`, `flask run`,
   * `uvicorn --reload`): it needs the interpreter and the app's dependencies, not the compilers,
   * so the split is offered with this risk in its title.
   */
  devServer?: string;
  /** The working directory at CMD/ENTRYPOINT. */
  workdir: string;
}

const RUNTIME_KEYWORDS = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);
const VARIABLE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

function programName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** The command words of a HEALTHCHECK (`CMD curl -f ...`), its flags left out. */
function healthcheckCommands(instruction: Instruction): SimpleCommand[] {
  const text = commandText(instruction).trim();
  const match = /(?:^|\s)CMD(?:-SHELL)?\s+([\s\S]*)$/i.exec(text);
  if (!match) return [];
  const body = match[1].trim();
  if (body.startsWith('[')) {
    try {
      const argv = JSON.parse(body) as unknown;
      if (Array.isArray(argv) && argv.every((item) => typeof item === 'string')) {
        if (argv.length >= 3 && /(^|\/)(ba)?sh$/.test(argv[0]) && argv[1] === '-c') return splitShell(argv[2]);
        if (argv[0] === 'CMD-SHELL' && argv[1]) return splitShell(argv[1]);
        return [{ assignments: {}, argv: argv[0] === 'CMD' ? argv.slice(1) : argv, redirectsTo: [], piped: false, text: argv.join(' ') }];
      }
    } catch {
      // Not JSON: read as shell.
    }
  }
  return splitShell(body);
}

function runtimeCommands(instruction: Instruction): SimpleCommand[] {
  return instruction.keyword === 'HEALTHCHECK' ? healthcheckCommands(instruction) : simpleCommands(instruction);
}

/**
 * A COPY/ADD source as the context path BuildKit reads: relative to the context root, `..` never
 * above it (`COPY ../.. .` copies the whole context), `.` for the root; a trailing `/` kept.
 */
function inContext(source: string): string {
  const normalized = path.posix.normalize(`/${source}`);
  if (normalized === '/') return '.';
  return normalized.slice(1);
}

/** Which context file a COPY/ADD without --from put at `imagePath`, if any. */
export function contextSourceOf(instructions: readonly Instruction[], imagePath: string, before: number): string | undefined {
  let found: string | undefined;
  for (let index = 1; index < before && index < instructions.length; index++) {
    const instruction = instructions[index];
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
    const { flags, rest } = parseFlags(instruction);
    if (flags.some((flag) => flag.name === 'from') || rest.length < 2) continue;
    const workdir = stageWorkdirBefore(instructions, index);
    const rawDestination = rest[rest.length - 1].value;
    const destination = resolveIn(workdir, rawDestination);
    const sources = rest.slice(0, -1).map((word) => word.value);
    for (const raw of sources) {
      if (raw.includes('*') || /^https?:/.test(raw)) continue;
      const source = inContext(raw);
      const cleanSource = source === '.' ? '' : source;
      if (imagePath === destination && !rawDestination.endsWith('/') && sources.length === 1) {
        found = cleanSource || '.';
        continue;
      }
      const directoryLike = rawDestination.endsWith('/') || sources.length > 1 || source === '.' || source === './' || source.endsWith('/');
      // `COPY . ./` (or `COPY web/ /app/`): the destination folder itself is the source tree.
      if (imagePath === destination && (source === '.' || source === './' || source.endsWith('/'))) {
        found = cleanSource.replace(/\/$/, '') || '.';
        continue;
      }
      if (!directoryLike || !imagePath.startsWith(destination === '/' ? '/' : `${destination}/`)) continue;
      const relative = imagePath.slice(destination === '/' ? 1 : destination.length + 1);
      // `COPY a.sh /app/`: the file keeps its name; `COPY dir/ /app/` or `COPY . /app`: the tree lands there.
      const isTree = source === '.' || source === './' || source.endsWith('/');
      found = isTree ? path.posix.join(cleanSource || '.', relative) : path.posix.basename(cleanSource) === relative ? cleanSource : found;
    }
  }
  return found;
}

/** Front-end tools and the subcommands that start their dev server (`next start` serves a build: not one). */
const DEV_SERVER_SUBCOMMANDS: Record<string, string[]> = {
  vite: ['', 'dev', 'serve'], next: ['dev'], nuxt: ['dev'], nuxi: ['dev'], ng: ['serve'], 'react-scripts': ['start'], 'vue-cli-service': ['serve'],
  webpack: ['serve'], astro: ['dev'], remix: ['dev'], gatsby: ['develop'], parcel: ['', 'serve', 'watch'], 'webpack-dev-server': [''], 'ember': ['serve', 'server', 's'],
};

/** Package managers and runners whose scripts and packages the runtime analysis follows. */
const PACKAGE_TOOLS = new Set(['npm', 'yarn', 'pnpm', 'bun', 'npx', 'pnpx']);

/** The command behind `tini --`, `dumb-init`, `gosu user`, `su-exec user`, `env A=1`, `cross-env A=1`. */
function unwrapRunner(argv: readonly string[]): readonly string[] {
  const name = programName(argv[0] ?? '');
  if (name === 'tini' || name === 'dumb-init') {
    const at = argv.indexOf('--');
    return unwrapRunner(argv.slice(at >= 0 ? at + 1 : 1));
  }
  if (name === 'gosu' || name === 'su-exec') return unwrapRunner(argv.slice(2));
  if (name === 'env' || name === 'cross-env') {
    let at = 1;
    while (at < argv.length && (argv[at].includes('=') || argv[at].startsWith('-'))) at++;
    return unwrapRunner(argv.slice(at));
  }
  return argv;
}

/** The script `npm run x` / `yarn x` / `npm start` runs, or '' for other subcommands. */
function scriptName(argv: readonly string[]): string {
  const sub = argv.slice(1).find((word) => !word.startsWith('-')) ?? '';
  if (sub === 'run' || sub === 'run-script') return argv.slice(argv.indexOf(sub) + 1).find((word) => !word.startsWith('-')) ?? '';
  if (['install', 'ci', 'i', 'add', 'exec', 'dlx', 'x'].includes(sub)) return '';
  return sub;
}

/** A script's body from package.json, or undefined when the file or the script is missing. */
export function packageScript(context: ContextFiles, dir: string, script: string): string | undefined {
  const manifest = context.read(path.posix.join(dir, 'package.json'));
  if (!manifest) return undefined;
  try {
    const body = (JSON.parse(manifest) as { scripts?: Record<string, unknown> }).scripts?.[script];
    return typeof body === 'string' ? body : undefined;
  } catch {
    // A broken package.json tells nothing.
    return undefined;
  }
}

/** The commands a command runs, an npm/yarn/pnpm script resolved to its body (`npm run serve` → `serve -s dist`). */
export function throughScripts(command: SimpleCommand, context: ContextFiles, dir: string): SimpleCommand[] {
  const program = programName(command.argv[0] ?? '');
  if (!['npm', 'yarn', 'pnpm'].includes(program)) return [command];
  const script = scriptName(command.argv);
  const body = script ? packageScript(context, dir, script) : undefined;
  return body ? splitShell(body) : [command];
}

/** `nodemon`, `go run`, `npm run dev`: the command needs the toolchain or is a dev server. */
function devCommand(argv: readonly string[], context: ContextFiles, workdirRelative: string): string | undefined {
  const program = programName(argv[0] ?? '');
  const sub = argv.slice(1).find((word) => !word.startsWith('-')) ?? '';
  if (program === 'go' && ['run', 'test', 'build', 'generate'].includes(sub)) return `go ${sub}`;
  if (program === 'cargo' && ['run', 'watch', 'test', 'build'].includes(sub)) return `cargo ${sub}`;
  if (['air', 'nodemon', 'ts-node-dev', 'ts-node', 'tsx', 'babel-node', 'reflex', 'gow', 'watchexec', 'CompileDaemon', 'webpack-dev-server', 'tsc', 'javac', 'gcc', 'g++', 'make', 'cmake'].includes(program)) return program;
  if (['mvn', 'mvnw', 'gradle', 'gradlew', 'sbt', 'lein'].includes(program)) return program;
  // Front-end build tools run by the container: the build happens at runtime.
  if (['tailwindcss', 'sass', 'postcss', 'esbuild', 'rollup', 'babel', 'parcel', 'gulp', 'grunt'].includes(program)) return program;
  if (program === 'npx' || program === 'pnpx' || (program === 'pnpm' && sub === 'dlx') || (program === 'yarn' && sub === 'dlx')) {
    const tool = argv.slice(1).filter((word) => !word.startsWith('-') && word !== 'dlx')[0];
    if (tool) {
      const inner = devCommand(argv.slice(argv.indexOf(tool)), context, workdirRelative);
      if (inner) return inner;
    }
  }
  if (argv.includes('--watch') || sub === 'watch') return `${program} --watch`;
  if (program === 'dotnet' && ['run', 'watch', 'build', 'test'].includes(sub)) return `dotnet ${sub}`;
  if ((program === 'hugo' && (sub === 'server' || sub === 'serve')) || (program === 'jekyll' && sub === 'serve') || (program === 'mkdocs' && sub === 'serve') || (program === 'zola' && sub === 'serve')) return `${program} ${sub}`;
  if (program === 'flask' && sub === 'run') return 'flask run';
  if ((program === 'python' || program === 'python3') && argv.some((word) => /manage\.py$/.test(word)) && argv.includes('runserver')) return 'manage.py runserver';
  if (['uvicorn', 'gunicorn', 'hypercorn'].includes(program) && argv.includes('--reload')) return `${program} --reload`;
  const devServer = DEV_SERVER_SUBCOMMANDS[program];
  if (devServer && devServer.includes(sub)) return `${program}${sub ? ` ${sub}` : ''}`;
  if (['npm', 'yarn', 'pnpm', 'bun'].includes(program)) {
    const script = scriptName(argv);
    const body = script ? packageScript(context, workdirRelative, script) : undefined;
    // The script's own commands decide; its name only when package.json is not there to read.
    if (body === undefined && /^(dev|develop|watch|serve|start:dev|dev:.*)$/.test(script)) return `${program} ${script}`;
    for (const command of splitShell(body ?? '')) {
      const inner = devCommand(command.argv, context, workdirRelative);
      if (inner) return `${program} ${script} (${inner})`;
    }
  }
  return undefined;
}

/** Development servers that run on the interpreter and the app's dependencies alone. */
const INTERPRETER_DEV_SERVERS = new Set(['manage.py runserver', 'flask run', 'uvicorn --reload', 'gunicorn --reload', 'hypercorn --reload']);

/** Interactive shells as the command: a toolbox image, not an app. */
function isInteractiveShell(argv: readonly string[]): boolean {
  return argv.length === 1 && /^(ba|z|a|da)?sh$/.test(programName(argv[0]));
}

export function analyzeRuntimeNeeds(instructions: readonly Instruction[], lastBuild: number, context: ContextFiles): RuntimeNeeds {
  const programs: ProgramUse[] = [];
  const seen = new Set<string>();
  const variables = new Set<string>();
  const scripts = new Map<string, string>();
  const scriptPrograms: ProgramUse[] = [];
  const needs: RuntimeNeeds = { programs, scriptPrograms, variables, scripts, workdir: stageWorkdirBefore(instructions, instructions.length) };
  const workdirRelative = (dir: string) => {
    // The context is mapped onto the image by `COPY . <dir>`: find which context folder holds dir.
    const source = contextSourceOf(instructions, dir, instructions.length);
    return source ?? '.';
  };
  const addProgram = (program: string, where: string) => {
    if (!program || SHELL_BUILTINS.has(program) || program.includes('$') || program.includes('=')) return;
    if (seen.has(program)) return;
    seen.add(program);
    programs.push({ program, where });
  };
  /**
   * A context file that cannot be run directly (no `#!`, not named as a script) is data: first in a
   * CMD after an exec-form ENTRYPOINT (`CMD ["data/input.csv"]`), it is an argument, not a program.
   */
  const isDataFile = (imagePath: string, before: number): boolean => {
    if (/\.(sh|bash)$/.test(imagePath)) return false;
    const source = contextSourceOf(instructions, imagePath, before);
    const text = source ? context.read(source) : undefined;
    return text !== undefined && !text.startsWith('#!');
  };
  const readScript = (imagePath: string, before: number, where: string, depth: number) => {
    if (scripts.has(imagePath) || depth > 2) return;
    const source = contextSourceOf(instructions, imagePath, before);
    const text = source ? context.read(source) : undefined;
    if (!source || text === undefined) return;
    scripts.set(imagePath, source);
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
    const interpreter = shebang ? programName(shebang[1] === '/usr/bin/env' && shebang[2] ? shebang[2] : shebang[1]) : 'sh';
    if (!['sh', 'bash', 'ash', 'dash'].includes(interpreter)) {
      addProgram(interpreter, path.posix.basename(imagePath));
      return;
    }
    needs.shell ??= `${path.posix.basename(imagePath)} is a shell script`;
    if (interpreter === 'bash') needs.bash ??= `${path.posix.basename(imagePath)} runs with bash`;
    for (const command of splitShell(text)) visit(command, before, path.posix.basename(imagePath), depth + 1, needs.workdir);
  };
  const seenInScripts = new Set<string>();
  /** `npm start`, `yarn build`, `npx pm2-runtime`: what the package manager runs, into scriptPrograms. */
  const followPackageScripts = (argv: readonly string[], dir: string, before: number, depth: number): void => {
    const tool = programName(argv[0] ?? '');
    if (!PACKAGE_TOOLS.has(tool) || depth > 3) return;
    const sub = argv.slice(1).find((word) => !word.startsWith('-')) ?? '';
    const runsPackage = tool === 'npx' || tool === 'pnpx' || ['exec', 'x', 'dlx'].includes(sub);
    if (runsPackage) {
      const words = argv.slice(tool === 'npx' || tool === 'pnpx' ? 1 : argv.indexOf(sub) + 1).filter((word) => !word.startsWith('-') && word !== '--');
      if (words[0]) visitScriptCommand(words, `${tool} ${words[0]}`, dir, before, depth + 1);
      return;
    }
    const script = scriptName(argv);
    const source = script ? contextSourceOf(instructions, dir, before) : undefined;
    if (!script || source === undefined) return;
    // npm and Yarn 1 run `prestart` and `poststart` around `start`.
    for (const name of [`pre${script}`, script, `post${script}`]) {
      const body = packageScript(context, source, name);
      if (body !== undefined) for (const command of splitShell(body)) visitScriptCommand(command.argv, `package.json script "${name}"`, dir, before, depth + 1);
    }
  };
  const visitScriptCommand = (argv: readonly string[], where: string, dir: string, before: number, depth: number): void => {
    const inner = unwrapRunner(argv);
    if (inner.length === 0) return;
    if (/^(ba|da|a)?sh$/.test(programName(inner[0])) && inner[1] === '-c' && inner[2]) {
      for (const command of splitShell(inner[2])) visitScriptCommand(command.argv, where, dir, before, depth);
      return;
    }
    const name = programName(inner[0]);
    if (name && !SHELL_BUILTINS.has(name) && !name.includes('$') && !name.includes('=') && !seenInScripts.has(name)) {
      seenInScripts.add(name);
      scriptPrograms.push({ program: name, where });
    }
    followPackageScripts(inner, dir, before, depth);
  };
  const visit = (command: SimpleCommand, before: number, where: string, depth: number, dir: string) => {
    const argv = command.argv;
    if (argv.length === 0) return;
    let at = 0;
    if (argv[0].includes('/') && isDataFile(resolveIn(dir, argv[0]), before)) return;
    // Wrappers that run the rest: `tini -- cmd`, `gosu user cmd`, `dumb-init cmd`.
    const first = programName(argv[0]);
    addProgram(first, where);
    followPackageScripts(argv, dir, before, 0);
    if (first === 'bash') needs.bash ??= `${where} runs bash`;
    if (['sh', 'bash', 'ash', 'dash'].includes(first)) {
      needs.shell ??= `${where} runs ${first}`;
      const script = argv.slice(1).find((word) => !word.startsWith('-'));
      if (argv[1] === '-c' && argv[2]) for (const inner of splitShell(argv[2])) visit(inner, before, where, depth, dir);
      else if (script) readScript(resolveIn(dir, script), before, where, depth);
      return;
    }
    if (first === 'tini' || first === 'dumb-init') at = argv.indexOf('--') >= 0 ? argv.indexOf('--') + 1 : 1;
    else if (first === 'gosu' || first === 'su-exec') at = 2;
    if (at > 0 && argv[at]) {
      visit({ ...command, argv: argv.slice(at) }, before, where, depth, dir);
      return;
    }
    if (argv[0].includes('/') || /\.(sh|bash)$/.test(argv[0])) readScript(resolveIn(dir, argv[0]), before, where, depth);
  };

  let hasCommand = false;
  instructions.forEach((instruction, index) => {
    const keyword = instruction.keyword;
    const runtimeRun = keyword === 'RUN' && index > lastBuild;
    if (!RUNTIME_KEYWORDS.has(keyword) && !runtimeRun) {
      if (index > lastBuild && keyword !== 'RUN') for (const match of instruction.line.text.matchAll(VARIABLE)) variables.add(match[1]);
      return;
    }
    for (const match of commandText(instruction).matchAll(VARIABLE)) variables.add(match[1]);
    if (keyword === 'HEALTHCHECK' && /^\s*NONE\s*$/i.test(commandText(instruction))) return;
    if (keyword === 'CMD' || keyword === 'ENTRYPOINT') hasCommand = true;
    const shellForm = keyword === 'HEALTHCHECK' ? !/CMD\s+\[/i.test(commandText(instruction)) || /CMD-SHELL/.test(commandText(instruction)) : !isExecForm(instruction);
    if (shellForm || runtimeRun) needs.shell ??= `${keyword === 'RUN' ? 'a RUN after the build' : `the shell form of ${keyword}`}`;
    const dir = stageWorkdirBefore(instructions, index);
    for (const command of runtimeCommands(instruction)) visit(command, index, keyword, 0, dir);
  });

  // A dev image: its command needs the toolchain, or serves with live reload.
  const last = (keyword: string) => [...instructions].reverse().find((instruction) => instruction.keyword === keyword);
  const entry = [last('ENTRYPOINT'), last('CMD')].filter((instruction): instruction is Instruction => Boolean(instruction));
  const relative = workdirRelative(needs.workdir);
  for (const instruction of entry) {
    const commands = simpleCommands(instruction);
    if (instruction === entry[0] && commands.length === 1 && isInteractiveShell(commands[0].argv) && entry.length === 1) {
      needs.notSplittable = `its command is an interactive ${commands[0].argv[0]}: a toolbox image keeps its tools`;
    }
    for (const command of commands) {
      const dev = devCommand(command.argv, context, relative);
      if (dev && INTERPRETER_DEV_SERVERS.has(dev)) needs.devServer ??= dev;
      else if (dev) needs.notSplittable ??= `its command runs \`${dev}\`, which needs the toolchain at runtime`;
    }
  }
  for (const [imagePath, source] of scripts) {
    const text = context.read(source) ?? '';
    for (const command of splitShell(text)) {
      const dev = devCommand(command.argv, context, relative);
      if (dev && INTERPRETER_DEV_SERVERS.has(dev)) needs.devServer ??= dev;
      else if (dev) needs.notSplittable ??= `${path.posix.basename(imagePath)} runs \`${dev}\`, which needs the toolchain at runtime`;
    }
  }
  if (!hasCommand) needs.notSplittable ??= 'it has no CMD or ENTRYPOINT: what the image runs comes from its base or from the caller';
  return needs;
}
