/**
 * Credentials from the user's Docker configuration only (`$DOCKER_CONFIG/config.json` or
 * `~/.docker/config.json`), never from the workspace: `credHelpers` for the host, then
 * `credsStore`, then the `auths` entry (`auth` base64 of `user:password`). Helpers are
 * `docker-credential-<name> get`, given the registry on stdin, with a time limit.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DOCKER_HUB } from './reference';

export interface Credentials {
  username: string;
  password: string;
}

export interface CredentialSource {
  /** Credentials for a registry domain as written in references (`ghcr.io`, `docker.io`, `localhost:5000`). */
  get(domain: string): Promise<Credentials | undefined>;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** Docker keeps Docker Hub credentials under this legacy URL and hands it to helpers. */
const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';
const HELPER_NAME = /^[\w.-]+$/;

export function dockerConfigDirectory(explicit?: string): string {
  return explicit ?? process.env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker');
}

export function dockerConfigCredentials(options: { configDir?: string; helperTimeoutMs?: number } = {}): CredentialSource {
  const configFile = path.join(dockerConfigDirectory(options.configDir), 'config.json');
  const helperTimeoutMs = options.helperTimeoutMs ?? 3_000;
  return {
    async get(domain) {
      const config = await readConfig(configFile);
      if (!config) return undefined;
      const host = normalizeHost(domain);
      const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => normalizeHost(key) === host)?.[1] ?? config.credsStore;
      if (helper) {
        const fromHelper = await runHelper(helper, host === DOCKER_HUB ? DOCKER_HUB_SERVER : domain, helperTimeoutMs);
        if (fromHelper) return fromHelper;
      }
      const entry = Object.entries(config.auths ?? {}).find(([key]) => normalizeHost(key) === host)?.[1];
      return entry ? decodeAuthEntry(entry) : undefined;
    },
  };
}

async function readConfig(file: string): Promise<DockerConfig | undefined> {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as DockerConfig) : undefined;
  } catch {
    return undefined; // no config, or unreadable: anonymous access
  }
}

/** `https://index.docker.io/v1/`, `index.docker.io`, `registry-1.docker.io` → `docker.io`; URLs → host. */
function normalizeHost(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? DOCKER_HUB : host;
}

function decodeAuthEntry(entry: { auth?: string; username?: string; password?: string }): Credentials | undefined {
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return undefined;
}

function runHelper(name: string, serverUrl: string, timeoutMs: number): Promise<Credentials | undefined> {
  if (!HELPER_NAME.test(name)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = execFile(`docker-credential-${name}`, ['get'], { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 }, (error, stdout) => {
      if (error) return resolve(undefined); // not installed, timed out, or "credentials not found"
      try {
        const answer = JSON.parse(stdout) as { Username?: string; Secret?: string };
        // `<token>` marks an identity token (OAuth refresh flow), which this client does not speak.
        resolve(answer.Username && answer.Secret && answer.Username !== '<token>' ? { username: answer.Username, password: answer.Secret } : undefined);
      } catch {
        resolve(undefined);
      }
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(serverUrl);
  });
}
