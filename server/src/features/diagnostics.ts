/** Stage findings turned into LSP diagnostics, with the user's severities applied. */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import { toRange, type DockerfileAnalysis } from '../service/analysis';
import { DIAGNOSTIC_SOURCE, findRule, ruleDocsUrl, type RuleSettings, type RuleSeverity } from '../rules/ruleCatalog';
import { checkStages, type Finding, type StageRuleOptions } from '../rules/stageRules';

export interface DiagnosticsOptions extends StageRuleOptions {
  rules?: RuleSettings;
}

const LSP_SEVERITY: Record<Exclude<RuleSeverity, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function findingsToDiagnostics(analysis: DockerfileAnalysis, findings: Finding[], rules: RuleSettings = {}): Diagnostic[] {
  const { document } = analysis;
  const diagnostics: Diagnostic[] = [];
  for (const finding of findings) {
    const override = rules[finding.code];
    if (override === 'off') continue;
    const severity = override ?? finding.severity ?? findRule(finding.code)?.defaultSeverity ?? 'warning';
    const diagnostic: Diagnostic = {
      range: toRange(document, finding.span),
      severity: LSP_SEVERITY[severity],
      source: DIAGNOSTIC_SOURCE,
      code: finding.code,
      codeDescription: { href: ruleDocsUrl(finding.code) },
      message: finding.message,
    };
    if (finding.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
    if (finding.related.length > 0) {
      diagnostic.relatedInformation = finding.related.map((related) => ({
        location: { uri: document.uri, range: toRange(document, related.span) },
        message: related.message,
      }));
    }
    if (finding.data) diagnostic.data = finding.data;
    diagnostics.push(diagnostic);
  }
  return diagnostics;
}

export function computeStageDiagnostics(analysis: DockerfileAnalysis, options: DiagnosticsOptions = {}): Diagnostic[] {
  return findingsToDiagnostics(analysis, checkStages(analysis.model, options, analysis.graph), options.rules);
}
