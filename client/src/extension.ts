/**
 * The Stagecraft extension: a thin client that starts the language server over IPC for
 * Dockerfiles and passes it the workspace's trust and the user's settings.
 */
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { resolveLanguageFeatures, type LanguageFeaturesSetting } from './languageFeatures';
import { registerSizeReport } from './sizeReport';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;

function initializationOptions(context: vscode.ExtensionContext) {
  const config = vscode.workspace.getConfiguration('stagecraft');
  const setting = config.get<LanguageFeaturesSetting>('languageFeatures', 'auto');
  return {
    languageFeatures: resolveLanguageFeatures(setting, (id) => vscode.extensions.getExtension(id) !== undefined),
    trusted: vscode.workspace.isTrusted,
    registryLookups: config.get<boolean>('registry.lookups', true),
    cacheDir: context.globalStorageUri.fsPath,
  };
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  // Loaded here, not at the top: evaluating the client library is most of the extension's load time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, resolved beside dist/extension.js
  const { LanguageClient, TransportKind } = require('./languageClient.js') as typeof import('./languageClient');
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const options = initializationOptions(context);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'dockerfile' }],
    outputChannel: output,
    initializationOptions: options,
    synchronize: { configurationSection: 'stagecraft' },
  };
  output.info(`Starting the Stagecraft language server (features: ${options.languageFeatures}, trusted: ${options.trusted})`);
  client = new LanguageClient('stagecraft', 'Stagecraft', serverOptions, clientOptions);
  await client.start();
}

async function restartClient(context: vscode.ExtensionContext): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop();
  await startClient(context);
}

/** What activate() returns: how long it took, for bench/activation.bench.ts. */
export interface StagecraftApi {
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): StagecraftApi {
  const started = performance.now();
  output = vscode.window.createOutputChannel('Stagecraft', { log: true });
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand('stagecraft.restartServer', () => restartClient(context)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // Capabilities and network permission are fixed at start-up: restart to apply them.
      if (event.affectsConfiguration('stagecraft.languageFeatures') || event.affectsConfiguration('stagecraft.registry.lookups')) {
        void restartClient(context);
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restartClient(context)),
    { dispose: () => void client?.stop() },
  );
  registerSizeReport(context, () => client);
  // Activation waits neither for loading the client library nor for the server process:
  // both happen on the next turn of the event loop, and the client queues requests until the server is up.
  setImmediate(() => startClient(context).catch((error: unknown) => output.error(`The language server did not start: ${error instanceof Error ? error.message : String(error)}`)));
  return { activationMs: performance.now() - started };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
