/** Reads a Dockerfile for the CLI, refusing what is not one with a one-line reason. */
import { promises as fs } from 'node:fs';

/** A wrong command line: the message points to `--help`. */
export class UsageError extends Error {}

/** A file or value the command cannot work with: the message says all there is to say. */
export class InputError extends UsageError {}

const MAX_BYTES = 64 * 1024 * 1024;

export async function readDockerfile(file: string): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? 'error'})`);
  }
  if (stat.isDirectory()) throw new InputError(`${file}: is a directory, not a Dockerfile`);
  if (!stat.isFile()) throw new InputError(`${file}: not a regular file`);
  if (stat.size > MAX_BYTES) throw new InputError(`${file}: too large for a Dockerfile (${stat.size} bytes)`);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    throw new InputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (bytes.subarray(0, 8192).includes(0)) throw new InputError(`${file}: binary file, not a Dockerfile`);
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}
