/**
 * A local Python package index for real builds: PyPI is not reachable here, so
 * scripts/python-index.sh makes one from Debian's python3-* packages (flask, requests, PyYAML,
 * gunicorn, waitress, poetry, pipenv and their dependencies as wheels, setuptools and wheel, an sdist
 * with a C extension) under
 * ~/.cache/stagecraft/python-index, and this serves it as a PEP 503 simple index on 127.0.0.1
 * (buildah --isolation chroot shares the host's network).
 *
 *   const index = await pythonIndex();
 *   if ('unavailable' in index) return skipUnavailable(t, index.unavailable);
 *   try { await buildah.build({ ..., buildArgs: { PIP_INDEX_URL: index.url, PIP_TRUSTED_HOST: index.host } }); }
 *   finally { await index.close(); }
 *
 * The Dockerfile declares `ARG PIP_INDEX_URL` and `ARG PIP_TRUSTED_HOST` so pip sees them in RUN.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

export const PYTHON_INDEX_SCRIPT = path.resolve(__dirname, '../../scripts/python-index.sh');

export interface PythonIndex {
  /** `http://127.0.0.1:PORT/simple/`: PIP_INDEX_URL. */
  url: string;
  /** PIP_TRUSTED_HOST (plain http). */
  host: string;
  /** The index directory: files/ (wheels and sdists, for `--find-links`), simple/, manifest.json. */
  dir: string;
  close(): Promise<void>;
}

/** Makes the index if needed (a few seconds, once) and serves it; or says why it cannot. */
export async function pythonIndex(): Promise<PythonIndex | { unavailable: string }> {
  let dir: string;
  try {
    dir = await new Promise<string>((resolve, reject) =>
      execFile('bash', [PYTHON_INDEX_SCRIPT], { timeout: 600_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim().split('\n').pop() ?? '')));
  } catch (error) {
    return { unavailable: `local Python index not made (${(error as Error).message.split('\n')[0]}); it needs dpkg-deb, python3 and Debian's apt mirror: bash scripts/python-index.sh` };
  }
  const root = path.resolve(dir);
  const server = http.createServer((request, response) => {
    // Static files only, inside the index directory: /simple/<project>/ → index.html.
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = path.resolve(root, `.${pathname}`);
    if (file !== root && !file.startsWith(`${root}${path.sep}`)) return void response.writeHead(404).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) return void response.writeHead(404).end();
    // PyPI's caching headers: pip keeps a download in its HTTP cache only when the response allows it.
    const page = file.endsWith('.html');
    response.writeHead(200, { 'content-type': page ? 'text/html' : 'application/octet-stream', 'cache-control': page ? 'max-age=600, public' : 'max-age=365000000, immutable, public' });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/simple/`,
    host: '127.0.0.1',
    dir: root,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
