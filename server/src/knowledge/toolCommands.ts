/**
 * Which toolchain a simple command belongs to, and whether it fetches dependencies or builds.
 * `go mod download` → go/dependencies, `npm run build` → node/build, `mvn package` → java/build.
 */
import type { SimpleCommand } from '../model/shellCommands';

export type Stack = 'go' | 'rust' | 'node' | 'python' | 'ruby' | 'java' | 'dotnet' | 'static' | 'c' | 'unknown';

export interface ToolUse {
  stack: Stack;
  /** The program family: go, cargo, npm, yarn, pnpm, pip, poetry, maven, gradle, dotnet, make, hugo... */
  tool: string;
  role: 'dependencies' | 'build';
}

const COMPILER_PACKAGES = /^(gcc|g\+\+|build-essential|build-base|make|clang|musl-dev|libc6?-dev|python3?-dev|cmake)(=.*)?$/;

function program(argv: string[]): string {
  const first = argv[0] ?? '';
  return first.slice(first.lastIndexOf('/') + 1);
}

/** The first argument that is not a flag (the subcommand). */
function subcommand(argv: string[], from = 1): string {
  return argv.slice(from).find((word) => !word.startsWith('-')) ?? '';
}

function nodeTool(tool: string, argv: string[]): ToolUse | undefined {
  const sub = subcommand(argv);
  if (['ci', 'install', 'i', 'add', 'prune'].includes(sub) || (tool === 'yarn' && sub === '')) return { stack: 'node', tool, role: 'dependencies' };
  const script = sub === 'run' || sub === 'run-script' ? subcommand(argv, argv.indexOf(sub) + 1) : sub;
  if (/build|compile|generate|export|bundle/.test(script)) return { stack: 'node', tool, role: 'build' };
  return undefined;
}

const JS_BUILDERS = new Set(['vite', 'tsc', 'webpack', 'ng', 'next', 'astro', 'react-scripts', 'vue-cli-service', 'esbuild', 'rollup', 'parcel']);

export function classifyCommand(command: SimpleCommand): ToolUse | undefined {
  const argv = command.argv;
  const name = program(argv);
  const sub = subcommand(argv);
  switch (name) {
    case 'go':
      if (sub === 'build' || sub === 'install' || sub === 'test' || sub === 'vet' || sub === 'generate') return { stack: 'go', tool: 'go', role: 'build' };
      if (sub === 'mod' || sub === 'get') return { stack: 'go', tool: 'go', role: 'dependencies' };
      return undefined;
    case 'cargo':
      if (sub === 'build' || sub === 'install' || sub === 'test') return { stack: 'rust', tool: 'cargo', role: 'build' };
      if (sub === 'fetch') return { stack: 'rust', tool: 'cargo', role: 'dependencies' };
      return undefined;
    case 'npm':
    case 'yarn':
    case 'pnpm':
      return nodeTool(name, argv);
    case 'npx':
      return JS_BUILDERS.has(program(argv.slice(1).filter((word) => !word.startsWith('-')))) ? { stack: 'node', tool: 'npx', role: 'build' } : undefined;
    case 'pip':
    case 'pip3':
      if (sub === 'install') return { stack: 'python', tool: 'pip', role: 'dependencies' };
      if (sub === 'wheel') return { stack: 'python', tool: 'pip', role: 'build' };
      return undefined;
    case 'python':
    case 'python3':
      if (argv[1] === '-m' && (argv[2] === 'pip' || argv[2] === 'pip3') && argv[3] === 'install') return { stack: 'python', tool: 'pip', role: 'dependencies' };
      if (argv[1] === 'setup.py' && /build|install|bdist|wheel/.test(argv[2] ?? '')) return { stack: 'python', tool: 'setuptools', role: 'build' };
      return undefined;
    case 'poetry':
    case 'pipenv':
      return sub === 'install' ? { stack: 'python', tool: name, role: 'dependencies' } : sub === 'build' ? { stack: 'python', tool: name, role: 'build' } : undefined;
    case 'uv':
      return sub === 'sync' || sub === 'pip' ? { stack: 'python', tool: 'uv', role: 'dependencies' } : undefined;
    case 'bundle':
    case 'bundler':
      if (sub === 'install' || sub === '') return { stack: 'ruby', tool: 'bundler', role: 'dependencies' };
      if (sub === 'exec' && argv.some((word) => /^assets:precompile$/.test(word))) return { stack: 'ruby', tool: 'bundler', role: 'build' };
      return undefined;
    case 'rails':
    case 'rake':
      return argv.includes('assets:precompile') ? { stack: 'ruby', tool: 'bundler', role: 'build' } : undefined;
    case 'mvn':
    case 'mvnw':
      if (argv.some((word) => /^dependency:(go-offline|resolve)/.test(word))) return { stack: 'java', tool: 'maven', role: 'dependencies' };
      if (argv.some((word) => /^(package|install|verify|compile|spring-boot:repackage)$/.test(word))) return { stack: 'java', tool: 'maven', role: 'build' };
      return undefined;
    case 'gradle':
    case 'gradlew':
      if (argv.some((word) => /^(build|assemble|bootJar|jar|shadowJar|installDist)$/.test(word))) return { stack: 'java', tool: 'gradle', role: 'build' };
      if (argv.includes('dependencies')) return { stack: 'java', tool: 'gradle', role: 'dependencies' };
      return undefined;
    case 'dotnet':
      if (sub === 'restore') return { stack: 'dotnet', tool: 'dotnet', role: 'dependencies' };
      if (sub === 'publish' || sub === 'build') return { stack: 'dotnet', tool: 'dotnet', role: 'build' };
      return undefined;
    case 'make':
    case 'cmake':
    case 'ninja':
    case 'gcc':
    case 'g++':
    case 'cc':
    case 'c++':
    case 'clang':
    case 'clang++':
      return { stack: 'c', tool: name, role: 'build' };
    case 'hugo':
      return { stack: 'static', tool: 'hugo', role: 'build' };
    case 'mkdocs':
    case 'jekyll':
    case 'zola':
      return sub === 'build' ? { stack: 'static', tool: name, role: 'build' } : undefined;
    default:
      return JS_BUILDERS.has(name) && name !== 'next' ? { stack: 'node', tool: name, role: 'build' } : undefined;
  }
}

/** `apt-get install gcc`, `apk add build-base`...: a compiler lands in the image. */
export function installsCompiler(command: SimpleCommand): boolean {
  const name = program(command.argv);
  if (!['apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf'].includes(name)) return false;
  if (!command.argv.some((word) => word === 'install' || word === 'add')) return false;
  return command.argv.some((word) => COMPILER_PACKAGES.test(word));
}

/** `useradd`, `adduser`, `groupadd`, `addgroup`: the runtime image needs the account. */
export function createsUser(command: SimpleCommand): boolean {
  return ['useradd', 'adduser', 'groupadd', 'addgroup'].includes(program(command.argv));
}

/** Serves files (the app is a static site): `serve -s dist`, `http-server`, `python -m http.server`. */
export function servesStaticFiles(command: SimpleCommand): boolean {
  const argv = command.argv[0] === 'npx' ? command.argv.slice(1).filter((word) => !word.startsWith('-')) : command.argv;
  const name = program(argv);
  if (['serve', 'http-server', 'live-server', 'nginx', 'httpd'].includes(name)) return true;
  return (name === 'python' || name === 'python3') && argv[1] === '-m' && argv[2] === 'http.server';
}
