/**
 * Starts code-server on a free loopback port with a private HOME, and stops its whole
 * process group (it leaves children behind otherwise).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { DEAD_PROXY, writeUserSettings } from './settings';

export interface CodeServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Everything code-server printed so far. */
  output(): string;
  /** Rejects if code-server exits before stop(): a run waiting on it should give up at once. */
  died: Promise<never>;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  binary: string;
  /** A fresh folder for this run: HOME, XDG dirs, TMPDIR, user data and extensions go inside. */
  runDir: string;
  workspace: string;
  /** Extra environment for code-server and so for the extension host (report paths). */
  env: Record<string, string>;
  readyTimeoutMs?: number;
}

export class PortInUseError extends Error {}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

/** The private environment: nothing of the user's HOME, no test-runner or VS Code variables leaking in. */
export function privateEnvironment(runDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VSCODE_|ELECTRON_|NODE_TEST_|NODE_OPTIONS$|npm_)/.test(key)) continue;
    env[key] = value;
  }
  const dirs = { HOME: 'home', XDG_CONFIG_HOME: 'home/.config', XDG_DATA_HOME: 'home/.local/share', XDG_CACHE_HOME: 'home/.cache', TMPDIR: 'tmp' };
  for (const [key, relative] of Object.entries(dirs)) {
    env[key] = path.join(runDir, relative);
    fs.mkdirSync(env[key]!, { recursive: true });
  }
  // Loopback only: requests to other hosts (the extension gallery, GitHub) fail at once through a dead proxy.
  Object.assign(env, { HTTP_PROXY: DEAD_PROXY, HTTPS_PROXY: DEAD_PROXY, http_proxy: DEAD_PROXY, https_proxy: DEAD_PROXY, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' });
  return { ...env, ...extra };
}

function healthy(origin: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(`${origin}/healthz`, { timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => {
      request.destroy();
      resolve(false);
    });
  });
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // the group is gone already
    }
  };
  signal('SIGTERM');
  const killLater = setTimeout(() => signal('SIGKILL'), 3000);
  return exited.finally(() => {
    clearTimeout(killLater);
    signal('SIGKILL'); // children that outlived the launcher
  });
}

async function startOnPort(options: CodeServerOptions, port: number): Promise<CodeServer> {
  const userDataDir = path.join(options.runDir, 'user-data');
  const extensionsDir = path.join(options.runDir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir);
  const args = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--vscode-option', 'enable-smoke-test-driver', // without it the workbench ignores the test payload
    options.workspace,
  ];
  const env = privateEnvironment(options.runDir, options.env);
  const child = spawn(options.binary, args, { detached: true, env, stdio: ['ignore', 'pipe', 'pipe'], cwd: options.runDir });
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const origin = `http://127.0.0.1:${port}`;
  let stopping = false;
  const died = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => {
      if (!stopping) reject(new Error(`code-server exited (${code ?? signal}) during the run\n--- code-server output ---\n${output.slice(-4000)}`));
    });
  });
  died.catch(() => undefined); // nobody may be listening yet
  const stop = () => {
    stopping = true;
    return stopGroup(child);
  };
  const server: CodeServer = { port, origin, output: () => output, died, stop };

  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (!(await healthy(origin))) {
    const exited = child.exitCode !== null || child.signalCode !== null;
    if (spawnError || exited || Date.now() > deadline) {
      await server.stop();
      if (/EADDRINUSE/.test(output)) throw new PortInUseError(`port ${port} is in use`);
      const why = spawnError ? `could not start ${options.binary}: ${spawnError.message}`
        : exited ? `code-server exited (${child.exitCode ?? child.signalCode}) before it was ready`
        : `code-server did not answer ${origin}/healthz within ${options.readyTimeoutMs ?? 30_000} ms`;
      throw new Error(`${why}\n--- code-server output ---\n${output.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return server;
}

/** Starts code-server; a port taken between choosing and binding it gets one more try on another. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  try {
    return await startOnPort(options, await freeLoopbackPort());
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    return startOnPort(options, await freeLoopbackPort());
  }
}
