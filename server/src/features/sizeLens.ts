/**
 * Size CodeLenses above each FROM ("Final image ≈ 14 MB (6 MB to pull) · 95% smaller than
 * shipping the builder") and the `stagecraft/estimateSize` request behind the report. The
 * lenses never wait on the network: they show the catalog figure at once, start registry
 * look-ups (through the ImageSizeService, only when allowed) and ask the client to refresh the
 * lenses when the answers arrive. Nor do they wait on the disk: the build context is walked and
 * its files (go.mod, Go sources, measured directories) read asynchronously, and the lenses are
 * refreshed when that changes a figure. Estimates are kept per document version, context and
 * registry answers; every cache here has a cap.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeLens } from 'vscode-languageserver-types';
import { remember } from '../registry/boundedMap';
import type { ImageSizeResult, ImageSizeService } from '../registry/types';
import { analyzeDocument, toRange, type DockerfileAnalysis } from '../analysis/documentAnalysis';
import { loadBuildContext, loadMisses, settleEstimate, SERVER_LIMITS, type BuildContext } from '../size/buildContext';
import { toContract, type EstimateContract } from '../size/contract';
import { estimateDockerfile, lookupKey } from '../size/estimator';
import { parsePlatform } from '../registry/platform';
import type { SizeEstimate } from '../size/sizeEstimate';
import { stageSummary, stageTooltip } from '../size/sizeSummary';
import { oncePerBurst } from './burst';

export const ESTIMATE_COMMAND = 'stagecraft.estimateImageSize';
export const ESTIMATE_REQUEST = 'stagecraft/estimateSize';

export interface EstimateSizeParams {
  uri: string;
  /** Wait (bounded) for registry answers before answering: the report shows a progress notification meanwhile. */
  waitForRegistry?: boolean;
}

/** The answer to `stagecraft/estimateSize`: the CLI's JSON contract plus what the report shows. */
export interface EstimateSizeResult extends EstimateContract {
  report: SizeEstimate & { summaries: string[] };
}

export interface SizeLensDependencies {
  /** The registry client (undefined: none); only asked when `lookupsAllowed()`. */
  registry: () => ImageSizeService | undefined;
  lookupsAllowed: () => boolean;
  /** Ask the client to re-request the lenses (`workspace/codeLens/refresh`). */
  refresh: () => void;
  log: (message: string) => void;
  /**
   * The build context the workspace's builds of a Dockerfile agree on (bake, compose, `docker
   * build` lines); undefined: the Dockerfile's folder, as `docker build -f X .` from there.
   */
  contextFolder?: (file: string) => string | undefined;
}

/** A build context is walked again (in the background) when older than this. */
const CONTEXT_TTL_MS = 5_000;
/** Caps: build contexts, estimates (one per document), registry answers, look-ups per estimate. */
const MAX_CONTEXTS = 16;
const MAX_ESTIMATES = 32;
const MAX_ANSWERS = 500;
/** Answers arriving within this time are shown with one refresh. */
const REFRESH_DELAY_MS = 50;
export const MAX_LOOKUPS_PER_DOCUMENT = 16;

interface ContextState {
  context: BuildContext;
  at: number;
  /** Bumped whenever what the context knows changes (a new walk, texts read). */
  generation: number;
}

export class SizeLensFeature {
  private enabled = true;
  private platform?: string;
  private target?: string;
  private readonly answers = new Map<string, ImageSizeResult>();
  private answersGeneration = 0;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly contexts = new Map<string, ContextState>();
  private readonly contextReads = new Map<string, Promise<ContextState>>();
  private readonly missReads = new Set<string>();
  private readonly estimates = new Map<string, { key: string; estimate: SizeEstimate }>();
  /** One refresh for a burst of answers. */
  private readonly scheduleRefresh: () => void;

  constructor(private readonly deps: SizeLensDependencies) {
    this.scheduleRefresh = oncePerBurst(() => this.deps.refresh(), REFRESH_DELAY_MS);
  }

  /** Reads `stagecraft.sizeLens.enabled`, `stagecraft.platform` and `stagecraft.target` from the settings section. */
  configure(section: Record<string, unknown> | null | undefined): void {
    const sizeLens = section?.sizeLens as { enabled?: unknown } | undefined;
    this.enabled = sizeLens?.enabled !== false && section?.['sizeLens.enabled'] !== false;
    const platform = section?.platform;
    this.platform = typeof platform === 'string' && parsePlatform(platform) ? platform : undefined;
    this.target = typeof section?.target === 'string' && section.target ? section.target : undefined;
    this.estimates.clear();
  }

  /** Answers from memory only: whatever the disk or the registry must tell comes later, with a refresh. */
  codeLenses(document: TextDocument, analysis: DockerfileAnalysis = analyzeDocument(document)): CodeLens[] {
    if (!this.enabled) return [];
    const estimate = this.cachedEstimate(document, analysis);
    void this.startLookups(estimate);
    return estimate.stages.map((stage) => {
      const from = analysis.model.stages[stage.index].from;
      return {
        range: toRange(document, from.keywordSpan),
        command: { title: stageSummary(estimate, stage), command: ESTIMATE_COMMAND, arguments: [document.uri], tooltip: stageTooltip(estimate, stage) },
      } as CodeLens;
    });
  }

  /** The estimate for the report: the build context read first (asynchronously); with `waitForRegistry`, after the look-ups it needs. */
  async estimateSize(document: TextDocument, params: EstimateSizeParams, analysis: DockerfileAnalysis = analyzeDocument(document)): Promise<EstimateSizeResult> {
    const file = fileOf(document);
    const state = file ? await this.freshContext(file) : undefined;
    const compute = () => this.compute(document, analysis, state?.context);
    const known = state ? state.context.texts.size + state.context.entries.size : 0;
    let estimate = await settleEstimate(state?.context, compute);
    if (state && state.context.texts.size + state.context.entries.size !== known) {
      // The report read files the lenses have not seen yet: they are out of date.
      state.generation++;
      this.scheduleRefresh();
    }
    if (params.waitForRegistry) {
      await this.startLookups(estimate);
      estimate = compute();
    }
    const summaries = estimate.stages.map((stage) => stageSummary(estimate, stage));
    return { ...toContract(estimate), report: { ...estimate, summaries } };
  }

  private compute(document: TextDocument, analysis: DockerfileAnalysis, context: BuildContext | undefined): SizeEstimate {
    return estimateDockerfile(analysis.model, analysis.graph, {
      file: fileOf(document) ?? document.uri,
      context,
      platform: this.platform,
      target: this.target,
      remote: this.answers,
      wantLookups: this.deps.lookupsAllowed(),
    });
  }

  /** The estimate of this document version with what is known now, computed once per change of what is known. */
  private cachedEstimate(document: TextDocument, analysis: DockerfileAnalysis): SizeEstimate {
    const file = fileOf(document);
    const state = file ? this.contextFor(file) : undefined;
    const key = `${document.version}|${document.getText().length}|${state?.generation ?? -1}|${this.answersGeneration}|${this.deps.lookupsAllowed()}`;
    const cached = this.estimates.get(document.uri);
    if (cached?.key === key) return cached.estimate;
    const estimate = this.compute(document, analysis, state?.context);
    remember(this.estimates, document.uri, { key, estimate }, MAX_ESTIMATES);
    if (file && state && state.context.misses.size > 0) this.readMisses(file, state);
    return estimate;
  }

  /**
   * The build context known for a Dockerfile, never read while a request waits: a missing or
   * stale one is walked in the background, and the lenses refresh if it changed.
   */
  private contextFor(file: string): ContextState | undefined {
    const cached = this.contexts.get(contextKey(this.contextFolder(file), file));
    if (!cached || Date.now() - cached.at >= CONTEXT_TTL_MS) void this.walk(file);
    return cached;
  }

  /** The context, walked now when missing or stale (for the report, which the user waits for). */
  private async freshContext(file: string): Promise<ContextState> {
    const cached = this.contexts.get(contextKey(this.contextFolder(file), file));
    if (cached && Date.now() - cached.at < CONTEXT_TTL_MS) return cached;
    return this.walk(file);
  }

  private contextFolder(file: string): string {
    return this.deps.contextFolder?.(file) ?? path.dirname(file);
  }


  private walk(file: string): Promise<ContextState> {
    const folder = this.contextFolder(file);
    const key = contextKey(folder, file);
    let running = this.contextReads.get(key);
    if (!running) {
      running = loadBuildContext(folder, file, SERVER_LIMITS)
        .then((context) => {
          const cached = this.contexts.get(key);
          if (cached && contextSignature(cached.context) === contextSignature(context)) {
            cached.at = Date.now();
            return cached;
          }
          const state = { context, at: Date.now(), generation: (cached?.generation ?? 0) + 1 };
          remember(this.contexts, key, state, MAX_CONTEXTS);
          this.scheduleRefresh();
          return state;
        })
        .finally(() => this.contextReads.delete(key));
      this.contextReads.set(key, running);
    }
    return running;
  }

  /** Reads the texts and directories an estimate asked for, then refreshes the lenses. */
  private readMisses(file: string, state: ContextState): void {
    if (this.missReads.has(file)) return;
    this.missReads.add(file);
    void loadMisses(state.context)
      .then((read) => {
        if (!read) return;
        state.generation++;
        this.scheduleRefresh();
      })
      .finally(() => this.missReads.delete(file));
  }

  /** Starts the look-ups the estimate wants; resolves when they have all answered. */
  private startLookups(estimate: SizeEstimate): Promise<void> {
    const registry = this.deps.lookupsAllowed() ? this.deps.registry() : undefined;
    if (!registry) return Promise.resolve();
    const waits: Promise<void>[] = [];
    for (const { image, platform } of estimate.pendingLookups.slice(0, MAX_LOOKUPS_PER_DOCUMENT)) {
      const key = lookupKey(image, platform);
      let running = this.inFlight.get(key);
      if (!running && !this.answers.has(key)) {
        running = registry.lookup({ image, platform: parsePlatform(platform)! }).then(
          (answer) => {
            remember(this.answers, key, answer, MAX_ANSWERS);
            if (!answer.ok) this.deps.log(`registry look-up of ${image} (${platform}) failed: ${answer.reason}`);
          },
          (error: unknown) => {
            remember(this.answers, key, { ok: false, reason: String(error) }, MAX_ANSWERS);
          },
        ).finally(() => {
          this.answersGeneration++;
          this.inFlight.delete(key);
          this.scheduleRefresh();
        });
        this.inFlight.set(key, running);
      }
      if (running) waits.push(running);
    }
    return Promise.all(waits).then(() => undefined);
  }
}

function fileOf(document: TextDocument): string | undefined {
  try {
    return document.uri.startsWith('file:') ? fileURLToPath(document.uri) : undefined;
  } catch {
    return undefined;
  }
}

/** Enough to tell whether a re-read build context changes any figure. */
function contextSignature(context: BuildContext): string {
  let bytes = 0;
  for (const file of context.files) bytes += file.size;
  return `${context.files.length}:${bytes}:${context.truncated}`;
}

/** A Dockerfile's context is cached per folder too: the workspace scan may name another one. */
function contextKey(folder: string, file: string): string {
  return `${folder}\0${file}`;
}
