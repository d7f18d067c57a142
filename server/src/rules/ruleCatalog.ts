/**
 * Every Stagecraft diagnostic, declared as data: its code, default severity, what it is
 * about, and the page that documents it. The checks that raise them live in their own modules.
 */

export type RuleSeverity = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface RuleDefinition {
  code: string;
  defaultSeverity: Exclude<RuleSeverity, 'off'>;
  /** One line: what the rule reports. Shown in the docs and the settings description. */
  summary: string;
}

export const REPOSITORY_URL = 'https://github.com/stagecraft-dev/stagecraft';
export const DIAGNOSTIC_SOURCE = 'stagecraft';

export const RULES = {
  UndefinedStage: { code: 'UndefinedStage', defaultSeverity: 'error', summary: 'A --from or from= value that is no stage: BuildKit would pull an image of that name.' },
  StageIndexOutOfRange: { code: 'StageIndexOutOfRange', defaultSeverity: 'error', summary: 'A numeric --from past the last stage.' },
  ForwardStageReference: { code: 'ForwardStageReference', defaultSeverity: 'error', summary: '--from names a stage defined below the current one.' },
  CircularStageDependency: { code: 'CircularStageDependency', defaultSeverity: 'error', summary: 'A stage copies from itself, or stages depend on each other in a cycle.' },
  VariableInFromFlag: { code: 'VariableInFromFlag', defaultSeverity: 'error', summary: '--from=$VAR: BuildKit does not expand variables in --from.' },
  FromLaterStage: { code: 'FromLaterStage', defaultSeverity: 'warning', summary: 'FROM x where x names the current or a later stage: BuildKit pulls the image x.' },
  DuplicateStageName: { code: 'DuplicateStageName', defaultSeverity: 'error', summary: 'A stage name used twice (names are case-insensitive).' },
  ReservedStageName: { code: 'ReservedStageName', defaultSeverity: 'error', summary: 'A stage named scratch or context.' },
  InvalidStageName: { code: 'InvalidStageName', defaultSeverity: 'error', summary: 'A stage name BuildKit rejects (it must match ^[a-z][a-z0-9-_.]*$).' },
  StageNameCasing: { code: 'StageNameCasing', defaultSeverity: 'warning', summary: 'A stage name that is not lower case.' },
  UnusedStage: { code: 'UnusedStage', defaultSeverity: 'hint', summary: 'A stage the final stage does not reach: built only with --target, or dead code.' },
  NumericStageReference: { code: 'NumericStageReference', defaultSeverity: 'hint', summary: '--from=<index>: refer to the stage by name.' },
} as const satisfies Record<string, RuleDefinition>;

export type RuleCode = keyof typeof RULES;

export const ALL_RULES: readonly RuleDefinition[] = Object.values(RULES);

/** Extra rules registered by later features (code actions, size engine) join the catalog here. */
const extraRules = new Map<string, RuleDefinition>();

export function registerRule(rule: RuleDefinition): void {
  extraRules.set(rule.code, rule);
}

/** Every rule: the catalog's and those registered by the modules that check them. */
export function registeredRules(): RuleDefinition[] {
  return [...ALL_RULES, ...extraRules.values()];
}

export function findRule(code: string): RuleDefinition | undefined {
  return (RULES as Record<string, RuleDefinition>)[code] ?? extraRules.get(code);
}

export function ruleDocsUrl(code: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${code}.md`;
}

/** User overrides (`stagecraft.rules`): code → severity. Unknown codes and values are ignored. */
export type RuleSettings = Record<string, RuleSeverity | undefined>;

const SEVERITIES = new Set<RuleSeverity>(['error', 'warning', 'information', 'hint', 'off']);

export function sanitizeRuleSettings(value: unknown): RuleSettings {
  const settings: RuleSettings = {};
  if (!value || typeof value !== 'object') return settings;
  for (const [code, severity] of Object.entries(value as Record<string, unknown>)) {
    if (typeof severity === 'string' && SEVERITIES.has(severity.toLowerCase() as RuleSeverity)) {
      settings[code] = severity.toLowerCase() as RuleSeverity;
    }
  }
  return settings;
}
