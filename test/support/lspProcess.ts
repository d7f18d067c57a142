/** A minimal LSP client over stdio for protocol tests and benchmarks: the real server, the real wire format. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { code?: string | number; source?: string; message: string; severity?: number; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export const SERVER_PATH = path.resolve(__dirname, '../../dist/server.js');

export class LspProcess {
  private nextId = 1;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, Pending>();
  private readonly diagnosticWaiters = new Map<string, ((params: PublishedDiagnostics) => void)[]>();
  readonly logs: string[] = [];
  /** What the server registered dynamically (`client/registerCapability`). */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly stderr: string[] = [];

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
  }

  /** Our server by default; `serverPath` runs another Node language server (a benchmark's anchor) the same way. */
  static async start(args: string[] = ['--stdio'], serverPath = SERVER_PATH): Promise<LspProcess> {
    return new LspProcess(spawn(process.execPath, [serverPath, ...args], { stdio: 'pipe' }));
  }

  /** True once the process has exited (crashed or shut down). */
  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Ends the process at once (a benchmark's anchor that no longer answers). */
  kill(): void {
    this.child.kill('SIGKILL');
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.onMessage(JSON.parse(body));
    }
  }

  private onMessage(message: { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } }): void {
    if (message.id !== undefined && message.method === undefined) {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) pending?.reject(new Error(message.error.message));
      else pending?.resolve(message.result);
      return;
    }
    if (message.method === 'textDocument/publishDiagnostics') {
      const params = message.params as PublishedDiagnostics;
      const waiters = this.diagnosticWaiters.get(params.uri);
      const waiter = waiters?.shift();
      if (waiter) waiter(params);
      return;
    }
    if (message.method === 'window/logMessage') {
      this.logs.push((message.params as { message: string }).message);
      return;
    }
    if (message.id !== undefined && message.method) {
      if (message.method === 'client/registerCapability') this.registrations.push(...(message.params as { registrations: { method: string; registerOptions?: unknown }[] }).registrations);
      // A request from the server (e.g. workspace/configuration): answer with nothing configured.
      const result = message.method === 'workspace/configuration' ? ((message.params as { items: unknown[] }).items.map(() => null)) : null;
      this.send({ jsonrpc: '2.0', id: message.id, result });
    }
  }

  private send(message: unknown): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request<T>(method: string, params: unknown, timeoutMs = 10_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no answer in ${timeoutMs} ms`)), timeoutMs);
      this.pending.set(id, {
        resolve: (value) => { clearTimeout(timer); resolve(value as T); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** `rootUri`: the workspace folder the server scans (builds, target mentions); none by default. `workspaceCapabilities`: more client capabilities (e.g. `didChangeWatchedFiles`). */
  initialize(initializationOptions: Record<string, unknown> = {}, rootUri: string | null = null, workspaceCapabilities: Record<string, unknown> = {}): Promise<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }> {
    return this.request<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }>('initialize', {
      processId: process.pid,
      rootUri,
      capabilities: { workspace: { configuration: true, ...workspaceCapabilities }, textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } } },
      initializationOptions,
    }).then((result) => {
      this.notify('initialized', {});
      return result;
    });
  }

  /** The next publishDiagnostics for `uri` (of document version `version`, when given: the server may republish older versions, e.g. after reading settings). */
  nextDiagnostics(uri: string, version?: number, timeoutMs = 10_000): Promise<PublishedDiagnostics> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}${version === undefined ? '' : ` version ${version}`} in ${timeoutMs} ms`)), timeoutMs);
      const wait = () => {
        const list = this.diagnosticWaiters.get(uri) ?? [];
        list.push((params) => {
          if (version !== undefined && params.version !== version) return wait();
          clearTimeout(timer);
          resolve(params);
        });
        this.diagnosticWaiters.set(uri, list);
      };
      wait();
    });
  }

  /** shutdown + exit; resolves with the process exit code. */
  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    if (this.child.exitCode !== null) return this.child.exitCode;
    try {
      await this.request('shutdown', null, 5000);
      this.notify('exit', null);
    } catch {
      this.child.kill();
    }
    return exited;
  }
}
