/**
 * Where the build puts what the runtime needs, per stack. A guess carries its source so the
 * split can say how sure it is; `undefined` means "ask the user" (never a silent guess).
 */
import * as path from 'node:path';
import type { SimpleCommand } from '../model/shellCommands';
import type { ContextFiles } from '../workspace/contextFiles';
import type { Stack } from './toolCommands';
import { resolveIn } from '../model/workdir';

export interface ArtifactGuess {
  /** Absolute path in the builder (may hold a `*` glob, which COPY accepts). */
  path: string;
  kind: 'file' | 'directory';
  source: 'build-command' | 'manifest' | 'entrypoint' | 'convention';
}

export interface BuildCall {
  command: SimpleCommand;
  /** Directory the command runs in (WORKDIR plus any `cd`). */
  dir: string;
}

/** The value following `flag` (`-o out`, `-o=out`, `--output out`), if any. */
function optionValue(argv: string[], ...flags: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    for (const flag of flags) {
      if (argv[i] === flag && i + 1 < argv.length) return argv[i + 1];
      if (argv[i].startsWith(`${flag}=`)) return argv[i].slice(flag.length + 1);
    }
  }
  return undefined;
}

function nonFlagArgs(argv: string[], from: number, flagsWithValue: string[]): string[] {
  const args: string[] = [];
  for (let i = from; i < argv.length; i++) {
    if (flagsWithValue.includes(argv[i])) i++;
    else if (!argv[i].startsWith('-')) args.push(argv[i]);
  }
  return args;
}

function goModuleName(context: ContextFiles, dir: string, workdir: string): string | undefined {
  const relative = path.posix.relative(workdir, dir);
  const gomod = context.read(path.posix.join(relative || '.', 'go.mod')) ?? context.read('go.mod');
  const module = gomod && /^module\s+(\S+)/m.exec(gomod)?.[1];
  return module ? module.slice(module.lastIndexOf('/') + 1) : undefined;
}

function goArtifact(call: BuildCall, context: ContextFiles, workdir: string): ArtifactGuess | undefined {
  const argv = call.command.argv;
  const install = argv[1] === 'install';
  const output = optionValue(argv, '-o');
  if (output) {
    const full = resolveIn(call.dir, output);
    return { path: full, kind: output.endsWith('/') ? 'directory' : 'file', source: 'build-command' };
  }
  const packages = nonFlagArgs(argv, 2, ['-ldflags', '-tags', '-gcflags', '-mod', '-p', '-trimpath']).filter((arg) => !arg.includes('...'));
  const last = packages[0];
  const name = last && last !== '.' && last !== './' ? path.posix.basename(last.replace(/\/$/, '')) : goModuleName(context, call.dir, workdir);
  if (!name || name.includes('@')) return undefined;
  return { path: install ? `/go/bin/${name}` : resolveIn(call.dir, name), kind: 'file', source: name === last ? 'build-command' : 'manifest' };
}

function cargoBinaryName(context: ContextFiles, dir: string, workdir: string): string | undefined {
  const relative = path.posix.relative(workdir, dir) || '.';
  const toml = context.read(path.posix.join(relative, 'Cargo.toml')) ?? context.read('Cargo.toml');
  if (!toml) return undefined;
  const bin = /\[\[bin\]\][^[]*?\bname\s*=\s*"([^"]+)"/.exec(toml);
  if (bin) return bin[1];
  const pkg = /\[package\][^[]*?\bname\s*=\s*"([^"]+)"/.exec(toml);
  return pkg?.[1];
}

function rustArtifact(call: BuildCall, context: ContextFiles, workdir: string, entrypoint: string[]): ArtifactGuess | undefined {
  const argv = call.command.argv;
  const bin = optionValue(argv, '--bin');
  const fromEntrypoint = entrypoint.find((word) => /target\/.*release\//.test(word) || word.startsWith('/usr/local/cargo/bin/'));
  const name = bin ?? cargoBinaryName(context, call.dir, workdir) ?? (fromEntrypoint ? path.posix.basename(fromEntrypoint) : undefined);
  if (!name) return undefined;
  const source = bin ? 'build-command' : fromEntrypoint && !cargoBinaryName(context, call.dir, workdir) ? 'entrypoint' : 'manifest';
  if (argv[1] === 'install') return { path: `/usr/local/cargo/bin/${name}`, kind: 'file', source };
  const target = optionValue(argv, '--target');
  const profile = argv.includes('--release') || argv.includes('-r') ? 'release' : 'debug';
  const targetDir = optionValue(argv, '--target-dir') ?? 'target';
  return { path: resolveIn(call.dir, path.posix.join(targetDir, target ?? '', profile, name)), kind: 'file', source };
}

function javaArtifact(call: BuildCall, context: ContextFiles, tool: string, entrypoint: string[]): ArtifactGuess | undefined {
  const jarAt = entrypoint.indexOf('-jar');
  if (jarAt >= 0 && entrypoint[jarAt + 1]) return { path: resolveIn(call.dir, entrypoint[jarAt + 1]), kind: 'file', source: 'entrypoint' };
  if (tool === 'maven') {
    const pom = context.read('pom.xml');
    const withoutParent = pom?.replace(/<parent>[\s\S]*?<\/parent>/, '').replace(/<dependencies>[\s\S]*<\/dependencies>/, '');
    const artifactId = withoutParent && /<artifactId>([^<]+)<\/artifactId>/.exec(withoutParent)?.[1];
    const version = withoutParent && /<version>([^<$]+)<\/version>/.exec(withoutParent)?.[1];
    const finalName = pom && /<finalName>([^<$]+)<\/finalName>/.exec(pom)?.[1];
    if (finalName) return { path: resolveIn(call.dir, `target/${finalName}.jar`), kind: 'file', source: 'manifest' };
    if (artifactId && version) return { path: resolveIn(call.dir, `target/${artifactId}-${version}.jar`), kind: 'file', source: 'manifest' };
    return { path: resolveIn(call.dir, 'target/*.jar'), kind: 'file', source: 'convention' };
  }
  return { path: resolveIn(call.dir, 'build/libs/*.jar'), kind: 'file', source: 'convention' };
}

function dotnetArtifact(call: BuildCall): ArtifactGuess | undefined {
  const output = optionValue(call.command.argv, '-o', '--output');
  return output ? { path: resolveIn(call.dir, output), kind: 'directory', source: 'build-command' } : undefined;
}

/** Output folders of common front-end builders, read from the build script. */
const JS_OUTPUTS: [RegExp, string][] = [
  [/\breact-scripts build\b/, 'build'],
  [/\bvite build\b/, 'dist'],
  [/\bng build\b/, 'dist'],
  [/\bastro build\b/, 'dist'],
  [/\bvue-cli-service build\b/, 'dist'],
  [/\bparcel build\b/, 'dist'],
  [/\bwebpack\b/, 'dist'],
  [/\bnext export\b/, 'out'],
];

function nodeOutput(call: BuildCall, context: ContextFiles, workdir: string): ArtifactGuess | undefined {
  const fromFlag = optionValue(call.command.argv, '--outDir', '--out-dir', '--outdir', '-o');
  if (fromFlag) return { path: resolveIn(call.dir, fromFlag), kind: 'directory', source: 'build-command' };
  const relative = path.posix.relative(workdir, call.dir) || '.';
  const manifest = context.read(path.posix.join(relative, 'package.json')) ?? context.read('package.json');
  let script = call.command.text;
  if (manifest) {
    try {
      const scripts = (JSON.parse(manifest) as { scripts?: Record<string, string> }).scripts ?? {};
      script = scripts.build ?? script;
    } catch {
      // A broken package.json tells nothing.
    }
  }
  const scriptFlag = /--out-?[dD]ir[= ](\S+)/.exec(script)?.[1];
  if (scriptFlag) return { path: resolveIn(call.dir, scriptFlag), kind: 'directory', source: 'manifest' };
  for (const [pattern, folder] of JS_OUTPUTS) {
    if (pattern.test(script)) return { path: resolveIn(call.dir, folder), kind: 'directory', source: manifest ? 'manifest' : 'build-command' };
  }
  return undefined;
}

function staticToolOutput(call: BuildCall, tool: string): ArtifactGuess | undefined {
  const argv = call.command.argv;
  const flag = optionValue(argv, '-d', '--destination', '--site-dir', '-o');
  const folder = flag ?? { hugo: 'public', mkdocs: 'site', jekyll: '_site', zola: 'public' }[tool];
  return folder ? { path: resolveIn(call.dir, folder), kind: 'directory', source: flag ? 'build-command' : 'convention' } : undefined;
}

function cArtifact(call: BuildCall): ArtifactGuess | undefined {
  const output = optionValue(call.command.argv, '-o');
  return output ? { path: resolveIn(call.dir, output), kind: 'file', source: 'build-command' } : undefined;
}

/** The artifact of the build call (the last build of the stage), or undefined when unknown. */
export function guessArtifact(stack: Stack, tool: string, call: BuildCall, context: ContextFiles, workdir: string, entrypoint: string[]): ArtifactGuess | undefined {
  switch (stack) {
    case 'go':
      return goArtifact(call, context, workdir);
    case 'rust':
      return rustArtifact(call, context, workdir, entrypoint);
    case 'java':
      return javaArtifact(call, context, tool, entrypoint);
    case 'dotnet':
      return dotnetArtifact(call);
    case 'node':
    case 'static':
      return ['hugo', 'mkdocs', 'jekyll', 'zola'].includes(tool) ? staticToolOutput(call, tool) : nodeOutput(call, context, workdir);
    case 'c':
      return cArtifact(call);
    default:
      return undefined;
  }
}
