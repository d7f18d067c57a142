/**
 * Real builds for tests: Debian's buildah with private storage under a temp dir, the `vfs` driver
 * and `--isolation chroot` (no network bridges, no daemon), plus a busybox base image assembled
 * offline so nothing is ever pulled.
 *
 *   const buildah = await createBuildah();
 *   if ('unavailable' in buildah) return t.skip(buildah.unavailable);
 *   try {
 *     const base = await buildah.busyboxBase();            // 'localhost/busybox-base:1'
 *     await buildah.build({ dockerfileText: `FROM ${base}\nRUN echo hi > /x`, contextDir, tag: 'localhost/app:1' });
 *     await buildah.imageSize('localhost/app:1');           // exact uncompressed bytes
 *   } finally { await buildah.dispose(); }
 *
 * Real toolchain images (golang, rust, node, python, JDK, slim and distroless stand-ins) live in a
 * read-only image store outside the clone; test/support/toolchains.ts opens an instance that sees
 * them (`createBuildah({ imageStores: [store] })`).
 */
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

const BUSYBOX = '/bin/busybox';
const DEFAULT_TIMEOUT_MS = 180_000;
/** Where `run` mounts the folder that receives a command's stdout (see runCapturingStdout). */
const CAPTURE_MOUNT = '/.stagecraft-capture';
export const BUILDAH_INSTALL_HINT = 'install with: apt-get install -y buildah busybox-static';

export interface BuildOptions {
  /** Path of the Dockerfile (absolute, or relative to `contextDir`). */
  dockerfile?: string;
  /** Or its text: written to a temp file outside the context. */
  dockerfileText?: string;
  contextDir: string;
  tag: string;
  /** Default 'never': tests must not reach any registry. */
  pull?: 'never' | 'missing';
  target?: string;
  buildArgs?: Record<string, string>;
  /** Bind mounts for RUN steps (`host:container[:options]`), e.g. the host's CA bundle; never in a layer. */
  volumes?: string[];
  /** Default 180 s. */
  timeoutMs?: number;
}

export interface BuildOutcome {
  ok: boolean;
  /** buildah's stdout and stderr, interleaved per stream (stdout first). */
  output: string;
}

export interface RunOptions {
  /** `user[:group]` to run as (default: the image's USER). */
  user?: string;
  /** Working directory (default: the image's WORKDIR). */
  workdir?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /**
   * A working container of the image (`buildah from`) to run in, kept afterwards: on vfs every new
   * container copies the image's whole root file system, so several checks of one image share one.
   */
  container?: string;
}

/** A process started in a container (a server under test); `stop` kills it and removes the container. */
export interface RunningContainer {
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code when the process ends by itself. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface ImageConfig {
  entrypoint: string[];
  cmd: string[];
  env: string[];
  workingDir?: string;
  user?: string;
  exposedPorts: string[];
  labels: Record<string, string>;
}

export interface LayerInfo {
  digest: string;
  /** Uncompressed tar bytes of the layer as stored locally. */
  bytes: number;
  /** The history entry that produced the layer (e.g. `/bin/sh -c echo hi > /x`), when known. */
  createdBy?: string;
}

export interface Buildah {
  /** Private directory holding this instance's storage and temp files. */
  readonly dir: string;
  /** The storage driver of its private store. */
  readonly driver: 'vfs' | 'overlay';
  /** Builds (once per instance and name) a base image from busybox-static; returns its reference. */
  busyboxBase(name?: string): Promise<string>;
  /** Builds and throws with buildah's output when the build fails. */
  build(options: BuildOptions): Promise<void>;
  /** Builds and reports success or failure (for tests that expect a failure). */
  tryBuild(options: BuildOptions): Promise<BuildOutcome>;
  /**
   * Exact uncompressed size: the sum of the layer `size` fields of the image manifest in
   * `buildah inspect --type image` (`.Manifest`). buildah stores layers as uncompressed tars, so
   * each size is the tar stream's length: file contents plus 512-byte tar headers and padding,
   * a little above what `docker images` shows for the same files.
   */
  imageSize(tag: string): Promise<number>;
  layers(tag: string): Promise<LayerInfo[]>;
  /** Runs `cmd` in a throw-away container of `tag` (chroot isolation); returns its stdout, read from a file (see runCapturingStdout). */
  run(tag: string, cmd: string[], options?: RunOptions): Promise<string>;
  /** Runs the image as `docker run` would: ENTRYPOINT + (`args` or CMD), as its USER in its WORKDIR. */
  runImage(tag: string, args?: string[], options?: RunOptions): Promise<string>;
  /**
   * Starts the image's ENTRYPOINT + CMD (or `cmd` when given) in the background, for servers. Chroot
   * isolation shares the host's network: a server listening on a port is reached on 127.0.0.1.
   */
  start(tag: string, cmd?: string[], options?: RunOptions): Promise<RunningContainer>;
  /** The image's config (ENTRYPOINT, CMD, ENV, WORKDIR, USER, EXPOSE, labels). */
  config(tag: string): Promise<ImageConfig>;
  /**
   * Pushes to e.g. `docker://127.0.0.1:PORT/repo:tag` without TLS; returns the pushed manifest
   * digest. Layers are gzip-compressed by buildah on the way (`compressed` false keeps them raw).
   */
  push(tag: string, destination: string, options?: { format?: 'oci' | 'v2s2'; compressed?: boolean }): Promise<string>;
  /** Any other buildah command with this instance's storage flags. */
  exec(args: string[], timeoutMs?: number): Promise<string>;
  /** Removes containers, images and the temp dir. Safe to call twice. */
  dispose(): Promise<void>;
}

export class BuildahError extends Error {
  constructor(readonly args: string[], readonly output: string) {
    super(`buildah ${args.join(' ')} failed:\n${output.slice(-4000)}`);
  }
}

export interface CreateOptions {
  /**
   * Read-only image stores (vfs) whose images this instance sees besides its own, e.g. the
   * toolchain images of scripts/toolchain-images.sh. `dispose` never removes their images.
   */
  imageStores?: string[];
  /**
   * Storage driver (default vfs, which works anywhere but copies the whole root file system for
   * every container and layer). `overlay` needs a kernel overlay mount (root) and image stores of
   * the same driver.
   */
  driver?: 'vfs' | 'overlay';
}

/** A ready instance, or why buildah cannot run here (for `t.skip`). */
export async function createBuildah(options: CreateOptions = {}): Promise<Buildah | { unavailable: string }> {
  const missing = await missingTools();
  if (missing) return { unavailable: `${missing}; ${BUILDAH_INSTALL_HINT}` };
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stagecraft-buildah-'));
  return new BuildahInstance(dir, options.imageStores ?? [], options.driver ?? 'vfs');
}

async function missingTools(): Promise<string | undefined> {
  try {
    await runCommand('buildah', ['--version'], {}, 10_000);
  } catch {
    return 'buildah is not installed';
  }
  if (!(await isStaticExecutable(BUSYBOX))) return `${BUSYBOX} is missing or not statically linked (busybox-static)`;
  return undefined;
}

/** A scratch image can only run a binary that needs no dynamic loader (ELF without PT_INTERP). */
async function isStaticExecutable(file: string): Promise<boolean> {
  let elf: Buffer;
  try {
    elf = await fs.readFile(file);
  } catch {
    return false;
  }
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2 /* 64-bit */) return false;
  const little = elf[5] === 1;
  const u16 = (at: number) => (little ? elf.readUInt16LE(at) : elf.readUInt16BE(at));
  const u32 = (at: number) => (little ? elf.readUInt32LE(at) : elf.readUInt32BE(at));
  const programHeaders = Number(little ? elf.readBigUInt64LE(0x20) : elf.readBigUInt64BE(0x20));
  const entrySize = u16(0x36);
  const count = u16(0x38);
  const PT_INTERP = 3;
  for (let i = 0; i < count; i++) if (u32(programHeaders + i * entrySize) === PT_INTERP) return false;
  return true;
}

class BuildahInstance implements Buildah {
  private readonly bases = new Map<string, Promise<string>>();
  private disposed = false;

  constructor(readonly dir: string, private readonly imageStores: string[], readonly driver: 'vfs' | 'overlay' = 'vfs') {}

  private get storageFlags(): string[] {
    const flags = ['--root', path.join(this.dir, 'root'), '--runroot', path.join(this.dir, 'runroot'), '--storage-driver', this.driver];
    if (this.imageStores.length > 0) flags.push('--storage-opt', `${this.driver}.imagestore=${this.imageStores.join(',')}`);
    return flags;
  }

  private get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      BUILDAH_ISOLATION: 'chroot',
      TMPDIR: path.join(this.dir, 'tmp'),
      // Never read or write the real user's registry credentials.
      REGISTRY_AUTH_FILE: path.join(this.dir, 'auth.json'),
    };
  }

  async exec(args: string[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
    if (this.disposed) throw new Error('buildah instance already disposed');
    await this.prepareDirs();
    return runCommand('buildah', [...this.storageFlags, ...args], this.env, timeoutMs);
  }

  private prepared = false;
  private async prepareDirs(): Promise<void> {
    if (this.prepared) return;
    await fs.mkdir(path.join(this.dir, 'tmp'), { recursive: true });
    await fs.writeFile(path.join(this.dir, 'auth.json'), '{"auths":{}}\n');
    this.prepared = true;
  }

  busyboxBase(name = 'localhost/busybox-base:1'): Promise<string> {
    let base = this.bases.get(name);
    if (!base) {
      base = this.assembleBusyboxBase(name);
      base.catch(() => this.bases.delete(name));
      this.bases.set(name, base);
    }
    return base;
  }

  private async assembleBusyboxBase(name: string): Promise<string> {
    const rootfs = path.join(this.dir, 'busybox-rootfs');
    await fs.rm(rootfs, { recursive: true, force: true });
    await fs.mkdir(path.join(rootfs, 'bin'), { recursive: true });
    await fs.mkdir(path.join(rootfs, 'tmp'), { mode: 0o1777 });
    await fs.chmod(path.join(rootfs, 'tmp'), 0o1777);
    await fs.copyFile(BUSYBOX, path.join(rootfs, 'bin/busybox'));
    await fs.chmod(path.join(rootfs, 'bin/busybox'), 0o755);
    const applets = (await runCommand(BUSYBOX, ['--list'], {}, 10_000)).split('\n').map((a) => a.trim());
    for (const applet of applets) {
      if (applet && applet !== 'busybox' && /^[\w.[-]+$/.test(applet)) await fs.symlink('busybox', path.join(rootfs, 'bin', applet));
    }
    const container = (await this.exec(['from', 'scratch'])).trim();
    try {
      await this.exec(['copy', container, rootfs + '/', '/']);
      await this.exec(['config', '--env', 'PATH=/bin', '--cmd', '/bin/sh', container]);
      await this.exec(['commit', '--quiet', container, name]);
    } finally {
      await this.exec(['rm', container]).catch(() => undefined);
    }
    return name;
  }

  async build(options: BuildOptions): Promise<void> {
    const outcome = await this.tryBuild(options);
    if (!outcome.ok) throw new BuildahError(['bud', '-t', options.tag], outcome.output);
  }

  async tryBuild(options: BuildOptions): Promise<BuildOutcome> {
    const dockerfile = await this.dockerfilePath(options);
    const args = ['bud', '--isolation', 'chroot', `--pull=${options.pull ?? 'never'}`, '--tls-verify=false', '-f', dockerfile, '-t', options.tag];
    if (options.target) args.push('--target', options.target);
    for (const [key, value] of Object.entries(options.buildArgs ?? {})) args.push('--build-arg', `${key}=${value}`);
    for (const volume of options.volumes ?? []) args.push('--volume', volume);
    args.push(options.contextDir);
    try {
      return { ok: true, output: await this.exec(args, options.timeoutMs) };
    } catch (error) {
      if (error instanceof BuildahError) return { ok: false, output: error.output };
      throw error;
    }
  }

  private async dockerfilePath(options: BuildOptions): Promise<string> {
    if (options.dockerfileText !== undefined) {
      const file = path.join(await fs.mkdtemp(path.join(this.dir, 'dockerfile-')), 'Dockerfile');
      await fs.writeFile(file, options.dockerfileText);
      return file;
    }
    if (!options.dockerfile) throw new Error('build needs dockerfile or dockerfileText');
    return path.resolve(options.contextDir, options.dockerfile);
  }

  private async inspectImage(tag: string): Promise<InspectedImage> {
    const inspected = JSON.parse(await this.exec(['inspect', '--type', 'image', tag])) as RawInspect;
    // `.Manifest` is the manifest as a JSON string in buildah 1.28; accept an object too.
    const manifest = (typeof inspected.Manifest === 'string' ? JSON.parse(inspected.Manifest) : inspected.Manifest) as InspectedImage['manifest'];
    return { manifest, history: inspected.OCIv1?.history ?? [], config: inspected.OCIv1?.config ?? {} };
  }

  async config(tag: string): Promise<ImageConfig> {
    const { config } = await this.inspectImage(tag);
    return {
      entrypoint: config.Entrypoint ?? [],
      cmd: config.Cmd ?? [],
      env: config.Env ?? [],
      ...(config.WorkingDir ? { workingDir: config.WorkingDir } : {}),
      ...(config.User ? { user: config.User } : {}),
      exposedPorts: Object.keys(config.ExposedPorts ?? {}),
      labels: config.Labels ?? {},
    };
  }

  async imageSize(tag: string): Promise<number> {
    const { manifest } = await this.inspectImage(tag);
    return manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
  }

  async layers(tag: string): Promise<LayerInfo[]> {
    const { manifest, history } = await this.inspectImage(tag);
    const producing = history.filter((entry) => !entry.empty_layer);
    // History and layers line up only when every non-empty history entry made one layer.
    const aligned = producing.length === manifest.layers.length;
    return manifest.layers.map((layer, i) => ({
      digest: layer.digest,
      bytes: layer.size,
      ...(aligned && producing[i].created_by ? { createdBy: producing[i].created_by } : {}),
    }));
  }

  async run(tag: string, cmd: string[], options: RunOptions = {}): Promise<string> {
    const container = options.container ?? (await this.exec(['from', '--pull=never', tag])).trim();
    try {
      return await this.runCapturingStdout(container, cmd, options);
    } finally {
      if (!options.container) await this.exec(['rm', container]).catch(() => undefined);
    }
  }

  private captureDir?: Promise<string>;
  private captures = 0;

  /**
   * Runs `cmd` with its stdout written straight to a file of a host folder mounted in the
   * container, not relayed by buildah: with `--isolation chroot`, buildah (1.28 to this day,
   * chroot/run_common.go) copies the container's output in a goroutine that its process does not
   * wait for before `os.Exit`, so under load a command's last output (or all of it) can be lost
   * while the run still succeeds. A static busybox from the same folder does the redirection; it
   * looks the program up on the container's PATH and execs that file, so the image's own programs
   * run, never busybox's applets.
   */
  private async runCapturingStdout(container: string, cmd: string[], options: RunOptions): Promise<string> {
    this.captureDir ??= (async () => {
      const dir = path.join(this.dir, 'capture');
      await fs.mkdir(dir, { recursive: true });
      await fs.chmod(dir, 0o755);
      await fs.copyFile(BUSYBOX, path.join(dir, 'busybox'));
      await fs.chmod(path.join(dir, 'busybox'), 0o755);
      return dir;
    })();
    const dir = await this.captureDir;
    const name = `stdout-${++this.captures}`;
    const file = path.join(dir, name);
    // Writable by the image's USER, whoever that is.
    await fs.writeFile(file, '');
    await fs.chmod(file, 0o666);
    // The program keeps its argv[0] and an environment without the shell's own SHLVL and PWD.
    const script = [
      `out=${CAPTURE_MOUNT}/$1; name=$2; shift 2`,
      `case $name in */*) found=$name ;; *) found=$(${CAPTURE_MOUNT}/busybox which "$name") || { echo "$name: not found" >&2; exit 127; } ;; esac`,
      'unset SHLVL PWD',
      'exec -a "$name" "$found" "$@" > "$out"',
    ].join('\n');
    const wrapped = [`${CAPTURE_MOUNT}/busybox`, 'sh', '-c', script, 'sh', name, ...cmd];
    try {
      await this.exec(['run', ...runFlags(options), '--volume', `${dir}:${CAPTURE_MOUNT}`, container, '--', ...wrapped], options.timeoutMs);
      return await fs.readFile(file, 'utf8');
    } catch (error) {
      if (error instanceof BuildahError) throw new BuildahError(['run', container, '--', ...cmd], `${await fs.readFile(file, 'utf8').catch(() => '')}${error.output}`);
      throw error;
    } finally {
      await fs.rm(file, { force: true });
    }
  }

  private async imageCommand(tag: string, args?: string[]): Promise<string[]> {
    const config = await this.config(tag);
    const command = [...config.entrypoint, ...(args ?? config.cmd)];
    if (command.length === 0) throw new Error(`${tag} has neither ENTRYPOINT nor CMD`);
    return command;
  }

  async runImage(tag: string, args?: string[], options: RunOptions = {}): Promise<string> {
    return this.run(tag, await this.imageCommand(tag, args), options);
  }

  async start(tag: string, cmd?: string[], options: RunOptions = {}): Promise<RunningContainer> {
    const command = cmd ?? (await this.imageCommand(tag));
    const container = options.container ?? (await this.exec(['from', '--pull=never', tag])).trim();
    // Its own process group, so stop() also ends what the command started.
    const child = spawn('buildah', [...this.storageFlags, 'run', ...runFlags(options), container, '--', ...command], {
      env: this.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let stopped = false;
    return {
      output: () => output,
      exited,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
        await exited;
        if (!options.container) await this.exec(['rm', container]).catch(() => undefined);
      },
    };
  }

  async push(tag: string, destination: string, options: { format?: 'oci' | 'v2s2'; compressed?: boolean } = {}): Promise<string> {
    const digestFile = path.join(this.dir, `digest-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    const args = ['push', '--tls-verify=false', '--digestfile', digestFile];
    if (options.format) args.push('--format', options.format);
    if (options.compressed === false) args.push('--disable-compression');
    await this.exec([...args, tag, destination]);
    return (await fs.readFile(digestFile, 'utf8')).trim();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.exec(['rm', '--all'], 60_000).catch(() => undefined);
    await this.exec(['rmi', '--all', '--force'], 60_000).catch(() => undefined);
    this.disposed = true;
    await fs.rm(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

interface RawConfig {
  Entrypoint?: string[];
  Cmd?: string[];
  Env?: string[];
  WorkingDir?: string;
  User?: string;
  ExposedPorts?: Record<string, object>;
  Labels?: Record<string, string>;
}

interface RawInspect {
  Manifest: string | object;
  OCIv1?: { history?: { created_by?: string; empty_layer?: boolean }[]; config?: RawConfig };
}

interface InspectedImage {
  manifest: { layers: { digest: string; size: number }[] };
  history: { created_by?: string; empty_layer?: boolean }[];
  config: RawConfig;
}

function runFlags(options: RunOptions): string[] {
  const flags = ['--isolation', 'chroot'];
  if (options.user) flags.push('--user', options.user);
  if (options.workdir) flags.push('--workingdir', options.workdir);
  for (const [key, value] of Object.entries(options.env ?? {})) flags.push('--env', `${key}=${value}`);
  return flags;
}

function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env: Object.keys(env).length ? env : process.env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error) reject(new BuildahError(args, `${stdout}${stderr}\n${error.message}`));
      else resolve(stdout);
    });
  });
}

/**
 * Outside CI a missing tool skips the test with the install hint; in CI (which installs every
 * tool) it fails the test instead, so nothing is silently skipped there.
 */
export function skipUnavailable(t: { skip(message?: string): void }, reason: string): void {
  if (process.env.CI === 'true') throw new Error(`required tool unavailable in CI: ${reason}`);
  t.skip(`SKIPPED: ${reason}`);
}
