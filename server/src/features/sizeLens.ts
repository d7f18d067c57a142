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
import { analyzeDocument, toRange, type DockerfileAnalysis } from '../service/analysis';
import { readBuildContext, type BuildContext } from '../size/buildContext';
import { toContract, type EstimateContract } from '../size/contract';
import { estimateDockerfile, lookupKey } from '../size/estimator';
import { parsePlatform } from '../size/platform';
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

const CONTEXT_TTL_MS = 5_000;

export class SizeLensFeature {
  private enabled = true;
  private platform?: string;
  private target?: string;
  private readonly answers = new Map<string, ImageSizeResult>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly contexts = new Map<string, { context: BuildContext; at: number }>();
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
    let estimate = this.estimate(document, analysis);
    if (params.waitForRegistry) {
      await this.startLookups(estimate);
      estimate = this.estimate(document, analysis);
    }
    const summaries = estimate.stages.map((stage) => stageSummary(estimate, stage));
    return { ...toContract(estimate), report: { ...estimate, summaries } };
  }

  private estimate(document: TextDocument, analysis: DockerfileAnalysis): SizeEstimate {
    const file = document.uri.startsWith('file:') ? fileURLToPath(document.uri) : undefined;
    return estimateDockerfile(analysis.model, analysis.graph, {
      file: file ?? document.uri,
      context: file ? this.contextFor(file) : undefined,
      platform: this.platform,
      target: this.target,
      remote: this.answers,
      wantLookups: this.deps.lookupsAllowed(),
    });
  }

  private contextFor(file: string): BuildContext {
    const key = file;
    const cached = this.contexts.get(key);
    if (cached && Date.now() - cached.at < CONTEXT_TTL_MS) return cached.context;
    const context = readBuildContext(path.dirname(file), file);
    this.contexts.set(key, { context, at: Date.now() });
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
