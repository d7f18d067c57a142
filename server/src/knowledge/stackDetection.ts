/**
 * What a stage builds and with what: the stack (Go, Rust, Node, Python, Java, .NET, a static
 * site, C), its build and dependency commands, the artifact they produce, the base image's libc,
 * whether the runtime part needs a shell, Go's CGO setting and TLS hints. The split, the base
 * switching refactors and the runtime diagnostics all decide from this.
 */
import type { Instruction } from '../model/scanner';
import { commandText, isExecForm, simpleCommands, type SimpleCommand } from '../model/shellCommands';
import type { StageModel } from '../model/stageModel';
import { guessArtifact, type ArtifactGuess } from './artifacts';
import { languageVersion, libcOf, parseBaseImage, stackOfImage, toolchainOf, type BaseImage, type Libc } from './baseImage';
import { NO_CONTEXT, type ContextFiles } from '../workspace/contextFiles';
import { classifyCommand, createsUser, installsCompiler, servesStaticFiles, type Stack, type ToolUse } from './toolCommands';
import { stageRunCommandsWithDir, stageWorkdirBefore } from './imageWorkdir';
import { contextSourceOf, throughScripts } from './runtimeNeeds';

export type { Stack } from './toolCommands';
export type { Libc } from './baseImage';
export type { ArtifactGuess } from './artifacts';
export type { ContextFiles } from '../workspace/contextFiles';

export interface StackCommand extends ToolUse {
  /** Index in `stage.instructions` (0 is the FROM). */
  instructionIndex: number;
  command: SimpleCommand;
  /** Directory the command runs in. */
  dir: string;
}

export interface StackInfo {
  stack: Stack;
  /** The build tool: go, cargo, npm, yarn, pnpm, pip, poetry, maven, gradle, dotnet, make, hugo... */
  toolchain?: string;
  base: BaseImage;
  /** What the base ships for building only ("the Go toolchain"), when it is a toolchain image. */
  shippedToolchain?: string;
  baseLibc: Libc;
  /** Dependency downloads and builds, in order. */
  commands: StackCommand[];
  buildCommands: StackCommand[];
  /** Index (in `stage.instructions`) of the last RUN that builds or fetches dependencies; -1 when none. */
  lastBuildInstruction: number;
  /** A compiler installed by the stage itself (apt-get install gcc, apk add build-base). */
  installsCompiler: boolean;
  artifact?: ArtifactGuess;
  /** Working directory of the last build (absolute; '/' when no WORKDIR). */
  workdir: string;
  /** The runtime part (instructions after the build, CMD/ENTRYPOINT/HEALTHCHECK) needs /bin/sh. */
  needsShell: boolean;
  /** Go only: CGO as set by ENV or on the build command. */
  goCgo?: 'enabled' | 'disabled' | 'default';
  /** Rust only: `--target` of the build (e.g. x86_64-unknown-linux-musl). */
  rustTarget?: string;
  /** Hints that the app makes TLS calls (ca-certificates installed, https:// URLs, SSL_CERT_* variables). */
  usesTls: boolean;
  /** Language version from the base tag (1.22, 20, 3.12, 17, 8.0). */
  languageVersion?: string;
  /** CMD/ENTRYPOINT serve files (`serve -s build`, `http-server`): a static site. */
  servesStaticFiles: boolean;
  /** The exec words of ENTRYPOINT + CMD (exec form) or the shell words. */
  entrypoint: string[];
}

const RUNTIME_SHELL_KEYWORDS = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

function commandsOf(instructions: readonly Instruction[]): StackCommand[] {
  const found: StackCommand[] = [];
  instructions.forEach((instruction, index) => {
    if (instruction.keyword !== 'RUN') return;
    for (const { command, dir } of stageRunCommandsWithDir(instructions, index)) {
      const use = classifyCommand(command);
      if (use) found.push({ ...use, instructionIndex: index, command, dir });
    }
  });
  return found;
}

function entrypointWords(instructions: readonly Instruction[]): string[] {
  const last = (keyword: string) => [...instructions].reverse().find((instruction) => instruction.keyword === keyword);
  return [last('ENTRYPOINT'), last('CMD')].flatMap((instruction) => (instruction ? simpleCommands(instruction).flatMap((command) => command.argv) : []));
}

function envValue(instructions: readonly Instruction[], name: string, before: number): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < before && i < instructions.length; i++) {
    const instruction = instructions[i];
    if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') continue;
    const words = instruction.words;
    if (instruction.keyword === 'ENV' && words.length === 2 && !words[0].value.includes('=') && words[0].value === name) value = words[1].value;
    for (const word of words) if (word.value.startsWith(`${name}=`)) value = word.value.slice(name.length + 1);
  }
  return value;
}

function goCgo(instructions: readonly Instruction[], builds: StackCommand[]): StackInfo['goCgo'] {
  const build = [...builds].reverse().find((command) => command.stack === 'go');
  const value = build?.command.assignments.CGO_ENABLED ?? envValue(instructions, 'CGO_ENABLED', build ? build.instructionIndex : instructions.length);
  if (value === '0') return 'disabled';
  if (value === '1') return 'enabled';
  return 'default';
}

/** Instructions the runtime keeps that run a shell: RUN after the build, user set-up, shell-form CMD/ENTRYPOINT/HEALTHCHECK. */
function runtimeNeedsShell(instructions: readonly Instruction[], lastBuild: number): boolean {
  return instructions.some((instruction, index) => {
    if (instruction.keyword === 'RUN') return index > lastBuild || simpleCommands(instruction).some(createsUser);
    if (!RUNTIME_SHELL_KEYWORDS.has(instruction.keyword)) return false;
    const text = commandText(instruction).trim();
    if (instruction.keyword === 'HEALTHCHECK') {
      if (/^NONE$/i.test(text)) return false;
      const cmd = /\bCMD(-SHELL)?\s+(.*)$/is.exec(text);
      return !cmd || cmd[1] !== undefined || !cmd[2].trim().startsWith('[');
    }
    return !isExecForm(instruction);
  });
}

const TLS_HINT = /ca-certificates|https:\/\/|SSL_CERT_(FILE|DIR)|REQUESTS_CA_BUNDLE|NODE_EXTRA_CA_CERTS/;

function chooseStack(image: BaseImage, commands: StackCommand[], serves: boolean): Stack {
  const builds = commands.filter((command) => command.role === 'build');
  let stack = stackOfImage(image) ?? builds[builds.length - 1]?.stack ?? commands[commands.length - 1]?.stack ?? 'unknown';
  // A JS stack building front-end files and serving them with a file server is a static site.
  if (stack === 'node' && serves && builds.length > 0) stack = 'static';
  // mkdocs, hugo, jekyll: a site generator's output is a static site, whatever the base.
  if (builds.length > 0 && builds[builds.length - 1].stack === 'static') stack = 'static';
  // A toolchain-less base (debian, alpine) running `go build` is a Go stage, and so on.
  if ((stack === 'c' || stack === 'unknown') && builds.length > 0) stack = builds[builds.length - 1].stack;
  return stack;
}

export function detectStack(model: StageModel, stageIndex: number, context: ContextFiles = NO_CONTEXT): StackInfo {
  const stage = model.stages[stageIndex];
  const instructions = stage.instructions;
  const base = parseBaseImage(stage.expandedBase || stage.base);
  const commands = commandsOf(instructions);
  const buildCommands = commands.filter((command) => command.role === 'build');
  const entrypoint = entrypointWords(instructions);
  // `npm run serve` whose script is `serve -s dist` serves files too.
  const scriptDir = contextSourceOf(instructions, stageWorkdirBefore(instructions, instructions.length), instructions.length) ?? '.';
  const serves = instructions.some((instruction) => (instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT') && simpleCommands(instruction).some((command) => throughScripts(command, context, scriptDir).some(servesStaticFiles)));
  const stack = chooseStack(base, commands, serves);
  const lastBuildInstruction = commands.reduce((last, command) => Math.max(last, command.instructionIndex), -1);
  const lastBuild = buildCommands[buildCommands.length - 1];
  const workdir = lastBuild ? stageWorkdirBefore(instructions, lastBuild.instructionIndex) : stageWorkdirBefore(instructions, instructions.length);
  const toolchain = lastBuild?.tool ?? commands[commands.length - 1]?.tool;
  const artifact = lastBuild ? guessArtifact(stack, lastBuild.tool, { command: lastBuild.command, dir: lastBuild.dir }, context, workdir, entrypoint) : undefined;
  const stageText = model.scanned.text.slice(stage.span.start, stage.span.end);
  const compiler = instructions.some((instruction) => instruction.keyword === 'RUN' && simpleCommands(instruction).some(installsCompiler));
  const rustBuild = [...buildCommands].reverse().find((command) => command.tool === 'cargo');
  const rustTarget = rustBuild?.command.argv[rustBuild.command.argv.indexOf('--target') + 1];
  return {
    stack,
    toolchain,
    base,
    shippedToolchain: toolchainOf(base),
    baseLibc: libcOf(base),
    commands,
    buildCommands,
    lastBuildInstruction,
    installsCompiler: compiler,
    artifact,
    workdir,
    needsShell: runtimeNeedsShell(instructions, lastBuildInstruction),
    goCgo: stack === 'go' ? goCgo(instructions, buildCommands) : undefined,
    rustTarget: rustBuild && rustBuild.command.argv.includes('--target') ? rustTarget : undefined,
    usesTls: TLS_HINT.test(stageText),
    languageVersion: languageVersion(base, stack),
    servesStaticFiles: serves,
    entrypoint,
  };
}
