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
  /**
   * One of BuildKit's build checks (frontend/dockerfile/linter/ruleset.go): a warning that
   * `# check=skip=…` / `# check=error=true` govern; `url` is BuildKit's documentation link
   * (absent for InvalidBaseImagePlatform, which BuildKit gives none).
   */
  buildCheck?: { url?: string; experimental?: boolean };
}

const dockerDocs = (kebab: string) => ({ url: `https://docs.docker.com/go/dockerfile/rule/${kebab}/` });

export const REPOSITORY_URL = 'https://github.com/stagecraft-dev/stagecraft';
export const DIAGNOSTIC_SOURCE = 'stagecraft';

export const RULES = {
  UndefinedStage: { code: 'UndefinedStage', defaultSeverity: 'error', summary: 'A --from or from= value that is no stage: BuildKit would pull an image of that name.' },
  StageIndexOutOfRange: { code: 'StageIndexOutOfRange', defaultSeverity: 'error', summary: 'A numeric --from past the last stage.' },
  ForwardStageReference: { code: 'ForwardStageReference', defaultSeverity: 'error', summary: '--from names a stage defined below the current one.' },
  CircularStageDependency: { code: 'CircularStageDependency', defaultSeverity: 'error', summary: 'A stage copies from itself, or stages depend on each other in a cycle.' },
  VariableInFromFlag: { code: 'VariableInFromFlag', defaultSeverity: 'error', summary: '--from=$VAR or a mount\'s from=$VAR: BuildKit refuses variables there.' },
  FromLaterStage: { code: 'FromLaterStage', defaultSeverity: 'warning', summary: 'FROM x where x names the current or a later stage: BuildKit pulls the image x.' },
  FromStageCasing: { code: 'FromStageCasing', defaultSeverity: 'error', summary: 'FROM Builder after AS builder: FROM matches stage names as written, so BuildKit pulls an (invalid) image instead.' },
  UnknownTarget: { code: 'UnknownTarget', defaultSeverity: 'error', summary: 'The build target (stagecraft.target, --target) names no stage.' },
  InvalidStageName: { code: 'InvalidStageName', defaultSeverity: 'error', summary: 'A stage name BuildKit rejects (it must match ^[a-z][a-z0-9-_.]*$).' },
  DuplicateStageName: { code: 'DuplicateStageName', defaultSeverity: 'warning', summary: 'A stage name used twice (names are case-insensitive): the later stage takes the name.', buildCheck: dockerDocs('duplicate-stage-name') },
  ReservedStageName: { code: 'ReservedStageName', defaultSeverity: 'warning', summary: 'A stage named scratch or context.', buildCheck: dockerDocs('reserved-stage-name') },
  StageNameCasing: { code: 'StageNameCasing', defaultSeverity: 'warning', summary: 'A stage name that is not lower case.', buildCheck: dockerDocs('stage-name-casing') },
  FromAsCasing: { code: 'FromAsCasing', defaultSeverity: 'warning', summary: "The 'as' keyword does not match the case of the 'from' keyword.", buildCheck: dockerDocs('from-as-casing') },
  MultipleInstructionsDisallowed: { code: 'MultipleInstructionsDisallowed', defaultSeverity: 'warning', summary: 'CMD, ENTRYPOINT or HEALTHCHECK more than once in a stage: only the last one is used.', buildCheck: dockerDocs('multiple-instructions-disallowed') },
  UndefinedArgInFrom: { code: 'UndefinedArgInFrom', defaultSeverity: 'warning', summary: 'FROM uses a variable that no global ARG declares.', buildCheck: dockerDocs('undefined-arg-in-from') },
  InvalidDefaultArgInFrom: { code: 'InvalidDefaultArgInFrom', defaultSeverity: 'warning', summary: 'With the global ARGs\' defaults, a FROM names an empty or invalid image.', buildCheck: dockerDocs('invalid-default-arg-in-from') },
  RedundantTargetPlatform: { code: 'RedundantTargetPlatform', defaultSeverity: 'warning', summary: 'FROM --platform=$TARGETPLATFORM: that is the default.', buildCheck: dockerDocs('redundant-target-platform') },
  FromPlatformFlagConstDisallowed: { code: 'FromPlatformFlagConstDisallowed', defaultSeverity: 'warning', summary: 'FROM --platform with a constant value.', buildCheck: dockerDocs('from-platform-flag-const-disallowed') },
  InvalidDefinitionDescription: { code: 'InvalidDefinitionDescription', defaultSeverity: 'warning', summary: 'Experimental: the comment above an ARG or a named FROM does not start with its name.', buildCheck: { ...dockerDocs('invalid-definition-description'), experimental: true } },
  InvalidCheckDirective: { code: 'InvalidCheckDirective', defaultSeverity: 'error', summary: 'A # check= directive BuildKit cannot parse: the build fails.' },
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

/** Our page of the rule: every rule has one (docs/rules/<code>.md). */
export function rulePageUrl(code: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${code}.md`;
}

/** The link a diagnostic carries: BuildKit's own documentation for its build checks, our page otherwise. */
export function ruleDocsUrl(code: string): string {
  return findRule(code)?.buildCheck?.url ?? rulePageUrl(code);
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
