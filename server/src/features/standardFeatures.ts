/**
 * The standard Dockerfile features (completion, hover, formatting, validation, ...) from
 * dockerfile-language-service, behind a guard: any exception in the library is logged and
 * answered with an empty result, so no text can crash the server through it.
 */
import type { DockerfileLanguageService, FormatterSettings } from 'dockerfile-language-service';
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentHighlight,
  FoldingRange,
  Hover,
  Location,
  Position,
  Range,
  TextEdit,
} from 'vscode-languageserver-types';

/**
 * Past this size dockerfile-language-service takes seconds per request (it re-parses the whole
 * text each time, ~3 s for validation of 800 KB), blocking the server: no real Dockerfile is
 * this large, so above it the standard features answer nothing and ours still work.
 */
export const MAX_STANDARD_FEATURES_LENGTH = 512 * 1024;

/** dockerfile-utils codes that we report better ourselves on the same range. */
const SUPERSEDED_CODES = new Set<number>([
  10, // DUPLICATE_BUILD_STAGE_NAME → DuplicateStageName
  12, // INVALID_BUILD_STAGE_NAME → InvalidStageName / ReservedStageName
  47, // FLAG_INVALID_FROM_VALUE → VariableInFromFlag
]);

export interface Logger {
  log(message: string): void;
}

let networkAllowed = (): boolean => false;

/**
 * Loads dockerfile-language-service on first use, not at server start (it is a third of the
 * server's start-up, and in `stagesOnly` mode it is never needed).
 */
function createStandardService(logger: Logger): DockerfileLanguageService {
  /* eslint-disable @typescript-eslint/no-require-imports -- deferred on purpose */
  const { DockerfileLanguageServiceFactory } = require('dockerfile-language-service') as typeof import('dockerfile-language-service');
  const { DockerRegistryClient } = require('dockerfile-language-service/lib/dockerRegistryClient') as typeof import('dockerfile-language-service/lib/dockerRegistryClient');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const prototype = DockerRegistryClient.prototype as { getTags: (...args: unknown[]) => Promise<unknown>; stagecraftGuarded?: boolean };
  if (!prototype.stagecraftGuarded) {
    const originalGetTags = prototype.getTags;
    // Tag completion queries Docker Hub: only when the workspace is trusted and look-ups are on.
    prototype.getTags = function (this: unknown, ...args: unknown[]) {
      if (!networkAllowed()) return Promise.resolve([]);
      return originalGetTags.apply(this, args);
    };
    prototype.stagecraftGuarded = true;
  }
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  service.setLogger({ log: (message) => logger.log(`dockerfile-language-service: ${message}`) });
  service.setCapabilities({
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  });
  return service;
}

export class StandardFeatures {
  private loaded: DockerfileLanguageService | undefined;

  constructor(private readonly logger: Logger, allowNetwork: () => boolean = () => false) {
    networkAllowed = allowNetwork;
  }

  private get service(): DockerfileLanguageService {
    this.loaded ??= createStandardService(this.logger);
    return this.loaded;
  }

  private guard<T>(feature: string, content: string, fallback: T, call: () => T): T {
    if (content.length > MAX_STANDARD_FEATURES_LENGTH) return fallback;
    try {
      const result = call();
      return result ?? fallback;
    } catch (error) {
      this.logger.log(`dockerfile-language-service ${feature} failed: ${error instanceof Error ? error.message : String(error)}`);
      return fallback;
    }
  }

  private async guardAsync<T>(feature: string, content: string, fallback: T, call: () => T | PromiseLike<T>): Promise<T> {
    if (content.length > MAX_STANDARD_FEATURES_LENGTH) return fallback;
    try {
      return (await call()) ?? fallback;
    } catch (error) {
      this.logger.log(`dockerfile-language-service ${feature} failed: ${error instanceof Error ? error.message : String(error)}`);
      return fallback;
    }
  }

  validate(content: string): Diagnostic[] {
    return this.guard('validate', content, [], () => this.service.validate(content));
  }

  completion(content: string, position: Position): Promise<CompletionItem[]> {
    return this.guardAsync('completion', content, [], () => this.service.computeCompletionItems(content, position));
  }

  hover(content: string, position: Position): Hover | null {
    return this.guard<Hover | null>('hover', content, null, () => this.service.computeHover(content, position));
  }

  definition(uri: string, content: string, position: Position): Location | null {
    return this.guard<Location | null>('definition', content, null, () => this.service.computeDefinition({ uri }, content, position));
  }

  highlight(content: string, position: Position): DocumentHighlight[] {
    return this.guard('highlight', content, [], () => this.service.computeHighlightRanges(content, position));
  }

  prepareRename(content: string, position: Position): Range | null {
    return this.guard<Range | null>('prepareRename', content, null, () => this.service.prepareRename(content, position));
  }

  rename(uri: string, content: string, position: Position, newName: string): TextEdit[] {
    return this.guard('rename', content, [], () => this.service.computeRename({ uri }, content, position, newName));
  }

  format(content: string, settings: FormatterSettings): TextEdit[] {
    return this.guard('format', content, [], () => this.service.format(content, settings));
  }

  formatRange(content: string, range: Range, settings: FormatterSettings): TextEdit[] {
    return this.guard('formatRange', content, [], () => this.service.formatRange(content, range, settings));
  }

  formatOnType(content: string, position: Position, ch: string, settings: FormatterSettings): TextEdit[] {
    return this.guard('formatOnType', content, [], () => this.service.formatOnType(content, position, ch, settings));
  }

  folding(content: string): FoldingRange[] {
    return this.guard('folding', content, [], () => this.service.computeFoldingRanges(content));
  }

  /**
   * dockerfile-language-service answers with `docker.command.*` commands; we turn each into a
   * code action carrying its edit, so no foreign command id is ever registered.
   * Only its own (dockerfile-utils) diagnostics go in: it parses their codes as numbers in place.
   */
  codeActions(uri: string, content: string, range: Range, diagnostics: Diagnostic[]): CodeAction[] {
    const theirs = diagnostics.filter((diagnostic) => diagnostic.source === 'dockerfile-utils');
    if (theirs.length === 0) return [];
    return this.guard('codeActions', content, [], () => {
      const actions: CodeAction[] = [];
      for (const original of theirs) {
        const copy = { ...original };
        for (const command of this.service.computeCodeActions({ uri }, range, { diagnostics: [copy] } as Parameters<DockerfileLanguageService['computeCodeActions']>[2])) {
          const edits = this.service.computeCommandEdits(content, command.command, command.arguments ?? []);
          if (edits.length === 0) continue;
          actions.push({ title: command.title, kind: 'quickfix', diagnostics: [original], edit: { changes: { [uri]: edits } } });
        }
      }
      return actions;
    });
  }
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Position, y: Position) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/**
 * dockerfile-utils' diagnostics, less those that one of ours already reports on the same range.
 * It flags every occurrence of a duplicate name; we flag the second and point at the first, so
 * the ranges our diagnostics point at (relatedInformation) count as covered too.
 */
export function mergeStandardDiagnostics(ours: Diagnostic[], theirs: Diagnostic[]): Diagnostic[] {
  const covered = ours.flatMap((mine) => [mine.range, ...(mine.relatedInformation ?? []).map((related) => related.location.range)]);
  const kept = theirs.filter((diagnostic) => {
    const code = typeof diagnostic.code === 'string' ? Number(diagnostic.code) : diagnostic.code;
    if (code === undefined || !SUPERSEDED_CODES.has(code)) return true;
    return !covered.some((range) => overlaps(range, diagnostic.range));
  });
  return [...ours, ...kept];
}
