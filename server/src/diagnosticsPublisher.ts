/**
 * Publishes diagnostics in two steps so that typing stays fast: our stage diagnostics on the
 * next turn of the event loop after an edit, then, once edits pause, dockerfile-utils'
 * validation (several times dearer) merged into them. Until it has run for the new version,
 * the previous version's standard diagnostics are shown as they were.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { mergeStandardDiagnostics } from './features/standardFeatures';

/** Idle time after the last edit before the standard validation runs. */
export const STANDARD_VALIDATION_DELAY_MS = 200;

export interface DiagnosticsSource {
  /** Whether the standard (dockerfile-utils) validation is wanted at all. */
  standardEnabled(): boolean;
  stage(document: TextDocument): Diagnostic[];
  standard(document: TextDocument): Diagnostic[];
  current(uri: string): TextDocument | undefined;
  publish(uri: string, version: number, diagnostics: Diagnostic[]): void;
}

interface DocumentState {
  immediate?: NodeJS.Immediate;
  timer?: NodeJS.Timeout;
  /** The last stage diagnostics published, and for which version. */
  stage: Diagnostic[];
  stageVersion: number;
  /** The last standard diagnostics computed (possibly for an older version). */
  standard: Diagnostic[];
}

export class DiagnosticsPublisher {
  private readonly states = new Map<string, DocumentState>();

  constructor(private readonly source: DiagnosticsSource, private readonly standardDelayMs = STANDARD_VALIDATION_DELAY_MS) {}

  schedule(document: TextDocument): void {
    const state = this.stateOf(document.uri);
    if (state.immediate) clearImmediate(state.immediate);
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    state.immediate = setImmediate(() => this.publishStage(document.uri));
  }

  forget(uri: string): void {
    const state = this.states.get(uri);
    if (state?.immediate) clearImmediate(state.immediate);
    if (state?.timer) clearTimeout(state.timer);
    this.states.delete(uri);
  }

  private stateOf(uri: string): DocumentState {
    let state = this.states.get(uri);
    if (!state) {
      state = { stage: [], stageVersion: -1, standard: [] };
      this.states.set(uri, state);
    }
    return state;
  }

  private publishStage(uri: string): void {
    const state = this.stateOf(uri);
    state.immediate = undefined;
    const document = this.source.current(uri);
    if (!document) return;
    state.stage = this.source.stage(document);
    state.stageVersion = document.version;
    if (!this.source.standardEnabled()) {
      state.standard = [];
      this.source.publish(uri, document.version, state.stage);
      return;
    }
    this.source.publish(uri, document.version, mergeStandardDiagnostics(state.stage, state.standard));
    state.timer = setTimeout(() => this.publishStandard(uri), this.standardDelayMs);
  }

  private publishStandard(uri: string): void {
    const state = this.stateOf(uri);
    state.timer = undefined;
    const document = this.source.current(uri);
    if (!document || document.version !== state.stageVersion) return;
    state.standard = this.source.standard(document);
    this.source.publish(uri, document.version, mergeStandardDiagnostics(state.stage, state.standard));
  }
}
