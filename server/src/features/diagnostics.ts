/** Stage findings turned into LSP diagnostics, with the user's severities applied. */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import { toRange, type DockerfileAnalysis } from '../analysis/documentAnalysis';
import { DIAGNOSTIC_SOURCE, findRule, ruleDocsUrl, type RuleSettings, type RuleSeverity } from '../rules/ruleCatalog';
import { checkStages, type Finding, type StageRuleOptions } from '../rules/stageRules';
import { resolveTargetIndex, stageLabel } from '../model/stageModel';
import { checkRuntime } from '../rules/runtimeRules';
import { checkBuildTools } from '../rules/buildToolsRule';
import { checkBuildKitRules } from '../rules/buildChecks';
import { checkBasePlatforms, type BasePlatformOptions } from '../rules/basePlatformRule';
import { applyCheckDirectives, type DockerfileCheckArg } from '../rules/checkDirectives';
import { reachableStages } from '../model/stageGraph';

export interface DiagnosticsOptions extends StageRuleOptions {
  rules?: RuleSettings;
  /** A `BUILDKIT_DOCKERFILE_CHECK` build arg for this Dockerfile: it replaces `# check=`. */
  dockerfileCheck?: DockerfileCheckArg;
  /** The registry's answers about base images (only when look-ups are allowed). */
  basePlatforms?: BasePlatformOptions['basePlatforms'];
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

/** Every check, in publishing order. */
const CHECKS: ((analysis: DockerfileAnalysis, options: DiagnosticsOptions) => Finding[])[] = [
  (analysis, options) => checkStages(analysis.model, options, analysis.graph),
  (analysis) => checkBuildKitRules(analysis.model),
  (analysis, options) => checkBasePlatforms(analysis.model, analysis.graph, options),
  (analysis, options) => outsideTheBuild(analysis, options, checkRuntime(analysis.model)),
  (analysis) => checkBuildTools(analysis.model, analysis.document.uri),
];

/** What fails only when a stage runs (no shell, no libc): judged where the stage is built. */
const RUNTIME_CODES = new Set(['ShellInShellLessBase', 'DynamicBinaryOnStaticBase', 'LibcMismatch']);

/**
 * A runtime finding in a stage the build target does not reach is no error of the default build:
 * it is said so, as information.
 */
function outsideTheBuild(analysis: DockerfileAnalysis, options: DiagnosticsOptions, findings: Finding[]): Finding[] {
  const { model, graph } = analysis;
  if (findings.length === 0 || model.stages.length < 2) return findings;
  const target = resolveTargetIndex(model, options.target);
  const reachable = reachableStages(graph, target);
  for (const finding of findings) {
    if (!RUNTIME_CODES.has(finding.code)) continue;
    let stage = model.stages[0];
    for (const candidate of model.stages) if (candidate.from.span.start <= finding.span.start) stage = candidate;
    if (reachable.has(stage.index)) continue;
    finding.severity = 'information';
    finding.message = `${finding.message} (Stage ${stageLabel(stage)} is not part of the default build: this matters only when it is built, e.g. with --target ${stage.name ?? stage.index}.)`;
  }
  return findings;
}

/**
 * More diagnostics than this help nobody and cost seconds on pathological text (a 5 MB file of
 * 60,000 duplicate stages); the most severe are kept.
 */
export const MAX_DIAGNOSTICS = 1000;

const SEVERITY_RANK: Record<RuleSeverity, number> = { error: 0, warning: 1, information: 2, hint: 3, off: 4 };

function mostSevere(findings: Finding[], rules: RuleSettings): Finding[] {
  if (findings.length <= MAX_DIAGNOSTICS) return findings;
  const rank = (finding: Finding) => SEVERITY_RANK[rules[finding.code] ?? finding.severity ?? findRule(finding.code)?.defaultSeverity ?? 'warning'];
  return findings
    .map((finding, order) => ({ finding, order, rank: rank(finding) }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .slice(0, MAX_DIAGNOSTICS)
    .map((entry) => entry.finding);
}

export function computeStageDiagnostics(analysis: DockerfileAnalysis, options: DiagnosticsOptions = {}): Diagnostic[] {
  const rules = options.rules ?? {};
  const findings = applyCheckDirectives(analysis.model.scanned, CHECKS.flatMap((check) => check(analysis, options)), options.dockerfileCheck);
  return findingsToDiagnostics(analysis, mostSevere(findings, rules), rules);
}
