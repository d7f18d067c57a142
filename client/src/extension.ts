/**
 * The Stagecraft extension: a thin client that starts the language server over IPC for
 * Dockerfiles and passes it the workspace's trust and the user's settings.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerSizeReport } from './sizeReport';

/** Extensions that run a Dockerfile language server of their own. */
const DOCKER_EXTENSIONS = ['ms-azuretools.vscode-docker', 'ms-azuretools.vscode-containers', 'docker.docker'];

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;

export type LanguageFeaturesSetting = 'auto' | 'all' | 'stagesOnly';

/** `auto` gives way to the Docker extensions: then only the multi-stage features are ours. */
export function resolveLanguageFeatures(setting: LanguageFeaturesSetting, installed: (id: string) => boolean): 'all' | 'stagesOnly' {
  if (setting === 'all' || setting === 'stagesOnly') return setting;
  return DOCKER_EXTENSIONS.some(installed) ? 'stagesOnly' : 'all';
}

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

export async function activate(context: vscode.ExtensionContext): Promise<void> {
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
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
