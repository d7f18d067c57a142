/**
 * The `stagecraft` command line. Exit codes: 0 no errors, 1 errors found, 2 usage or I/O problem
 * (always a one-line message, never a stack trace).
 */
import { checkFiles, formatJson, formatSarif, formatText, hasErrors } from './check';
import { UsageError } from './readDockerfile';

const USAGE = `usage: stagecraft check [--format text|json|sarif] [--stages-only] [--target NAME] <Dockerfile>...`;

type Command = (args: string[]) => Promise<number>;

/** Commands added by other features register here (e.g. `estimate`). */
export const COMMANDS = new Map<string, { usage: string; run: Command }>();

interface ParsedArgs {
  flags: Map<string, string | true>;
  positional: string[];
}

/** Parses `--name value`, `--name=value` and boolean flags; `valued` lists the flags that take a value. */
export function parseArgs(args: string[], valued: Set<string>, booleans: Set<string>): ParsedArgs {
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
      flags.set(name, value);
    } else if (booleans.has(name) && equals < 0) {
      flags.set(name, true);
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  return { flags, positional };
}

COMMANDS.set('check', {
  usage: USAGE,
  run: async (args) => {
    const { flags, positional } = parseArgs(args, new Set(['format', 'target']), new Set(['stages-only']));
    const format = (flags.get('format') as string | undefined) ?? 'text';
    if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format '${format}' (text, json or sarif)`);
    if (positional.length === 0) throw new UsageError('no Dockerfile given');
    const results = await checkFiles(positional, { stagesOnly: flags.has('stages-only'), target: flags.get('target') as string | undefined });
    const output = format === 'json' ? formatJson(results) : format === 'sarif' ? formatSarif(results) : formatText(results);
    process.stdout.write(`${output}\n`);
    return hasErrors(results) ? 1 : 0;
  },
});

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${[...COMMANDS.values()].map((command) => command.usage).join('\n')}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS.get(name);
  if (!command) {
    process.stderr.write(`stagecraft: unknown command '${name}' (commands: ${[...COMMANDS.keys()].join(', ')})\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    const message = error instanceof UsageError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`stagecraft ${name}: ${message}\n`);
    return 2;
  }
}
