/**
 * Where the build really writes what the container runs: every output a RUN of the stage
 * produces (`go build -o`, `go install` → $GOBIN or $GOPATH/bin, `cargo build` profiles and
 * targets, `cargo install` → $CARGO_HOME/bin, `make <target>` read from the Makefile, `cp`/`mv`/
 * `install` into place), so the runtime copies the file the CMD runs, not a name-based guess.
 */
import * as path from 'node:path';
import type { Instruction } from '../model/scanner';
import { splitShell, type SimpleCommand } from '../model/shellCommands';
import type { ContextFiles } from '../workspace/contextFiles';
import { contextSourceOf } from './runtimeNeeds';
import { resolveIn } from '../model/workdir';
import { stageRunCommandsWithDir } from './imageWorkdir';

export interface BuildOutput {
  /** Absolute path in the builder. */
  path: string;
  /** How it was found, for the assumption shown to the user. */
  from: string;
  instructionIndex: number;
}

function optionValue(argv: readonly string[], ...flags: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    for (const flag of flags) {
      if (argv[i] === flag && i + 1 < argv.length) return argv[i + 1];
      if (argv[i].startsWith(`${flag}=`)) return argv[i].slice(flag.length + 1);
    }
  }
  return undefined;
}

function positional(argv: readonly string[], from: number, withValue: readonly string[]): string[] {
  const args: string[] = [];
  for (let i = from; i < argv.length; i++) {
    if (withValue.includes(argv[i])) i++;
    else if (!argv[i].startsWith('-')) args.push(argv[i]);
  }
  return args;
}

/** Values set by ENV/ARG of the stage before `index` (the last wins), plus the base image's well-known ones. */
export function stageVariable(instructions: readonly Instruction[], name: string, before: number, fallback?: string): string | undefined {
  let value = fallback;
  for (let i = 1; i < before && i < instructions.length; i++) {
    const instruction = instructions[i];
    if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') continue;
    const words = instruction.words;
    if (instruction.keyword === 'ENV' && words.length >= 2 && !words[0].value.includes('=') && words[0].value === name) value = words.slice(1).map((word) => word.value).join(' ');
    for (const word of words) if (word.value.startsWith(`${name}=`)) value = word.value.slice(name.length + 1);
  }
  return value;
}

/** ENV the official toolchain images set (and the runtime bases lack). */
export const BASE_IMAGE_ENV: Record<string, Record<string, string>> = {
  golang: { GOPATH: '/go', GOTOOLCHAIN: 'local' },
  rust: { CARGO_HOME: '/usr/local/cargo', RUSTUP_HOME: '/usr/local/rustup' },
  maven: { MAVEN_HOME: '/usr/share/maven', MAVEN_CONFIG: '/root/.m2' },
  gradle: { GRADLE_HOME: '/opt/gradle' },
};

/**
 * `$NAME` / `${NAME}` / `${NAME:-default}` expanded with the stage's ARG and ENV values before
 * `before` and the base image's well-known ENV; unknown names are left as written.
 */
export function expandStageVariables(instructions: readonly Instruction[], text: string, before: number, baseEnv: Record<string, string> = {}, depth = 0): string {
  if (!text.includes('$') || depth > 4) return text;
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare) as string;
    let value = stageVariable(instructions, name, before, baseEnv[name]);
    // `ENV APP=${APP}` after `ARG APP=hello`: the value expands in its turn.
    if (value !== undefined && value.includes('$')) value = expandStageVariables(instructions.slice(0, Math.max(0, lastAssignment(instructions, name, before))), value, before, baseEnv, depth + 1);
    return value !== undefined && !value.includes('$') ? value : fallback ?? whole;
  });
}

/** Index of the last ENV/ARG before `before` that sets `name`. */
function lastAssignment(instructions: readonly Instruction[], name: string, before: number): number {
  for (let i = Math.min(before, instructions.length) - 1; i > 0; i--) {
    const instruction = instructions[i];
    if ((instruction.keyword === 'ENV' || instruction.keyword === 'ARG') && instruction.words.some((word) => word.value === name || word.value.startsWith(`${name}=`))) return i;
  }
  return 0;
}

function readToml(context: ContextFiles, dir: string): string | undefined {
  return context.read(path.posix.join(dir, 'Cargo.toml'));
}

/** Binary names of a Cargo package: its [[bin]] names, else the package name. */
export function cargoBinaries(toml: string): string[] {
  const bins = [...toml.matchAll(/\[\[bin\]\][^[]*?\bname\s*=\s*"([^"]+)"/g)].map((match) => match[1]);
  if (bins.length > 0) return bins;
  const name = /\[package\][^[]*?\bname\s*=\s*"([^"]+)"/.exec(toml)?.[1];
  return name ? [name] : [];
}

/** A Makefile's simple variables (`A = x`, `A := x`, `A ?= x`), expanded once. */
function makeVariables(makefile: string): Map<string, string> {
  const variables = new Map<string, string>();
  for (const line of makefile.split('\n')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?::{1,3}=|\?=|=)\s*(.*)$/.exec(line.trimEnd());
    if (match && !line.startsWith('\t')) variables.set(match[1], match[2].trim());
  }
  const expand = (text: string, depth = 0): string => (depth > 5 ? text : text.replace(/\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]/g, (whole, name: string) => (variables.has(name) ? expand(variables.get(name) as string, depth + 1) : whole)));
  for (const [name, value] of variables) variables.set(name, expand(value));
  return variables;
}

/** The recipe lines of `target` and of the targets it depends on (the first target when none is named). */
function makeRecipe(makefile: string, target: string | undefined): string[] {
  const rules = new Map<string, { deps: string[]; recipe: string[] }>();
  let first: string | undefined;
  let current: { deps: string[]; recipe: string[] } | undefined;
  for (const line of makefile.split('\n')) {
    if (line.startsWith('\t')) {
      current?.recipe.push(line.slice(1));
      continue;
    }
    // Targets up to the first `:` (greedy: a lazy group followed by `\s*:` was quadratic on a long line); trimmed below.
    const rule = /^([^:=#\s][^:=#]*):(?!=)\s*([^;#]*)/.exec(line);
    if (rule) {
      current = { deps: rule[2].trim().split(/\s+/).filter(Boolean), recipe: [] };
      for (const name of rule[1].trim().split(/\s+/)) {
        if (!name.startsWith('.')) first ??= name;
        rules.set(name, current);
      }
    } else if (line.trim() !== '' && !line.startsWith('#')) current = undefined;
  }
  const lines: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const rule = rules.get(name);
    if (!rule) return;
    for (const dep of rule.deps) visit(dep);
    lines.push(...rule.recipe);
  };
  visit(target ?? first ?? '');
  return lines;
}

interface Environment {
  instructions: readonly Instruction[];
  index: number;
  context: ContextFiles;
  /** Context folder copied to the command's directory, if known. */
  contextDir?: string;
  baseEnv: Record<string, string>;
}

function goOutputs(argv: readonly string[], dir: string, env: Environment, assignments: Record<string, string>): BuildOutput[] {
  const sub = argv[1];
  const output = optionValue(argv, '-o');
  if (sub === 'build' && output) {
    const full = resolveIn(dir, output);
    return [{ path: full, from: `\`go build -o ${output}\``, instructionIndex: env.index }];
  }
  const packages = positional(argv, 2, ['-ldflags', '-tags', '-gcflags', '-mod', '-p', '-trimpath', '-o']).filter((arg) => !arg.includes('...'));
  let name: string | undefined;
  const first = packages[0];
  if (first && first !== '.' && first !== './') name = path.posix.basename(first.replace(/@.*$/, '').replace(/\/$/, ''));
  else if (env.contextDir !== undefined) {
    const gomod = env.context.read(path.posix.join(env.contextDir, 'go.mod'));
    const module = gomod && /^module\s+(\S+)/m.exec(gomod)?.[1];
    if (module) name = module.slice(module.lastIndexOf('/') + 1);
  }
  if (!name) return [];
  if (sub === 'install') {
    const gobin = assignments.GOBIN ?? stageVariable(env.instructions, 'GOBIN', env.index);
    const gopath = assignments.GOPATH ?? stageVariable(env.instructions, 'GOPATH', env.index, env.baseEnv.GOPATH ?? '/go');
    return [{ path: path.posix.join(gobin ?? `${gopath}/bin`, name), from: '`go install` (into $GOPATH/bin)', instructionIndex: env.index }];
  }
  if (sub === 'build') return [{ path: resolveIn(dir, name), from: '`go build` (named after the package)', instructionIndex: env.index }];
  return [];
}

function cargoOutputs(argv: readonly string[], dir: string, env: Environment, assignments: Record<string, string>): BuildOutput[] {
  const sub = argv[1];
  const cargoHome = assignments.CARGO_HOME ?? stageVariable(env.instructions, 'CARGO_HOME', env.index, '/usr/local/cargo');
  if (sub === 'install') {
    const root = optionValue(argv, '--root') ?? assignments.CARGO_INSTALL_ROOT ?? cargoHome;
    const pathArg = optionValue(argv, '--path');
    let names: string[] = [];
    const bin = optionValue(argv, '--bin');
    if (bin) names = [bin];
    else if (pathArg !== undefined && env.contextDir !== undefined) {
      const toml = readToml(env.context, path.posix.join(env.contextDir, pathArg));
      names = toml ? cargoBinaries(toml) : [];
    } else {
      // `cargo install <crate>`: a crate from the registry, its binary usually named after it.
      const crate = positional(argv, 2, ['--version', '--root', '--git', '--branch', '--tag', '--rev', '--features', '--target', '--profile', '-j', '--jobs', '--locked'].filter((flag) => flag !== '--locked'))[0];
      if (crate) names = [crate.replace(/@.*$/, '')];
    }
    return names.map((name) => ({ path: `${root}/bin/${name}`, from: `\`cargo install\` (into ${root}/bin)`, instructionIndex: env.index }));
  }
  if (sub !== 'build') return [];
  const target = optionValue(argv, '--target');
  const profile = optionValue(argv, '--profile');
  const profileDir = profile ? (profile === 'dev' ? 'debug' : profile === 'release' ? 'release' : profile) : argv.includes('--release') || argv.includes('-r') ? 'release' : 'debug';
  const targetDir = optionValue(argv, '--target-dir') ?? assignments.CARGO_TARGET_DIR ?? stageVariable(env.instructions, 'CARGO_TARGET_DIR', env.index) ?? 'target';
  const bin = optionValue(argv, '--bin');
  let names = bin ? [bin] : [];
  if (!bin && env.contextDir !== undefined) {
    const toml = readToml(env.context, env.contextDir);
    names = toml ? cargoBinaries(toml) : [];
    const manifestPath = optionValue(argv, '--manifest-path');
    if (manifestPath) {
      const other = env.context.read(path.posix.join(env.contextDir, manifestPath));
      names = other ? cargoBinaries(other) : names;
    }
  }
  return names.map((name) => ({ path: resolveIn(dir, path.posix.join(targetDir, target ?? '', profileDir, name)), from: `\`cargo build\`${profile || argv.includes('--release') ? ` (${profileDir} profile)` : ''}`, instructionIndex: env.index }));
}

function copyOutputs(argv: readonly string[], dir: string, index: number): BuildOutput[] {
  const program = argv[0];
  const args = positional(argv, 1, program === 'install' ? ['-m', '--mode', '-o', '-g', '--owner', '--group'] : ['-t']);
  if (args.length < 2) return [];
  const destination = resolveIn(dir, args[args.length - 1]);
  const sources = args.slice(0, -1);
  return sources.map((source) => {
    const full = argv.includes('-d') ? destination : sources.length > 1 || args[args.length - 1].endsWith('/') ? path.posix.join(destination, path.posix.basename(source)) : destination;
    return { path: full, from: `\`${program} ${source}\``, instructionIndex: index };
  });
}

/** Outputs of one simple command run in `dir`; make recipes are read from the Makefile in the context. */
function outputsOf(command: SimpleCommand, dir: string, env: Environment, depth = 0): BuildOutput[] {
  const argv = command.argv.map((word) => expandStageVariables(env.instructions, word, env.index, env.baseEnv));
  const program = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
  if (program === 'go') return goOutputs(argv, dir, env, command.assignments);
  if (program === 'cargo') return cargoOutputs(argv, dir, env, command.assignments);
  if (['cp', 'mv', 'install', 'ln'].includes(program) && program !== 'ln') return copyOutputs(argv, dir, env.index);
  if (['gcc', 'g++', 'cc', 'c++', 'clang', 'clang++'].includes(program)) {
    const output = optionValue(argv, '-o');
    return output ? [{ path: resolveIn(dir, output), from: `\`${program} -o ${output}\``, instructionIndex: env.index }] : [];
  }
  if (program === 'make' && depth === 0 && env.contextDir !== undefined) {
    const cdir = optionValue(argv, '-C');
    const contextDir = cdir ? path.posix.join(env.contextDir, cdir) : env.contextDir;
    const makefile = env.context.read(path.posix.join(contextDir, 'Makefile')) ?? env.context.read(path.posix.join(contextDir, 'makefile')) ?? env.context.read(path.posix.join(contextDir, 'GNUmakefile'));
    if (!makefile) return [];
    const variables = makeVariables(makefile);
    for (const word of argv.slice(1)) {
      const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(word);
      if (assignment) variables.set(assignment[1], assignment[2]);
    }
    const target = argv.slice(1).find((word) => !word.startsWith('-') && !word.includes('=') && word !== cdir);
    const makeDir = cdir ? resolveIn(dir, cdir) : dir;
    const outputs: BuildOutput[] = [];
    for (const line of makeRecipe(makefile, target)) {
      const expanded = line.replace(/^[@+-]+/, '').replace(/\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]/g, (whole, name: string) => variables.get(name) ?? whole);
      if (expanded.includes('$(')) continue;
      let recipeDir = makeDir;
      for (const inner of splitShell(expanded)) {
        if (inner.argv[0] === 'cd' && inner.argv[1]) {
          recipeDir = resolveIn(recipeDir, inner.argv[1]);
          continue;
        }
        for (const output of outputsOf(inner, recipeDir, { ...env, contextDir }, depth + 1)) outputs.push({ ...output, from: `${output.from} in the Makefile's \`${target ?? 'default'}\` target` });
      }
    }
    return outputs;
  }
  return [];
}

/** Every output the stage's RUNs up to `lastBuild` write, in order. */
export function buildOutputs(instructions: readonly Instruction[], lastBuild: number, context: ContextFiles, baseEnv: Record<string, string> = {}): BuildOutput[] {
  const outputs: BuildOutput[] = [];
  for (let index = 1; index <= lastBuild && index < instructions.length; index++) {
    const instruction = instructions[index];
    if (instruction.keyword !== 'RUN') continue;
    for (const { command, dir } of stageRunCommandsWithDir(instructions, index)) {
      const contextDir = contextSourceOf(instructions, dir, index);
      outputs.push(...outputsOf(command, dir, { instructions, index, context, contextDir: contextDir === '.' ? '' : contextDir, baseEnv }));
    }
  }
  return outputs;
}
