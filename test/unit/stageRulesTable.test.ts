/** Every row of the diagnostics table of issue 2, on inline Dockerfiles, with exact ranges. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import { describe, diagnose } from '../support/diagnose';
import { ALL_RULES, DIAGNOSTIC_SOURCE, registeredRules } from '../../server/src/rules/ruleCatalog';

const only = (text: string, code: string, options = {}) => diagnose(text, options).filter((d) => d.code === code);
const related = (d: Diagnostic) => (d.relatedInformation ?? []).map((r) => `${r.location.range.start.line}:${r.location.range.start.character}-${r.location.range.end.line}:${r.location.range.end.character}`);

test('UndefinedStage (close to a stage): edit distance, prefix and name part are errors naming the closest stage', () => {
  const text = [
    'FROM golang AS builder',
    'FROM node AS build-assets',
    'FROM alpine',
    'COPY --from=biulder /a /a',
    'COPY --from=build /b /b',
    'COPY --from=assets /c /c',
    'RUN --mount=type=cache,from=buildr,target=/x true',
  ].join('\n');
  const diagnostics = only(text, 'UndefinedStage');
  assert.deepEqual(describe(text, diagnostics), [
    'UndefinedStage@3:12-3:19 "biulder"',
    'UndefinedStage@4:12-4:17 "build"',
    'UndefinedStage@5:12-5:18 "assets"',
    'UndefinedStage@6:28-6:34 "buildr"',
  ]);
  assert.ok(diagnostics.every((d) => d.severity === DiagnosticSeverity.Error));
  assert.match(String(diagnostics[0].message), /did you mean 'builder'\?.*docker\.io\/library\/biulder/);
  assert.match(String(diagnostics[1].message), /did you mean 'builder'\?/);
  assert.match(String(diagnostics[2].message), /did you mean 'build-assets'\?/);
  assert.match(String(diagnostics[3].message), /from=buildr/);
  assert.deepEqual(related(diagnostics[0]), ['0:15-0:22']);
  assert.deepEqual(related(diagnostics[2]), ['1:13-1:25']);
});

test('UndefinedStage (close to no stage): information that BuildKit pulls the image', () => {
  const text = 'FROM golang AS builder\nFROM alpine\nCOPY --from=busybox /bin/busybox /bin/\nCOPY --from=builder /app /app\n';
  const [diagnostic, ...rest] = diagnose(text);
  assert.deepEqual(rest, []);
  assert.deepEqual(describe(text, [diagnostic]), ['UndefinedStage@2:12-2:19 "busybox"']);
  assert.equal(diagnostic.severity, DiagnosticSeverity.Information);
  assert.equal(diagnostic.message, "'busybox' is not a stage: BuildKit pulls image docker.io/library/busybox:latest");
});

test('StageIndexOutOfRange: a numeric --from at or past the stage count, and a negative one', () => {
  const text = 'FROM a\nFROM b\nCOPY --from=2 /a /b\nCOPY --from=-1 /a /b\n';
  const diagnostics = diagnose(text).filter((d) => d.code !== 'UnusedStage');
  assert.deepEqual(describe(text, diagnostics), ['StageIndexOutOfRange@2:12-2:13 "2"', 'StageIndexOutOfRange@3:12-3:14 "-1"']);
  assert.equal(diagnostics[0].severity, DiagnosticSeverity.Error);
  assert.match(String(diagnostics[0].message), /^invalid stage index 2: this Dockerfile has 2 stages \(0 to 1\)/);
});

test('ForwardStageReference: --from names a stage defined below (by name and by index)', () => {
  const text = 'FROM a AS first\nCOPY --from=second /a /b\nCOPY --from=1 /c /d\nFROM b AS second\nFROM c\nCOPY --from=first /e /f\n';
  const diagnostics = only(text, 'ForwardStageReference');
  assert.deepEqual(describe(text, diagnostics), ['ForwardStageReference@1:12-1:18 "second"', 'ForwardStageReference@2:12-2:13 "1"']);
  assert.equal(diagnostics[0].severity, DiagnosticSeverity.Error);
  assert.equal(diagnostics[0].message, 'cannot copy from stage "second", it needs to be defined before current stage "first".');
  assert.deepEqual(related(diagnostics[0]), ['3:10-3:16']);
});

test('CircularStageDependency: self by name, self by index, and a cycle through a later stage', () => {
  const self = 'FROM a AS app\nCOPY --from=app /a /b\nCOPY --from=0 /c /d\n';
  assert.deepEqual(describe(self, diagnose(self)), ['CircularStageDependency@1:12-1:15 "app"', 'CircularStageDependency@2:12-2:13 "0"']);
  assert.match(String(diagnose(self)[0].message), /^circular dependency detected on stage: 'app'/);
  const cycle = 'FROM a AS one\nCOPY --from=two /a /b\nFROM b AS two\nCOPY --from=one /c /d\n';
  const diagnostics = diagnose(cycle);
  assert.deepEqual(describe(cycle, diagnostics), ['CircularStageDependency@1:12-1:15 "two"', 'CircularStageDependency@3:12-3:15 "one"']);
  assert.ok(diagnostics.every((d) => d.severity === DiagnosticSeverity.Error));
  assert.deepEqual(related(diagnostics[0]), ['2:10-2:13']);
});

test('VariableInFromFlag: $X and ${X}, with BuildKit\'s workaround in the message; a mount\'s from=$X is refused too', () => {
  const text = 'ARG SRC=builder\nFROM a AS builder\nFROM b\nCOPY --from=$SRC /a /b\nCOPY --from=${SRC} /c /d\nRUN --mount=from=$SRC,target=/m true\n';
  const diagnostics = diagnose(text).filter((d) => d.code !== 'UnusedStage');
  assert.deepEqual(describe(text, diagnostics), ['VariableInFromFlag@3:12-3:16 "$SRC"', 'VariableInFromFlag@4:12-4:18 "${SRC}"', 'VariableInFromFlag@5:17-5:21 "$SRC"']);
  assert.equal(diagnostics[0].severity, DiagnosticSeverity.Error);
  assert.match(String(diagnostics[0].message), /variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround/);
  // instructions/commands_runmount.go parseMount: refused when the file is parsed.
  assert.match(String(diagnostics[2].message), /^'from' doesn't support variable expansion, define alias stage instead/);
});

test('FromLaterStage: FROM naming the current stage or a later one is a warning', () => {
  const text = 'FROM tools AS tools\nFROM runtime\nFROM debian AS runtime\nCOPY --from=tools / /\n';
  const diagnostics = only(text, 'FromLaterStage');
  assert.deepEqual(describe(text, diagnostics), ['FromLaterStage@0:5-0:10 "tools"', 'FromLaterStage@1:5-1:12 "runtime"']);
  assert.ok(diagnostics.every((d) => d.severity === DiagnosticSeverity.Warning));
  assert.match(String(diagnostics[0].message), /names this stage itself.*pulls the image docker\.io\/library\/tools/);
  assert.match(String(diagnostics[1].message), /defined below/);
  assert.deepEqual(related(diagnostics[1]), ['2:15-2:22']);
});

test('DuplicateStageName: on the second definition, case-insensitively, pointing at the first', () => {
  const text = 'FROM a AS build\nFROM b AS BUILD\nFROM c\nCOPY --from=build / /\n';
  const diagnostics = only(text, 'DuplicateStageName');
  assert.deepEqual(describe(text, diagnostics), ['DuplicateStageName@1:10-1:15 "BUILD"']);
  // A BuildKit build check: a warning, with BuildKit's message (names are stored lower-cased) and link.
  assert.equal(diagnostics[0].severity, DiagnosticSeverity.Warning);
  assert.equal(diagnostics[0].message, 'Duplicate stage name "build", stage names should be unique');
  assert.equal(diagnostics[0].codeDescription?.href, 'https://docs.docker.com/go/dockerfile/rule/duplicate-stage-name/');
  assert.deepEqual(related(diagnostics[0]), ['0:10-0:15']);
  assert.match(diagnostics[0].relatedInformation?.[0].message ?? '', /line 1/);
});

test('ReservedStageName, InvalidStageName and StageNameCasing', () => {
  const text = 'FROM a AS scratch\nFROM a AS Context\nFROM a AS 1st\nFROM a AS my/stage\nFROM a AS MixedCase\nFROM a AS ok-name_1.2\nCOPY --from=scratch / /\n';
  const diagnostics = diagnose(text).filter((d) => d.code !== 'UnusedStage');
  assert.deepEqual(describe(text, diagnostics), [
    'ReservedStageName@0:10-0:17 "scratch"',
    'StageNameCasing@1:10-1:17 "Context"',
    'ReservedStageName@1:10-1:17 "Context"',
    'InvalidStageName@2:10-2:13 "1st"',
    'InvalidStageName@3:10-3:18 "my/stage"',
    'StageNameCasing@4:10-4:19 "MixedCase"',
  ]);
  const severity = Object.fromEntries(diagnostics.map((d) => [d.code, d.severity]));
  // ReservedStageName and StageNameCasing are BuildKit build checks (warnings); an invalid name fails the parse.
  assert.deepEqual(severity, { ReservedStageName: DiagnosticSeverity.Warning, StageNameCasing: DiagnosticSeverity.Warning, InvalidStageName: DiagnosticSeverity.Error });
  assert.equal(diagnostics.find((d) => d.code === 'ReservedStageName')?.message, 'Stage name should not use the same name as reserved stage "scratch"');
  assert.equal(diagnostics.find((d) => d.code === 'StageNameCasing')?.message, "Stage name 'Context' should be lowercase");
  assert.equal(diagnostics.find((d) => d.code === 'InvalidStageName')?.message, 'invalid name for build stage: "1st", name can\'t start with a number or contain symbols');
});

test('UnusedStage: an unnamed dead stage is a faded hint over the whole stage', () => {
  const text = 'FROM alpine\nRUN echo dead\nFROM alpine AS final\n';
  const diagnostics = diagnose(text);
  assert.deepEqual(describe(text, diagnostics), ['UnusedStage@0:0-1:13 "FROM alpine\\nRUN echo dead"']);
  assert.equal(diagnostics[0].severity, DiagnosticSeverity.Hint);
  assert.deepEqual(diagnostics[0].tags, [DiagnosticTag.Unnecessary]);
});

test('UnusedStage: a named stage is a hint without the fade, naming --target; the target option changes what is reached', () => {
  const text = 'FROM golang AS build\nFROM build AS test\nRUN go test\nFROM alpine AS release\nCOPY --from=build /app /app\n';
  const diagnostics = diagnose(text);
  assert.deepEqual(describe(text, diagnostics), ['UnusedStage@1:14-1:18 "test"']);
  assert.equal(diagnostics[0].severity, DiagnosticSeverity.Hint);
  assert.equal(diagnostics[0].tags, undefined);
  assert.equal(diagnostics[0].message, "Stage 'test' is not part of the default build: BuildKit builds it only with --target test.");
  assert.deepEqual(describe(text, diagnose(text, { target: 'test' })), ['UnusedStage@3:15-3:22 "release"']);
  // BuildKit finds --target by name only: `1` is no target, and says so (the editor still reads it as stage 1).
  const unknown = diagnose(text, { target: '1' });
  assert.deepEqual(describe(text, unknown), ['UnknownTarget@0:0-0:4 "FROM"', 'UnusedStage@3:15-3:22 "release"']);
  assert.equal(unknown[0].message, 'target stage "1" could not be found');
  assert.match(String(diagnose(text, { target: 'tset' })[0].message), /^target stage "tset" could not be found \(did you mean test\?\)/);
});

test('UnusedStage: the message names where workspace files target the stage', () => {
  const text = 'FROM golang AS build\nFROM build AS test\nFROM alpine\nCOPY --from=build / /\n';
  const targetMentions = new Map([['test', [{ file: 'docker-bake.hcl', line: 4 }, { file: 'Makefile', line: 11 }]]]);
  const [diagnostic] = diagnose(text, { targetMentions });
  assert.match(String(diagnostic.message), /--target test\. It is targeted in docker-bake\.hcl:5, Makefile:12\.$/);
  assert.deepEqual(diagnostic.data, { targeted: true });
});

test('NumericStageReference: a valid index is a hint to use the name', () => {
  const text = 'FROM golang AS builder\nFROM scratch\nCOPY --from=0 /app /app\n';
  const diagnostics = diagnose(text);
  assert.deepEqual(describe(text, diagnostics), ['NumericStageReference@2:12-2:13 "0"']);
  assert.equal(diagnostics[0].severity, DiagnosticSeverity.Hint);
  assert.match(String(diagnostics[0].message), /--from=builder/);
  assert.deepEqual(related(diagnostics[0]), ['0:15-0:22']);
});

test('every diagnostic has source stagecraft, a known code and the link to its rule page', () => {
  const text = 'FROM a AS A\nCOPY --from=A / /\nCOPY --from=9 / /\nFROM b AS a\nFROM c AS scratch\nCOPY --from=$X / /\nCOPY --from=0 / /\nFROM later\nFROM d AS later\nCOPY --from=latr / /\n';
  const diagnostics = diagnose(text);
  const known = new Set(ALL_RULES.map((rule) => rule.code));
  assert.ok(diagnostics.length >= 8);
  for (const diagnostic of diagnostics) {
    assert.equal(diagnostic.source, DIAGNOSTIC_SOURCE);
    assert.ok(known.has(String(diagnostic.code)), String(diagnostic.code));
    // BuildKit's build checks link to Docker's documentation, as BuildKit does; ours to our pages.
    const buildCheck = ALL_RULES.find((rule) => rule.code === diagnostic.code)?.buildCheck;
    assert.equal(diagnostic.codeDescription?.href, buildCheck ? buildCheck.url : `https://github.com/stagecraft-dev/stagecraft/blob/main/docs/rules/${diagnostic.code}.md`);
  }
});

test('ranges stay exact through continuations, # escape=`, CRLF and comments inside a continuation', () => {
  const continued = 'FROM golang AS builder\nFROM alpine\nCOPY \\\n  # where from\n  --from=buildr \\\n  /a /a\n';
  assert.deepEqual(describe(continued, diagnose(continued)), ['UndefinedStage@4:9-4:15 "buildr"']);
  const escaped = '# escape=`\nFROM golang AS builder\nFROM windows\nCOPY `\n    --from=buildr C:\\a C:\\b\n';
  assert.deepEqual(describe(escaped, diagnose(escaped)), ['UndefinedStage@4:11-4:17 "buildr"']);
  const crlf = 'FROM golang AS builder\r\nFROM alpine\r\nCOPY --from=buildr /a /a\r\n';
  assert.deepEqual(describe(crlf, diagnose(crlf)), ['UndefinedStage@2:12-2:18 "buildr"']);
  const quoted = 'FROM golang AS builder\nFROM alpine\nCOPY --from="buildr" /a /a\n';
  assert.deepEqual(describe(quoted, diagnose(quoted)), ['UndefinedStage@2:13-2:19 "buildr"']);
});

test('heredoc bodies and ONBUILD triggers are not judged', () => {
  const heredoc = 'FROM alpine AS base\nRUN <<EOF\nFROM x\nCOPY --from=nope a b\nEOF\nFROM base\n';
  assert.deepEqual(diagnose(heredoc), []);
  const tabs = 'FROM alpine AS base\nRUN <<-EOF\n\tCOPY --from=bse a b\n\tEOF\nFROM base\n';
  assert.deepEqual(diagnose(tabs), []);
  const onbuild = 'FROM alpine AS base\nONBUILD COPY --from=bse /a /b\nFROM base\n';
  assert.deepEqual(diagnose(onbuild), []);
});

test('stagecraft.rules: a severity can be changed or switched off per code', () => {
  const text = 'FROM a AS Build\nFROM b\nCOPY --from=biuld / /\nCOPY --from=0 / /\n';
  const changed = diagnose(text, { rules: { StageNameCasing: 'error', NumericStageReference: 'off' } });
  assert.deepEqual(changed.map((d) => [d.code, d.severity]), [['StageNameCasing', DiagnosticSeverity.Error], ['UndefinedStage', DiagnosticSeverity.Error]]);
});

test('every rule (the catalog and the registered ones) has its page in docs/rules/ and its setting in package.json', () => {
  const settings = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).contributes.configuration.properties['stagecraft.rules'].properties;
  const rules = registeredRules();
  assert.ok(rules.length > ALL_RULES.length, 'the runtime and build-tools rules are registered');
  for (const rule of rules) {
    assert.match(settings[rule.code]?.markdownDescription ?? '', new RegExp(`default: ${rule.defaultSeverity}`), `${rule.code}: a setting with its default`);
    const page = readFileSync(join(__dirname, '../../docs/rules', `${rule.code}.md`), 'utf8');
    assert.match(page, new RegExp(`^# ${rule.code}\\n`), rule.code);
    assert.match(page, /```dockerfile\n/, `${rule.code}: an example`);
    assert.match(page, /## Fix/, `${rule.code}: the fix`);
    assert.match(page, new RegExp(`"stagecraft.rules": \\{ "${rule.code}"`), `${rule.code}: how to configure`);
    assert.match(page, new RegExp(`Default severity: \\*\\*${rule.defaultSeverity}`), `${rule.code}: the default severity`);
  }
});
