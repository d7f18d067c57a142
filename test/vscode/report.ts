/**
 * The contract between the mocha suite in the extension host and the runner outside it:
 * the suite writes this JSON to the path in STAGECRAFT_VSCODE_REPORT; the UI handshake
 * files live in the folder named by STAGECRAFT_UI_HANDSHAKE.
 */
export const REPORT_ENV = 'STAGECRAFT_VSCODE_REPORT';
export const UI_HANDSHAKE_ENV = 'STAGECRAFT_UI_HANDSHAKE';

export type MochaTestState = 'passed' | 'failed' | 'pending';

export interface MochaTestResult {
  /** Suite titles and the test title, joined with a space (mocha's fullTitle()). */
  title: string;
  state: MochaTestState;
  durationMs: number;
  error?: string;
}

export interface MochaReport {
  vscodeVersion: string;
  uiKind: string;
  tests: MochaTestResult[];
  /** Set when mocha itself failed (loading a suite file threw, for instance). */
  fatal?: string;
}

/** Written by the suite when an editor shows the UndefinedStage squiggle; the runner then checks the DOM. */
export interface UiReady {
  fileName: string;
  message: string;
}

/** Written by the runner when its UI check is over; the suite's test passes or fails with it. */
export interface UiDone {
  ok: boolean;
  detail: string;
}

export const UI_READY_FILE = 'ready.json';
export const UI_DONE_FILE = 'done.json';
