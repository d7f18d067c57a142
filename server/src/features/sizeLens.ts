/**
 * Size CodeLenses above each FROM ("Final image ≈ 14 MB (6 MB to pull) · 95% smaller than
 * shipping the builder") and the `stagecraft/estimateSize` request behind the report. The
 * lenses never wait on the network: they show the catalog figure at once, start registry
 * look-ups (through the ImageSizeService, only when allowed) and ask the client to refresh the
 * lenses when the answers arrive.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeLens } from 'vscode-languageserver-types';
import type { ImageSizeResult, ImageSizeService } from '../registry/types';
import { analyzeDocument, toRange, type DockerfileAnalysis } from '../analysis/documentAnalysis';
import { readBuildContext, SERVER_LIMITS, type BuildContext } from '../size/buildContext';
import { toContract, type EstimateContract } from '../size/contract';
import { estimateDockerfile, lookupKey } from '../size/estimator';
import { parsePlatform } from '../registry/platform';
import type { SizeEstimate } from '../size/sizeEstimate';
import { stageSummary, stageTooltip } from '../size/sizeSummary';

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
}

const CONTEXT_TTL_MS = 30_000;

export class SizeLensFeature {
  private enabled = true;
  private platform?: string;
  private target?: string;
  private readonly answers = new Map<string, ImageSizeResult>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly contexts = new Map<string, { context: BuildContext; at: number }>();
  private readonly contextReads = new Set<string>();
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: SizeLensDependencies) {}

  /** Reads `stagecraft.sizeLens.enabled`, `stagecraft.platform` and `stagecraft.target` from the settings section. */
  configure(section: Record<string, unknown> | null | undefined): void {
    const sizeLens = section?.sizeLens as { enabled?: unknown } | undefined;
    this.enabled = sizeLens?.enabled !== false && section?.['sizeLens.enabled'] !== false;
    const platform = section?.platform;
    this.platform = typeof platform === 'string' && parsePlatform(platform) ? platform : undefined;
    this.target = typeof section?.target === 'string' && section.target ? section.target : undefined;
  }

  codeLenses(document: TextDocument, analysis: DockerfileAnalysis = analyzeDocument(document)): CodeLens[] {
    if (!this.enabled) return [];
    const estimate = this.estimate(document, analysis);
    this.startLookups(estimate);
    return estimate.stages.map((stage) => {
      const from = analysis.model.stages[stage.index].from;
      return {
        range: toRange(document, from.keywordSpan),
        command: { title: stageSummary(estimate, stage), command: ESTIMATE_COMMAND, arguments: [document.uri], tooltip: stageTooltip(estimate, stage) },
      } as CodeLens;
    });
  }

  /** The estimate for the report; with `waitForRegistry`, after the look-ups it needs (each bounded by the service). */
  async estimateSize(document: TextDocument, params: EstimateSizeParams, analysis: DockerfileAnalysis = analyzeDocument(document)): Promise<EstimateSizeResult> {
    let estimate = this.estimate(document, analysis, true);
    if (params.waitForRegistry) {
      await this.startLookups(estimate);
      estimate = this.estimate(document, analysis, true);
    }
    const summaries = estimate.stages.map((stage) => stageSummary(estimate, stage));
    return { ...toContract(estimate), report: { ...estimate, summaries } };
  }

  /** `forReport`: the user asked for the report and waits for it, so a stale build context is read first. */
  private estimate(document: TextDocument, analysis: DockerfileAnalysis, forReport = false): SizeEstimate {
    const file = document.uri.startsWith('file:') ? fileURLToPath(document.uri) : undefined;
    return estimateDockerfile(analysis.model, analysis.graph, {
      file: file ?? document.uri,
      context: file ? this.contextFor(file, forReport) : undefined,
      platform: this.platform,
      target: this.target,
      remote: this.answers,
      wantLookups: this.deps.lookupsAllowed(),
    });
  }

  /**
   * The build context for a lens: never read while a request waits. A missing or stale context is
   * read right after the answer (within SERVER_LIMITS), and the lenses refresh if it changed.
   */
  private contextFor(file: string, waitForFresh = false): BuildContext | undefined {
    const cached = this.contexts.get(file);
    if (cached && Date.now() - cached.at < CONTEXT_TTL_MS) return cached.context;
    if (waitForFresh) return this.readContext(file);
    if (!this.contextReads.has(file)) {
      this.contextReads.add(file);
      setImmediate(() => {
        this.contextReads.delete(file);
        const context = this.readContext(file);
        if (!cached || contextSignature(cached.context) !== contextSignature(context)) this.scheduleRefresh();
      });
    }
    return cached?.context;
  }

  private readContext(file: string): BuildContext {
    const context = readBuildContext(path.dirname(file), file, SERVER_LIMITS);
    this.contexts.set(file, { context, at: Date.now() });
    return context;
  }

  /** Starts the look-ups the estimate wants; resolves when they have all answered. */
  private startLookups(estimate: SizeEstimate): Promise<void> {
    const registry = this.deps.lookupsAllowed() ? this.deps.registry() : undefined;
    if (!registry) return Promise.resolve();
    const waits: Promise<void>[] = [];
    for (const { image, platform } of estimate.pendingLookups) {
      const key = lookupKey(image, platform);
      let running = this.inFlight.get(key);
      if (!running && !this.answers.has(key)) {
        running = registry.lookup({ image, platform: parsePlatform(platform)! }).then(
          (answer) => {
            this.answers.set(key, answer);
            if (!answer.ok) this.deps.log(`registry look-up of ${image} (${platform}) failed: ${answer.reason}`);
          },
          (error: unknown) => {
            this.answers.set(key, { ok: false, reason: String(error) });
          },
        ).finally(() => {
          this.inFlight.delete(key);
          this.scheduleRefresh();
        });
        this.inFlight.set(key, running);
      }
      if (running) waits.push(running);
    }
    return Promise.all(waits).then(() => undefined);
  }

  /** One refresh for a burst of answers. */
  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.deps.refresh();
    }, 50);
  }
}

/** Enough to tell whether a re-read build context changes any figure. */
function contextSignature(context: BuildContext): string {
  let bytes = 0;
  for (const file of context.files) bytes += file.size;
  return `${context.files.length}:${bytes}:${context.truncated}`;
}
