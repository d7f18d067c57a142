/** Test helpers: run the service on an inline Dockerfile and read results back as text. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { analyzeDocument } from '../../server/src/analysis/documentAnalysis';
import { computeStageDiagnostics, type DiagnosticsOptions } from '../../server/src/features/diagnostics';

export function documentOf(text: string, uri = 'file:///work/Dockerfile'): TextDocument {
  return TextDocument.create(uri, 'dockerfile', 1, text);
}

/** `options.platforms`: the platforms built (the analysis is made for them). */
export function diagnose(text: string, options: DiagnosticsOptions & { platforms?: string[] } = {}): Diagnostic[] {
  return computeStageDiagnostics(analyzeDocument(documentOf(text), { platforms: options.platforms }), options);
}

/** The text a diagnostic's range covers. */
export function covered(text: string, diagnostic: Diagnostic): string {
  const document = documentOf(text);
  return text.slice(document.offsetAt(diagnostic.range.start), document.offsetAt(diagnostic.range.end));
}

/** `code@line:col-line:col "covered text"` for compact, exact assertions. */
export function describe(text: string, diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${JSON.stringify(covered(text, d))}`);
}

export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}
