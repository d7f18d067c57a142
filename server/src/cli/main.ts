/**
 * The `stagecraft` command line. Exit codes: 0 no errors, 1 errors found, 2 usage or I/O problem
 * (always a one-line message, never a stack trace).
 */
import { version } from '../../../package.json';
import { InputError, UsageError } from './readDockerfile';

export const VERSION: string = version;

type Run = (args: string[]) => Promise<number>;

export interface CommandSpec {
  /** One line for the overview. */
  summary: string;
  /** The whole `stagecraft <command> --help` text. */
  help: string;
  run: Run;
}

/** The commands, registered by their modules (check.ts, estimate.ts). */
export const COMMANDS = new Map<string, CommandSpec>();

export const EXIT_CODES = ['Exit codes:', '  0  done, no errors', '  1  errors found (check only)', '  2  usage problem, unreadable file, or a --target no stage has'].join('\n');

function overview(): string {
  const width = Math.max(...[...COMMANDS.keys()].map((name) => name.length));
  return [
    `stagecraft ${VERSION}: checks multi-stage Dockerfiles the way BuildKit reads them, and estimates image sizes.`,
    '',
    'Usage:',
    ...[...COMMANDS.keys()].map((name) => `  stagecraft ${name} [options] <Dockerfile>...`),
    '  stagecraft <command> --help',
    '  stagecraft --version',
    '',
    'Commands:',
    ...[...COMMANDS].map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    EXIT_CODES,
  ].join('\n');
}

interface ParsedArgs {
  flags: Map<string, string | true>;
  positional: string[];
}

/** Parses `--name value`, `--name=value` and boolean flags; `valued` lists the flags that take a value. */
/** `repeatable` flags may be given more than once: their values are joined with commas (`--platform a --platform b` = `--platform a,b`). */
export function parseArgs(args: string[], valued: Set<string>, booleans: Set<string>, repeatable: ReadonlySet<string> = new Set()): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg.slice(2) : arg.slice(2, equals);
    if (valued.has(name)) {
      const value = equals < 0 ? args[++i] : arg.slice(equals + 1);
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      const earlier = flags.get(name);
      flags.set(name, repeatable.has(name) && typeof earlier === 'string' ? `${earlier},${value}` : value);
    } else if (booleans.has(name) && equals < 0) {
      flags.set(name, true);
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  return { flags, positional };
}

/** `--help` or `-h` before any `--`. */
function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(`${overview()}\n`);
    return 2;
  }
  if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    process.stdout.write(`${overview()}\n`);
    return 0;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (name === 'help') return main([rest[0], '--help']);
  const command = COMMANDS.get(name);
  if (!command) {
    process.stderr.write(`stagecraft: unknown command '${name}' (commands: ${[...COMMANDS.keys()].join(', ')}; see stagecraft --help)\n`);
    return 2;
  }
  if (wantsHelp(rest)) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    const message = error instanceof InputError ? error.message : error instanceof UsageError ? `${error.message} (see stagecraft ${name} --help)` : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`stagecraft ${name}: ${message}\n`);
    return 2;
  }
}
