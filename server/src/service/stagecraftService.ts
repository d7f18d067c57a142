/**
 * The facade every front end (the LSP server, the CLI, tests) talks to: a document in,
 * results out. No transport in here.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Instruction } from '../model/scanner';
import type { StageModel } from '../model/stageModel';
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  Position,
  Range,
} from 'vscode-languageserver-types';
import { folderOfDocument, NO_CONTEXT, type ContextFileCache, type ContextFiles } from '../workspace/contextFiles';
import { analyzeDocument, type DockerfileAnalysis } from '../analysis/documentAnalysis';
import { computeCodeActions, kindRequested } from '../actions';
import { computeStageDiagnostics } from '../features/diagnostics';
import { mergeFoldingRanges, stageFoldingRanges } from '../features/folding';
import { findStageReferences } from '../features/references';
import { stageHover } from '../features/stageHover';
import { documentSymbols } from '../features/symbols';
import { mergeStandardDiagnostics, StandardFeatures, type Logger } from '../features/standardFeatures';
import type { RuleSettings } from '../rules/ruleCatalog';
import type { DockerfileCheckArg } from '../rules/checkDirectives';
import { wantedBaseImages } from '../rules/basePlatformRule';
import type { BaseImagePlatforms } from '../knowledge/imagePlatforms';
import { NO_TAG_CHECKS, type TagChecks } from '../knowledge/imageTags';
import type { TargetMention } from '../rules/stageRules';

/** The registry's answer about a base image, once known (see features/imageLookups). */
export type BasePlatformAnswers = (image: string) => BaseImagePlatforms | undefined;

/** Whether the images code actions would write exist (see features/imageLookups). */
export interface TagLookups {
  /** What is known now, never waiting. */
  verdict: TagChecks;
  /** Looks these images up; resolves when they have answered. */
  lookUp(images: readonly string[]): Promise<void>;
}

/** How long a code action request waits for the registry to say whether a runtime tag exists; later requests use the cached answer. */
const TAG_WAIT_MS = 1_500;

/** `all`: standard Dockerfile features too; `stagesOnly`: only the multi-stage features. */
export type LanguageFeatures = 'all' | 'stagesOnly';

export interface ServiceSettings {
  languageFeatures: LanguageFeatures;
  rules: RuleSettings;
  /** Build target for reachability (default: the last stage). */
  target?: string;
  /**
   * The platforms the user builds (`stagecraft.platforms`, `--platform`, bake/compose
   * `platforms` for this Dockerfile); default DEFAULT_PLATFORMS. A stage is unused only when no
   * platform builds it.
   */
  platforms?: readonly string[];
  /** `BUILDKIT_DOCKERFILE_CHECK` set as a build arg for this Dockerfile (it replaces `# check=`), and where. */
  dockerfileCheck?: DockerfileCheckArg;
  /**
   * The build context the workspace's builds of this Dockerfile agree on, when it is not the
   * Dockerfile's folder (an absolute folder inside the workspace), and how the preview says so.
   */
  buildContext?: { folder: string; description: string };
}

/** Rounds of reading what the split asked for (go.mod, then the module it names...). */
const MAX_READ_ROUNDS = 4;

export const DEFAULT_SETTINGS: ServiceSettings = { languageFeatures: 'all', rules: {} };

export class StagecraftService {
  readonly standard: StandardFeatures;
  private cached: { uri: string; version: number; text: string; platforms: string; analysis: DockerfileAnalysis } | undefined;

  constructor(private readonly logger: Logger, allowNetwork: () => boolean = () => false) {
    this.standard = new StandardFeatures(logger, allowNetwork);
  }

  /**
   * The analysis of a document for the platforms the user builds; the last one is kept, since
   * every request of an edit asks for the same.
   */
  analyze(document: TextDocument, platforms?: readonly string[]): DockerfileAnalysis {
    const cached = this.cached;
    const key = platforms?.join(',') ?? '';
    // Without platforms (references, symbols), the analysis of the settings' platforms will do.
    if (cached && cached.uri === document.uri && cached.version === document.version && cached.text.length === document.getText().length && (platforms === undefined || cached.platforms === key)) {
      return cached.analysis;
    }
    const analysis = analyzeDocument(document, { platforms });
    this.cached = { uri: document.uri, version: document.version, text: document.getText(), platforms: key, analysis };
    return analysis;
  }

  /** Stage diagnostics and, in 'all' mode, dockerfile-utils' validation merged into them. */
  diagnostics(document: TextDocument, settings: ServiceSettings, targetMentions?: ReadonlyMap<string, readonly TargetMention[]>, basePlatforms?: BasePlatformAnswers): Diagnostic[] {
    const ours = this.stageDiagnostics(document, settings, targetMentions, basePlatforms);
    if (settings.languageFeatures !== 'all') return ours;
    return mergeStandardDiagnostics(ours, this.standardDiagnostics(document));
  }

  /** Ours only: cheap, linear in the text, so it can run on every keystroke. */
  stageDiagnostics(document: TextDocument, settings: ServiceSettings, targetMentions?: ReadonlyMap<string, readonly TargetMention[]>, basePlatforms?: BasePlatformAnswers): Diagnostic[] {
    return computeStageDiagnostics(this.analyze(document, settings.platforms), { rules: settings.rules, target: settings.target, targetMentions, dockerfileCheck: settings.dockerfileCheck, basePlatforms });
  }

  /** The base images whose platforms InvalidBaseImagePlatform needs from the registry (for the caller to look up). */
  baseImagesToLookUp(document: TextDocument, settings: ServiceSettings, targetMentions?: ReadonlyMap<string, readonly TargetMention[]>): string[] {
    const analysis = this.analyze(document, settings.platforms);
    return wantedBaseImages(analysis.model, analysis.graph, { target: settings.target, targetMentions });
  }

  /** dockerfile-utils' validation: several times dearer than ours, so the server runs it once typing pauses. */
  standardDiagnostics(document: TextDocument): Diagnostic[] {
    const theirs = this.standard.validate(document.getText());
    if (theirs.length === 0) return theirs;
    const { model } = this.analyze(document);
    return theirs.filter((diagnostic) => !contradictsBuildKit(model, diagnostic, document.offsetAt(diagnostic.range.start)));
  }

  hover(document: TextDocument, position: Position, settings: ServiceSettings): Hover | null {
    const ours = stageHover(this.analyze(document, settings.platforms), position, settings.target);
    if (ours || settings.languageFeatures !== 'all') return ours;
    return this.standard.hover(document.getText(), position);
  }

  references(document: TextDocument, position: Position, includeDeclaration: boolean): Location[] {
    return findStageReferences(this.analyze(document), position, includeDeclaration);
  }

  documentSymbols(document: TextDocument): DocumentSymbol[] {
    return documentSymbols(this.analyze(document));
  }

  foldingRanges(document: TextDocument, settings: ServiceSettings): FoldingRange[] {
    const ours = stageFoldingRanges(this.analyze(document, settings.platforms));
    if (settings.languageFeatures !== 'all') return ours;
    return mergeFoldingRanges(ours, this.standard.folding(document.getText()));
  }

  completion(document: TextDocument, position: Position): Promise<CompletionItem[]> {
    return this.standard.completion(document.getText(), position);
  }

  /** Ours always; dockerfile-language-service's (for its own diagnostics only) in 'all' mode. */
  codeActions(document: TextDocument, range: Range, diagnostics: Diagnostic[], settings: ServiceSettings, only?: string[], context?: ContextFiles, tags: TagChecks = NO_TAG_CHECKS): CodeAction[] {
    const ours = computeCodeActions(this.analyze(document, settings.platforms), range, diagnostics, { only, log: (message) => this.logger.log(message), context, tags });
    if (settings.languageFeatures !== 'all') return ours;
    const theirs = this.standard.codeActions(document.uri, document.getText(), range, diagnostics);
    return [...ours, ...theirs.filter((action) => kindRequested(action.kind, only))];
  }

  /**
   * Code actions without a synchronous read: the build context's files come from `cache`; what
   * was missing is read asynchronously (never outside the context) and the actions computed
   * again, so an action is never built on a file that was merely not read yet. Likewise an image
   * an action would write is looked up (`tags`, when look-ups are allowed), waiting at most
   * TAG_WAIT_MS, so an action on a tag the registry does not have is not offered.
   */
  async codeActionsReading(cache: ContextFileCache, document: TextDocument, range: Range, diagnostics: Diagnostic[], settings: ServiceSettings, only?: string[], tags?: TagLookups): Promise<CodeAction[]> {
    const dir = settings.buildContext?.folder ?? folderOfDocument(document.uri);
    const origin = settings.buildContext?.description;
    let waitedForTags = false;
    for (let round = 0; ; round++) {
      const cached = dir ? cache.view(dir) : undefined;
      const view = cached && origin ? { ...cached, origin } : cached;
      const pending = new Set<string>();
      const checks: TagChecks = (image) => {
        const verdict = tags ? tags.verdict(image) : NO_TAG_CHECKS(image);
        if (verdict.state === 'unchecked' && verdict.pending) pending.add(image);
        return verdict;
      };
      const actions = this.codeActions(document, range, diagnostics, settings, only, view ?? NO_CONTEXT, checks);
      const misses = view?.misses ?? new Set<string>();
      const waitForTags = tags !== undefined && pending.size > 0 && !waitedForTags;
      if ((misses.size === 0 && !waitForTags) || round === MAX_READ_ROUNDS + 1) return actions;
      if (dir && misses.size > 0) {
        await cache.load(dir, misses);
      } else if (tags) {
        waitedForTags = true;
        await waitAtMost(tags.lookUp([...pending]), TAG_WAIT_MS);
      }
    }
  }
}

/** Resolves when `work` does or after `ms`, whichever comes first. */
function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([work.then(() => undefined, () => undefined), timeout]).finally(() => clearTimeout(timer));
}

/** dockerfile-utils' codes that BuildKit's behaviour can contradict. */
const WORKDIR_NOT_ABSOLUTE = 50;
const MULTIPLE_SOURCES_DESTINATION = 23;

/**
 * A dockerfile-utils diagnostic that BuildKit's behaviour contradicts:
 * - inside a heredoc body (`RUN 3<<IN1 4<<IN2`): nothing there is an instruction;
 * - "WORKDIR paths should be absolute" after an absolute WORKDIR in the stage or the stages it
 *   builds on (BuildKit's WorkdirRelativePath waits for the first absolute one);
 * - "the destination must end with /" for COPY/ADD of several sources to `.`: BuildKit reads
 *   `.` as `./` (pathRelativeToWorkingDir).
 */
function contradictsBuildKit(model: StageModel, diagnostic: Diagnostic, offset: number): boolean {
  const instruction = model.scanned.instructions.find((candidate) => candidate.span.start <= offset && offset <= candidate.span.end);
  if (!instruction) return false;
  if (instruction.heredocs.length > 0 && offset >= instruction.heredocs[0].bodySpan.start) return true;
  const code = typeof diagnostic.code === 'string' ? Number(diagnostic.code) : diagnostic.code;
  if (code === WORKDIR_NOT_ABSOLUTE && instruction.keyword === 'WORKDIR') return absoluteWorkdirBefore(model, instruction);
  if (code === MULTIPLE_SOURCES_DESTINATION && (instruction.keyword === 'COPY' || instruction.keyword === 'ADD')) {
    const destination = instruction.words[instruction.words.length - 1]?.value;
    return destination === '.' || destination === './';
  }
  return false;
}

function absoluteWorkdirBefore(model: StageModel, workdir: Instruction): boolean {
  let stage = model.stages.find((candidate) => candidate.instructions.includes(workdir));
  // In the stage itself: the WORKDIRs above this one; in the stages it builds on: all of them.
  let before: Instruction | undefined = workdir;
  while (stage) {
    for (const instruction of stage.instructions) {
      if (instruction === before) break;
      if (instruction.keyword === 'WORKDIR' && /^(\/|\$|[A-Za-z]:[\\/])/.test(instruction.words[0]?.value ?? '')) return true;
    }
    if (stage.parentStage === undefined) return false;
    stage = model.stages[stage.parentStage];
    before = undefined;
  }
  return false;
}
