// `npm run package`: the production build, then `vsce package` into stagecraft-<version>.vsix.
// Prints the size and the file list, and fails when anything outside the allow-list gets in
// (a test fixture, node_modules, source maps, sources) or the package passes 1.5 MB.
// Afterwards the development build (with source maps) is restored, so F5 debugging keeps working.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

export const MAX_VSIX_BYTES = 1.5 * 1024 * 1024;

/** Paths inside the .vsix's `extension/` folder that may ship. */
export const ALLOWED = [
  /^package\.json$/,
  /^readme\.md$/i,
  /^changelog\.md$/i,
  /^LICENSE(\.txt)?$/,
  /^images\/icon\.png$/,
  /^dist\/(extension|languageClient|server|cli)\.js$/,
  /^syntaxes\/dockerfile\.tmLanguage\.json$/,
  /^server\/data\/[^/]+\.json$/,
];
/** What the .vsix must hold to work at all. */
export const REQUIRED = ['package.json', 'dist/extension.js', 'dist/languageClient.js', 'dist/server.js', 'syntaxes/dockerfile.tmLanguage.json', 'images/icon.png', 'LICENSE.txt'];

/** Name and uncompressed size of every entry, read from the zip's central directory. */
export function readZipEntries(zip) {
  const endOfDirectory = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOfDirectory < 0) throw new Error('not a zip file');
  const count = zip.readUInt16LE(endOfDirectory + 10);
  let at = zip.readUInt32LE(endOfDirectory + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      size: zip.readUInt32LE(at + 24),
      compressedSize: zip.readUInt32LE(at + 20),
      method: zip.readUInt16LE(at + 10),
      localHeader: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The uncompressed content of one entry (stored or deflated). */
export function readZipEntry(zip, entry) {
  const nameLength = zip.readUInt16LE(entry.localHeader + 26);
  const extraLength = zip.readUInt16LE(entry.localHeader + 28);
  const start = entry.localHeader + 30 + nameLength + extraLength;
  const data = zip.subarray(start, start + entry.compressedSize);
  return entry.method === 0 ? data : inflateRawSync(data);
}

/** Problems with a packaged .vsix: entries off the allow-list, missing entries, too big. */
export function vsixProblems(entries, bytes) {
  const problems = [];
  const shipped = entries.filter((e) => e.name.startsWith('extension/')).map((e) => e.name.slice('extension/'.length));
  for (const name of shipped) {
    if (!ALLOWED.some((pattern) => pattern.test(name))) problems.push(`not on the allow-list: ${name}`);
    if (/(^|\/)(node_modules|fixtures)\//.test(name)) problems.push(`leaked in: ${name}`);
  }
  for (const name of REQUIRED) if (!shipped.includes(name)) problems.push(`missing: ${name}`);
  if (bytes > MAX_VSIX_BYTES) problems.push(`too big: ${bytes} bytes > ${MAX_VSIX_BYTES}`);
  return problems;
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const out = path.join(root, `stagecraft-${version}.vsix`);
  const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
  try {
    run(process.execPath, ['scripts/build.mjs', '--production'], root);
    // Everything is bundled into dist/, so vsce need not (and must not) look at node_modules.
    run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], root);
  } finally {
    run(process.execPath, ['scripts/build.mjs'], root);
  }
  const zip = readFileSync(out);
  const entries = readZipEntries(zip);
  const bytes = statSync(out).size;
  console.log(`\n${path.basename(out)}: ${(bytes / 1024).toFixed(1)} KiB (limit ${MAX_VSIX_BYTES / 1024} KiB), ${entries.length} files`);
  for (const entry of entries) console.log(`  ${String(entry.size).padStart(9)}  ${entry.name}`);
  const problems = vsixProblems(entries, bytes);
  if (problems.length > 0) {
    console.error(`\npackage: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
