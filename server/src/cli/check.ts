/** `stagecraft check`: the editor's diagnostics for Dockerfiles, as text, JSON or SARIF. */
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { registeredRules, ruleDocsUrl, REPOSITORY_URL } from '../rules/ruleCatalog';
import { DEFAULT_SETTINGS, StagecraftService, type BasePlatformAnswers } from '../service/stagecraftService';

type BaseImagePlatforms = NonNullable<ReturnType<BasePlatformAnswers>>;
import { buildTargetProblem } from '../service/buildTarget';
import { scanWorkspace, type WorkspaceIndex } from '../workspace/scanTargets';
import { parsePlatformList } from '../registry/platform';
import { createImageSizeService } from '../registry/service';
import type { ImagePlatformService } from '../registry/types';
import { settingsForDockerfile } from '../service/buildPlatforms';
import { COMMANDS, EXIT_CODES, parseArgs, VERSION } from './main';
import { InputError, readDockerfile, UsageError } from './readDockerfile';

export interface FileDiagnostics {
  file: string;
  diagnostics: Diagnostic[];
}

export interface CheckOptions {
  stagesOnly: boolean;
  target?: string;
  /** The platforms built (default linux/amd64 and linux/arm64); bake and compose platforms of the file are added. */
  platforms?: string[];
  /** `--registry`: base-image platforms from the registries (InvalidBaseImagePlatform, BaseImagePlatformMissing). */
  registry?: ImagePlatformService;
}

export async function checkFiles(files: string[], options: CheckOptions): Promise<FileDiagnostics[]> {
  const service = new StagecraftService({ log: () => undefined });
  const results: FileDiagnostics[] = [];
  const indexByFolder = new Map<string, WorkspaceIndex>();
  for (const file of files) {
    const text = await readDockerfile(file);
    const targetProblem = options.target === undefined ? undefined : buildTargetProblem(text, options.target);
    if (targetProblem) throw new InputError(`${file}: ${targetProblem}`);
    const folder = path.dirname(path.resolve(file));
    if (!indexByFolder.has(folder)) indexByFolder.set(folder, await scanWorkspace(folder));
    const index = indexByFolder.get(folder) as WorkspaceIndex;
    const document = TextDocument.create(pathToFileURL(path.resolve(file)).href, 'dockerfile', 1, text);
    const base = { ...DEFAULT_SETTINGS, languageFeatures: options.stagesOnly ? 'stagesOnly' as const : 'all' as const, target: options.target, platforms: options.platforms };
    const settings = settingsForDockerfile(base, index.builds, path.resolve(file));
    const answers = options.registry ? await basePlatformAnswers(options.registry, service.baseImagesToLookUp(document, settings, index.mentions)) : undefined;
    const diagnostics = service.diagnostics(document, settings, index.mentions, answers && ((image) => answers.get(image)));
    diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    results.push({ file, diagnostics });
  }
  return results;
}

/** The registry's answers for the base images, asked all at once (each cached and time-limited). */
async function basePlatformAnswers(registry: ImagePlatformService, images: string[]): Promise<Map<string, BaseImagePlatforms>> {
  const answers = new Map<string, BaseImagePlatforms>();
  await Promise.all(images.map(async (image) => {
    const result = await registry.platformsOf(image);
    if (result.ok) answers.set(image, { kind: result.image.kind, platforms: result.image.platforms });
  }));
  return answers;
}

const SEVERITY_NAMES: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

export function formatText(results: FileDiagnostics[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const { file, diagnostics } of results) {
    for (const diagnostic of diagnostics) {
      const severity = SEVERITY_NAMES[diagnostic.severity ?? 1];
      if (diagnostic.severity === DiagnosticSeverity.Error) errors++;
      if (diagnostic.severity === DiagnosticSeverity.Warning) warnings++;
      const code = diagnostic.code !== undefined ? ` ${diagnostic.source === 'stagecraft' ? diagnostic.code : `${diagnostic.source}(${diagnostic.code})`}` : '';
      lines.push(`${file}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}: ${severity}${code}: ${diagnostic.message}`);
    }
  }
  lines.push(`${results.length} file${results.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return lines.join('\n');
}

export function formatJson(results: FileDiagnostics[]): string {
  return JSON.stringify(results, null, 2);
}

const SARIF_LEVEL: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'note', 4: 'note' };

export function formatSarif(results: FileDiagnostics[]): string {
  const rules = registeredRules().map((rule) => ({
    id: rule.code,
    shortDescription: { text: rule.summary },
    helpUri: ruleDocsUrl(rule.code),
    defaultConfiguration: { level: rule.defaultSeverity === 'error' ? 'error' : rule.defaultSeverity === 'warning' ? 'warning' : 'note' },
  }));
  const sarifResults = results.flatMap(({ file, diagnostics }) =>
    diagnostics.map((diagnostic) => ({
      ruleId: diagnostic.source === 'stagecraft' ? String(diagnostic.code) : `dockerfile-utils/${String(diagnostic.code)}`,
      level: SARIF_LEVEL[diagnostic.severity ?? 1],
      message: { text: diagnostic.message },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: file.split(path.sep).join('/') },
          region: {
            startLine: diagnostic.range.start.line + 1,
            startColumn: diagnostic.range.start.character + 1,
            endLine: diagnostic.range.end.line + 1,
            endColumn: diagnostic.range.end.character + 1,
          },
        },
      }],
    })),
  );
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'stagecraft', informationUri: REPOSITORY_URL, version: VERSION, rules } },
      columnKind: 'utf16CodeUnits',
      results: sarifResults,
    }],
  }, null, 2);
}

export function hasErrors(results: FileDiagnostics[]): boolean {
  return results.some(({ diagnostics }) => diagnostics.some((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error));
}

const CHECK_HELP = `Usage: stagecraft check [options] <Dockerfile>...

Reports what the editor reports for each Dockerfile: stage references judged as BuildKit
resolves them (undefined, forward, circular, numeric), stage names, stages never built, build
tools in the final image, shells and libc on minimal bases, plus dockerfile-utils' validation.

Options:
  --format text|json|sarif      text: file:line:column: severity code: message, and a summary;
                                json: [{file, diagnostics}] with LSP diagnostics (0-based);
                                sarif: SARIF 2.1.0 for code scanning (default: text)
  --stages-only                 only Stagecraft's own diagnostics, without dockerfile-utils
  --target NAME                 the stage \`docker build --target NAME\` builds (default: the
                                last stage); a name no stage has is an error, as in BuildKit
  --platform LIST               the platforms you build, os/arch[/variant], comma-separated or
                                repeated (default: linux/amd64,linux/arm64); platforms that bake
                                and compose files beside the Dockerfile build it for are added
  --registry                    ask the base images' registries for their platforms
                                (InvalidBaseImagePlatform, BaseImagePlatformMissing); off by
                                default: check makes no network request without it
  -h, --help                    this help

${EXIT_CODES}

Example:
  stagecraft check --format sarif Dockerfile docker/*.Dockerfile > stagecraft.sarif`;

COMMANDS.set('check', {
  summary: "the editor's diagnostics for each Dockerfile, as text, JSON or SARIF",
  help: CHECK_HELP,
  run: async (args) => {
    const { flags, positional } = parseArgs(args, new Set(['format', 'target', 'platform']), new Set(['stages-only', 'registry']), new Set(['platform']));
    const format = (flags.get('format') as string | undefined) ?? 'text';
    if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format '${format}' (text, json or sarif)`);
    if (positional.length === 0) throw new UsageError('no Dockerfile given');
    const platformFlag = flags.get('platform') as string | undefined;
    const parsed = platformFlag === undefined ? undefined : parsePlatformList(platformFlag);
    if (parsed && parsed.problems.length > 0) throw new UsageError(`--platform: ${parsed.problems[0]} (e.g. linux/amd64, linux/arm64, linux/arm/v7)`);
    if (parsed && parsed.platforms.length === 0) throw new UsageError('--platform needs at least one platform');
    const cacheRoot = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
    const registry = flags.has('registry') ? createImageSizeService({ enabled: true, cacheDir: path.join(cacheRoot, 'stagecraft', 'registry') }) : undefined;
    const results = await checkFiles(positional, { stagesOnly: flags.has('stages-only'), target: flags.get('target') as string | undefined, platforms: parsed?.platforms, registry });
    const output = format === 'json' ? formatJson(results) : format === 'sarif' ? formatSarif(results) : formatText(results);
    process.stdout.write(`${output}\n`);
    return hasErrors(results) ? 1 : 0;
  },
});
