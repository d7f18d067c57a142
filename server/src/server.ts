/**
 * The Stagecraft language server: one handler per LSP method, each dispatching into the
 * service. Runs under VS Code (IPC) or standalone: `node dist/server.js --stdio`.
 */
import { fileURLToPath } from 'node:url';
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { sanitizeRuleSettings } from './rules/ruleCatalog';
import type { TargetMention } from './rules/stageRules';
import { DEFAULT_SETTINGS, StagecraftService, type LanguageFeatures, type ServiceSettings } from './service/stagecraftService';
import { createImageSizeService } from './registry/service';
import { getImageSizeService, setImageSizeService } from './registry/instance';
import { ESTIMATE_REQUEST, SizeLensFeature, type EstimateSizeParams } from './features/sizeLens';
import { mergeTargetMentions, TARGET_MENTION_GLOBS } from './workspace/targetMentions';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { ImageLookups } from './features/imageLookups';
import { buildContextFor, isScannedFile, scanWorkspace, type WorkspaceBuild } from './workspace/scanTargets';
import { oncePerBurst } from './features/burst';
import { parsePlatformList } from './registry/platform';
import { settingsForDockerfile } from './service/buildPlatforms';
import { ContextFileCache } from './workspace/contextFiles';

/** What the client tells the server at start-up (`initializationOptions`). */
export interface StagecraftInitializationOptions {
  languageFeatures?: LanguageFeatures;
  /** False in an untrusted workspace: then nothing goes to the network. */
  trusted?: boolean;
  registryLookups?: boolean;
  /** Directory for the registry look-up cache (the extension's global storage). */
  cacheDir?: string;
}

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = (message: string) => connection.console.log(message);

let settings: ServiceSettings = { ...DEFAULT_SETTINGS };
let networkAllowed = false;
/** Why look-ups are off, said in the edits that could not check a tag. */
let registryOffReason = 'no registry look-ups in an untrusted workspace';
let supportsConfiguration = false;
let targetMentions = new Map<string, TargetMention[]>();
/** The builds bake and compose files of the workspace declare (platforms, build args per Dockerfile). */
let workspaceBuilds: WorkspaceBuild[] = [];
let workspaceFolders: string[] = [];
let scanGeneration = 0;
/** The client watches files for us (`workspace/didChangeWatchedFiles` registered dynamically). */
let watchesFiles = false;
/** File changes within this time cause one scan. */
const RESCAN_DELAY_MS = 300;
const service = new StagecraftService({ log }, () => networkAllowed);
/** Build-context files for the code actions, read asynchronously and kept a few seconds. */
const contextFiles = new ContextFileCache();
const sizeLens = new SizeLensFeature({
  registry: getImageSizeService,
  lookupsAllowed: () => networkAllowed,
  refresh: () => void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined),
  log,
  // The same build context the split reads: the one the workspace's builds of the file agree on.
  contextFolder: (file) => buildContextFor(workspaceBuilds, file)?.folder,
});

/** Runs a handler; on any exception logs it and answers `fallback`, so no request can take the server down. */
function safely<T>(name: string, fallback: T, handler: () => T): T {
  try {
    return handler();
  } catch (error) {
    log(`${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return fallback;
  }
}

function capabilities(features: LanguageFeatures): ServerCapabilities {
  const ours: ServerCapabilities = {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    referencesProvider: true,
    documentSymbolProvider: { label: 'Stagecraft' },
    foldingRangeProvider: true,
    hoverProvider: true,
    codeActionProvider: { codeActionKinds: ['quickfix', 'refactor', 'refactor.rewrite'] },
    codeLensProvider: { resolveProvider: false },
  };
  if (features !== 'all') return ours;
  return {
    ...ours,
    completionProvider: { triggerCharacters: ['=', ' ', '$', '-'], resolveProvider: false },
    definitionProvider: true,
    documentHighlightProvider: true,
    renameProvider: { prepareProvider: true },
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    documentOnTypeFormattingProvider: { firstTriggerCharacter: '\\', moreTriggerCharacter: ['`'] },
  };
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const options = (params.initializationOptions ?? {}) as StagecraftInitializationOptions;
  const features: LanguageFeatures = options.languageFeatures === 'stagesOnly' ? 'stagesOnly' : 'all';
  settings = { ...settings, languageFeatures: features };
  networkAllowed = options.trusted === true && options.registryLookups !== false;
  registryOffReason = options.trusted === true ? 'registry look-ups are turned off (stagecraft.registry.lookups)' : 'no registry look-ups in an untrusted workspace';
  setImageSizeService(
    createImageSizeService({
      enabled: networkAllowed,
      disabledReason: registryOffReason,
      cacheDir: typeof options.cacheDir === 'string' && options.cacheDir ? options.cacheDir : undefined,
    }),
  );
  supportsConfiguration = params.capabilities.workspace?.configuration === true;
  watchesFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  workspaceFolders = (params.workspaceFolders ?? []).map((folder) => folder.uri);
  if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders.push(params.rootUri);
  void indexTargetMentions(workspaceFolders);
  return { capabilities: capabilities(features), serverInfo: { name: 'stagecraft', version: '0.1.0' } };
});

connection.onInitialized(() => {
  void refreshSettings();
  // Build files edited while the server runs (a Makefile, a compose or bake file) are read again.
  if (watchesFiles) {
    const watchers = TARGET_MENTION_GLOBS.map((globPattern) => ({ globPattern }));
    connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((error: unknown) => log(`watching build files failed: ${String(error)}`));
  }
});

/** One scan of the workspace for a burst of file changes (a branch switch changes many). */
const rescanWorkspace = oncePerBurst(() => void indexTargetMentions(workspaceFolders), RESCAN_DELAY_MS);

connection.onDidChangeWatchedFiles((params) => {
  const roots = workspaceFolders.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
  const relevant = params.changes.some((change) => change.uri.startsWith('file:') && roots.some((root) => isScannedFile(root, fileURLToPath(change.uri))));
  if (relevant) rescanWorkspace();
});

connection.onDidChangeConfiguration(() => {
  void refreshSettings();
});

async function refreshSettings(): Promise<void> {
  if (!supportsConfiguration) return;
  try {
    const section = (await connection.workspace.getConfiguration('stagecraft')) as Record<string, unknown> | null;
    settings = {
      ...settings,
      rules: sanitizeRuleSettings(section?.rules),
      target: typeof section?.target === 'string' && section.target ? section.target : undefined,
      platforms: configuredPlatforms(section?.platforms),
    };
    sizeLens.configure(section);
  } catch (error) {
    log(`reading settings failed: ${String(error)}`);
  }
  documents.all().forEach(scheduleValidation);
}

/** `stagecraft.platforms`: the valid entries (undefined: the default); a wrong entry is logged. */
function configuredPlatforms(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const { platforms, problems } = parsePlatformList(value);
  for (const problem of problems) log(`stagecraft.platforms: ${problem} (e.g. linux/amd64, linux/arm64, linux/arm/v7)`);
  return platforms.length > 0 ? platforms : undefined;
}

async function indexTargetMentions(folderUris: string[]): Promise<void> {
  // Only the newest scan's result is kept when scans overlap.
  const generation = ++scanGeneration;
  const found = new Map<string, TargetMention[]>();
  const builds: WorkspaceBuild[] = [];
  for (const uri of folderUris) {
    if (!uri.startsWith('file:')) continue;
    try {
      const index = await scanWorkspace(fileURLToPath(uri));
      mergeTargetMentions(found, index.mentions);
      builds.push(...index.builds);
    } catch (error) {
      log(`scanning ${uri} for build targets failed: ${String(error)}`);
    }
  }
  if (generation !== scanGeneration) return;
  targetMentions = found;
  workspaceBuilds = builds;
  documents.all().forEach(scheduleValidation);
  // A rescan may move a Dockerfile's build context: the size lenses are asked for again.
  if (generation > 1) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
}

/** The settings a document is judged with: its builds' platforms and check arg added. */
function documentSettings(document: TextDocument): ServiceSettings {
  return settingsForDockerfile(settings, workspaceBuilds, document.uri.startsWith('file:') ? fileURLToPath(document.uri) : undefined);
}

/**
 * Registry look-ups: base-image platforms (InvalidBaseImagePlatform), looked up in the background
 * with diagnostics published again on arrival; and whether the runtime images of code actions exist.
 */
const imageLookups = new ImageLookups({
  registry: getImageSizeService,
  lookupsAllowed: () => networkAllowed,
  offReason: () => registryOffReason,
  changed: () => documents.all().forEach(scheduleValidation),
  log,
});
const tagLookups = { verdict: imageLookups.tagVerdict, lookUp: (images: readonly string[]) => imageLookups.request(images) };

function stageDiagnostics(document: TextDocument) {
  const judged = documentSettings(document);
  const diagnostics = service.stageDiagnostics(document, judged, targetMentions, imageLookups.answer);
  if (networkAllowed) void imageLookups.request(service.baseImagesToLookUp(document, judged, targetMentions));
  return diagnostics;
}

const publisher = new DiagnosticsPublisher({
  standardEnabled: () => settings.languageFeatures === 'all',
  stage: (document) => safely('diagnostics', [], () => stageDiagnostics(document)),
  standard: (document) => safely('standard diagnostics', [], () => service.standardDiagnostics(document)),
  current: (uri) => documents.get(uri),
  publish: (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
});

function scheduleValidation(document: TextDocument): void {
  publisher.schedule(document);
}

documents.onDidChangeContent((change) => scheduleValidation(change.document));
documents.onDidClose((event) => {
  publisher.forget(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

function withDocument<T>(uri: string, fallback: T, name: string, handler: (document: TextDocument) => T): T {
  const document = documents.get(uri);
  if (!document) return fallback;
  return safely(name, fallback, () => handler(document));
}

connection.onHover((params) => withDocument(params.textDocument.uri, null, 'hover', (document) => service.hover(document, params.position, documentSettings(document))));
connection.onReferences((params) => withDocument(params.textDocument.uri, [], 'references', (document) => service.references(document, params.position, params.context.includeDeclaration)));
connection.onDocumentSymbol((params) => withDocument(params.textDocument.uri, [], 'documentSymbol', (document) => service.documentSymbols(document)));
connection.onFoldingRanges((params) => withDocument(params.textDocument.uri, [], 'foldingRange', (document) => service.foldingRanges(document, documentSettings(document))));
connection.onCodeAction((params) => withDocument(params.textDocument.uri, Promise.resolve([]), 'codeAction', (document) => service.codeActionsReading(contextFiles, document, params.range, params.context.diagnostics, documentSettings(document), params.context.only, tagLookups).catch((error: unknown) => {
  log(`codeAction failed: ${String(error)}`);
  return [];
})));
connection.onCodeLens((params) => withDocument(params.textDocument.uri, [], 'codeLens', (document) => sizeLens.codeLenses(document, service.analyze(document, documentSettings(document).platforms))));
connection.onRequest(ESTIMATE_REQUEST, (params: EstimateSizeParams) => withDocument(params.uri, Promise.resolve(null), 'estimateSize', (document) => sizeLens.estimateSize(document, params, service.analyze(document, documentSettings(document).platforms)).catch(() => null)));
connection.onCompletion(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  try {
    return await service.completion(document, params.position);
  } catch (error) {
    log(`completion failed: ${String(error)}`);
    return [];
  }
});
connection.onDefinition((params) => withDocument(params.textDocument.uri, null, 'definition', (document) => service.standard.definition(document.uri, document.getText(), params.position)));
connection.onDocumentHighlight((params) => withDocument(params.textDocument.uri, [], 'documentHighlight', (document) => service.standard.highlight(document.getText(), params.position)));
connection.onPrepareRename((params) => withDocument(params.textDocument.uri, null, 'prepareRename', (document) => service.standard.prepareRename(document.getText(), params.position)));
connection.onRenameRequest((params) => withDocument(params.textDocument.uri, null, 'rename', (document) => {
  const edits = service.standard.rename(document.uri, document.getText(), params.position, params.newName);
  return { changes: { [document.uri]: edits } };
}));
connection.onDocumentFormatting((params) => withDocument(params.textDocument.uri, [], 'formatting', (document) => service.standard.format(document.getText(), params.options)));
connection.onDocumentRangeFormatting((params) => withDocument(params.textDocument.uri, [], 'rangeFormatting', (document) => service.standard.formatRange(document.getText(), params.range, params.options)));
connection.onDocumentOnTypeFormatting((params) => withDocument(params.textDocument.uri, [], 'onTypeFormatting', (document) => service.standard.formatOnType(document.getText(), params.position, params.ch, params.options)));

process.on('uncaughtException', (error) => log(`uncaught exception: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${String(reason)}`));

documents.listen(connection);
connection.listen();
