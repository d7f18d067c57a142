/**
 * Conformance with BuildKit (moby/buildkit frontend/dockerfile at 73ed682, Aug 2026): for every
 * semantic point and build check, Dockerfiles of our own that BuildKit rejects or warns about and
 * ones it accepts, each with what Stagecraft must report. Each row cites where BuildKit decides.
 * Rows are `check(input, expect)`: the whole list of diagnostics, as
 * `<severity letter> <code>@<line>:<col>-<line>:<col> "<covered text>"` (0-based, E/W/I/H).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { describe, diagnose } from '../support/diagnose';
import type { DiagnosticsOptions } from '../../server/src/features/diagnostics';
import type { BaseImagePlatforms } from '../../server/src/knowledge/imagePlatforms';

const LETTER: Record<number, string> = { [DiagnosticSeverity.Error]: 'E', [DiagnosticSeverity.Warning]: 'W', [DiagnosticSeverity.Information]: 'I', [DiagnosticSeverity.Hint]: 'H' };

interface Row {
  name: string;
  /** Where BuildKit decides this. */
  buildkit: string;
  dockerfile: string;
  options?: DiagnosticsOptions & { platforms?: string[] };
  expect: string[];
  /** Messages, by index in `expect`: exact strings, or patterns. */
  messages?: Record<number, string | RegExp>;
}

function check(row: Row): void {
  // In document order (stable for diagnostics at the same place).
  const diagnostics: Diagnostic[] = diagnose(row.dockerfile, row.options)
    .map((diagnostic, order) => ({ diagnostic, order }))
    .sort((a, b) => a.diagnostic.range.start.line - b.diagnostic.range.start.line || a.diagnostic.range.start.character - b.diagnostic.range.start.character || a.order - b.order)
    .map((entry) => entry.diagnostic);
  const described = describe(row.dockerfile, diagnostics).map((text, i) => `${LETTER[diagnostics[i].severity ?? 1]} ${text}`);
  assert.deepEqual(described, row.expect, `${row.name} (${row.buildkit})`);
  for (const [index, message] of Object.entries(row.messages ?? {})) {
    const actual = String(diagnostics[Number(index)].message);
    if (typeof message === 'string') assert.equal(actual, message, row.name);
    else assert.match(actual, message, row.name);
  }
}

const lines = (...text: string[]) => `${text.join('\n')}\n`;

const SEMANTICS: Row[] = [
  {
    name: 'platform ARGs are defined in the global scope without any ARG: FROM base-${TARGETARCH} uses the stages of every platform',
    buildkit: 'dockerfile2llb/platform.go defaultArgs; convert.go buildDispatchStates expands BaseName with them',
    dockerfile: lines('FROM alpine AS base-amd64', 'FROM alpine AS base-arm64', 'FROM alpine AS other', 'FROM base-${TARGETARCH}', 'RUN true'),
    expect: ['H UnusedStage@2:15-2:20 "other"'],
  },
  {
    name: 'a FROM with variables can select, with other ARG values or platforms, every stage above its name fits',
    buildkit: 'the base is expanded with --build-arg values and the requested platform (buildDispatchStates)',
    dockerfile: lines('ARG VARIANT=debian', 'FROM alpine AS build-debian', 'FROM alpine AS build-alpine', 'FROM alpine AS base-s390x', 'FROM alpine AS lint', 'FROM base-${TARGETARCH} AS base', 'FROM build-${VARIANT}', 'COPY --from=base / /'),
    expect: ['H UnusedStage@4:15-4:19 "lint"'],
  },
  {
    name: 'an ARG default built from a platform ARG selects the stage too',
    buildkit: 'convert.go buildMetaArgs expands ARG defaults with the platform ARGs already set',
    dockerfile: lines('ARG FLAVOR=${TARGETOS}-${TARGETARCH}', 'FROM alpine AS x-linux-amd64', 'FROM alpine AS x-linux-arm64', 'FROM x-${FLAVOR}'),
    expect: [],
  },
  {
    name: 'a declared global ARG without default keeps the automatic value',
    buildkit: 'buildMetaArgs adds an ARG to the environment only when it has a value',
    dockerfile: lines('ARG TARGETARCH', 'FROM alpine AS build-amd64', 'FROM alpine AS build-arm64', 'FROM build-$TARGETARCH'),
    expect: [],
  },
  {
    name: 'FROM matches stage names as written: FROM Builder after AS builder is an image that fails to parse',
    buildkit: 'convert.go addState: statesByName[ds.stage.BaseName], names stored lower-cased (parse.go parseBuildStageName)',
    dockerfile: lines('FROM golang AS builder', 'FROM Builder AS test', 'FROM alpine', 'COPY --from=builder /a /a'),
    expect: ['E FromStageCasing@1:5-1:12 "Builder"', 'H UnusedStage@1:16-1:20 "test"'],
    messages: { 0: /^'Builder' is not stage 'builder': FROM matches stage names as written .*repository name must be lowercase/ },
  },
  {
    name: 'COPY --from and RUN --mount from= match case-insensitively',
    buildkit: 'convert.go findStateByName: strings.ToLower(name)',
    dockerfile: lines('FROM golang AS builder', 'FROM alpine', 'COPY --from=BUILDER /a /a', 'RUN --mount=from=Builder,target=/b true'),
    expect: [],
  },
  {
    name: 'duplicate names: --from binds the last stage of that name (the first is unused); a lint warning, not an error',
    buildkit: 'addState replaces statesByName[name]; validations.go validateStageNames raises DuplicateStageName',
    dockerfile: lines('FROM alpine AS x', 'FROM debian AS x', 'FROM busybox', 'COPY --from=x /a /a'),
    expect: ['H UnusedStage@0:15-0:16 "x"', 'W DuplicateStageName@1:15-1:16 "x"'],
    messages: { 1: 'Duplicate stage name "x", stage names should be unique' },
  },
  {
    name: 'duplicate names: FROM binds the latest stage of that name above it',
    buildkit: 'addState looks the base up among the states added so far',
    dockerfile: lines('FROM alpine AS x', 'FROM x AS one', 'FROM debian AS x', 'FROM x AS two', 'FROM busybox', 'COPY --from=one / /', 'COPY --from=two / /'),
    expect: ['W DuplicateStageName@2:15-2:16 "x"'],
  },
  {
    name: 'RUN --mount from= takes no stage index: from=0 is an image named 0',
    buildkit: 'convert_runmount.go detectRunMount: findStateByName only',
    dockerfile: lines('FROM golang AS builder', 'FROM alpine', 'RUN --mount=from=0,target=/b true', 'COPY --from=0 /a /a'),
    expect: ['I UndefinedStage@2:17-2:18 "0"', 'H NumericStageReference@3:12-3:13 "0"'],
  },
  {
    name: 'RUN --mount from=$X is refused when the file is parsed; a trailing $ is no variable',
    buildkit: "instructions/commands_runmount.go parseMount: 'from' doesn't support variable expansion",
    dockerfile: lines('ARG X=builder', 'FROM golang AS builder', 'FROM alpine', 'RUN --mount=from=${X},target=/b true', 'RUN --mount=from=builder,target=/c true'),
    expect: ['E VariableInFromFlag@3:17-3:21 "${X}"'],
  },
  {
    name: 'scratch is never pulled: FROM scratch AS scratch is the empty image, only the reserved name is reported',
    buildkit: 'convert.go resolveReachableStages: BaseName == emptyImageName → llb.Scratch(); validateStageNames: ReservedStageName',
    dockerfile: lines('FROM scratch AS scratch', 'COPY a /a'),
    expect: ['W ReservedStageName@0:16-0:23 "scratch"'],
    messages: { 0: 'Stage name should not use the same name as reserved stage "scratch"' },
  },
  {
    name: 'a stage named scratch above: FROM scratch builds on it',
    buildkit: 'addState binds a base that names a stage before the scratch check',
    dockerfile: lines('FROM alpine AS scratch', 'FROM scratch', 'RUN true'),
    expect: ['W ReservedStageName@0:15-0:22 "scratch"'],
  },
  {
    name: 'a named build context of the workspace stands in for --from=name',
    buildkit: 'convert.go namedContextFunc: a named context replaces the stage or image',
    dockerfile: lines('FROM golang AS builder', 'FROM alpine', 'COPY --from=docs /site /site', 'COPY --from=buildr /a /a'),
    options: { contextNames: new Set(['docs']) },
    expect: ['E UndefinedStage@3:12-3:18 "buildr"'],
  },
  {
    name: 'a global SOURCE_DATE_EPOCH naming a stage builds that stage',
    buildkit: 'dockerfile2llb/epoch.go resolveSourceDateEpochState: a stage of that name (FROM scratch)',
    dockerfile: lines('ARG SOURCE_DATE_EPOCH=epoch', 'FROM scratch AS epoch', 'COPY stamp /stamp', 'FROM alpine AS app', 'RUN true'),
    expect: [],
  },
  {
    name: 'ONBUILD COPY --from binds in the child stage: the stage it names is used through the child',
    buildkit: 'convert.go resolveStages: the base stage\'s ONBUILD commands become the child\'s (initOnBuildTriggers)',
    dockerfile: lines('FROM golang AS assets', 'FROM alpine AS base', 'ONBUILD COPY --from=assets /a /a', 'FROM base'),
    expect: [],
  },
  {
    name: 'did-you-mean: a short value that is a part of a stage name ranks before a stage a letter away',
    buildkit: 'issue 10: the real bug COPY --from=set where the stage is license-set',
    dockerfile: lines('FROM alpine AS test', 'FROM alpine AS license-set', 'FROM alpine', 'COPY --from=set /l /l', 'COPY --from=test /t /t'),
    expect: ['E UndefinedStage@3:12-3:15 "set"'],
    messages: { 0: /did you mean 'license-set'\?/ },
  },
  {
    name: 'did-you-mean: only stages defined above the reference are suggested',
    buildkit: 'toCommand: a stage below cannot be copied from (it needs to be defined before the current stage)',
    dockerfile: lines('FROM alpine AS app', 'COPY --from=assests /a /a', 'FROM node AS assets', 'FROM app'),
    expect: ['I UndefinedStage@1:12-1:19 "assests"', 'H UnusedStage@2:13-2:19 "assets"'],
  },
  {
    name: 'an unknown --target fails the build, with BuildKit\'s did-you-mean',
    buildkit: 'convert.go resolveTarget: target stage %q could not be found (suggest.WrapError)',
    dockerfile: lines('FROM golang AS build', 'FROM alpine AS release', 'COPY --from=build /a /a'),
    options: { target: 'relase' },
    expect: ['E UnknownTarget@0:0-0:4 "FROM"'],
    messages: { 0: 'target stage "relase" could not be found (did you mean release?)' },
  },
  {
    name: 'the target is found by name, case-insensitively',
    buildkit: 'resolveTarget: findStateByName',
    dockerfile: lines('FROM golang AS build', 'FROM alpine AS release', 'COPY --from=build /a /a'),
    options: { target: 'BUILD' },
    expect: ['H UnusedStage@1:15-1:22 "release"'],
  },
  {
    name: 'a runtime problem in a stage the target does not reach is information, not an error of the default build',
    buildkit: 'dispatchStages builds only the stages reachable from the target',
    dockerfile: lines('FROM scratch AS debug', 'RUN echo hi', 'FROM alpine', 'RUN true'),
    expect: ['H UnusedStage@0:16-0:21 "debug"', 'I ShellInShellLessBase@1:4-1:11 "echo hi"'],
    messages: { 1: /not part of the default build/ },
  },
];

const BUILD_CHECKS: Row[] = [
  {
    name: 'StageNameCasing: a warning with BuildKit\'s message',
    buildkit: 'instructions/parse.go isLowerCaseStageName; dockerfile_check_test.go testStageName',
    dockerfile: lines('FROM scratch AS BadStageName', 'COPY a /a'),
    expect: ['W StageNameCasing@0:16-0:28 "BadStageName"'],
    messages: { 0: "Stage name 'BadStageName' should be lowercase" },
  },
  {
    name: 'FromAsCasing: as after FROM, AS after from; same case or a mixed-case From is fine',
    buildkit: 'parse.go doesFromCaseMatchAsCase; testStageName',
    dockerfile: lines('FROM scratch as base2', 'from scratch AS base', 'from scratch as base3', 'From scratch as base4', 'FROM scratch AS base5'),
    expect: ['W FromAsCasing@0:13-0:15 "as"', 'H UnusedStage@0:16-0:21 "base2"', 'W FromAsCasing@1:13-1:15 "AS"', 'H UnusedStage@1:16-1:20 "base"', 'H UnusedStage@2:16-2:21 "base3"', 'H UnusedStage@3:16-3:21 "base4"'],
    messages: { 0: "'as' and 'FROM' keywords' casing do not match", 2: "'AS' and 'from' keywords' casing do not match" },
  },
  {
    name: 'MultipleInstructionsDisallowed: reported on the earlier instruction, per stage',
    buildkit: 'validations.go validateUsedOnce; testMultipleInstructionsDisallowed',
    dockerfile: lines('FROM scratch', 'ENTRYPOINT ["/myapp"]', 'CMD ["/myapp"]', 'HEALTHCHECK CMD ["/myapp"]', 'COPY <<EOF /a.txt', 'Hello', 'EOF', 'ENTRYPOINT ["/myotherapp"]', 'CMD ["/myotherapp"]', 'HEALTHCHECK CMD ["/myotherapp"]'),
    expect: ['W MultipleInstructionsDisallowed@1:0-1:21 "ENTRYPOINT [\\"/myapp\\"]"', 'W MultipleInstructionsDisallowed@2:0-2:14 "CMD [\\"/myapp\\"]"', 'W MultipleInstructionsDisallowed@3:0-3:26 "HEALTHCHECK CMD [\\"/myapp\\"]"'],
    messages: { 1: 'Multiple CMD instructions should not be used in the same stage because only the last one will be used' },
  },
  {
    name: 'MultipleInstructionsDisallowed: a child stage sets its own CMD',
    buildkit: 'testMultipleInstructionsDisallowed (FROM a AS b)',
    dockerfile: lines('FROM scratch AS a', 'ENTRYPOINT ["/myapp"]', 'CMD ["/myapp"]', 'FROM a AS b', 'ENTRYPOINT ["/other"]', 'CMD ["/other"]'),
    expect: [],
  },
  {
    name: 'UndefinedArgInFrom: an undeclared variable, with BuildKit\'s did-you-mean',
    buildkit: 'validations.go reportUnusedFromArgs; testUndeclaredArg',
    dockerfile: lines('FROM --platform=$BULIDPLATFORM scratch', 'COPY a /a'),
    expect: ['W UndefinedArgInFrom@0:17-0:30 "BULIDPLATFORM"'],
    messages: { 0: "FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?)" },
  },
  {
    name: 'UndefinedArgInFrom: in the image, and a near global ARG suggested',
    buildkit: 'testUndeclaredArg (MYARCH → MY_ARCH, version without suggestion)',
    dockerfile: lines('ARG MY_ARCH=amd64', 'ARG tag=latest', 'FROM --platform=linux/${MYARCH} busybox:${tag}${version} AS b', 'COPY a /a'),
    expect: ['W UndefinedArgInFrom@2:24-2:30 "MYARCH"', 'W UndefinedArgInFrom@2:48-2:55 "version"'],
    messages: { 0: "FROM argument 'MYARCH' is not declared (did you mean MY_ARCH?)", 1: "FROM argument 'version' is not declared" },
  },
  {
    name: 'UndefinedArgInFrom: declared ARGs (with or without default) and BuildKit\'s automatic ones are fine',
    buildkit: 'testUndeclaredArg: ARG base=scratch; --platform=$BUILDPLATFORM; ARG DEBUG; ${DEBUG:-tch}',
    dockerfile: lines('ARG base=scratch', 'ARG DEBUG', 'FROM $base AS one', 'FROM --platform=$BUILDPLATFORM scra${DEBUG:-tch} AS two', 'FROM scratch${DEBUG}', 'COPY --from=one / /', 'COPY --from=two / /'),
    expect: [],
  },
  {
    name: 'InvalidDefaultArgInFrom: with the defaults alone the image is empty or invalid',
    buildkit: 'validations.go validateBaseImagesWithDefaultArgs; testInvalidDefaultArgInFrom',
    dockerfile: lines('ARG VERSION', 'ARG IMAGE', 'ARG SFX="box:"', 'FROM busybox:$VERSION AS a', 'FROM $IMAGE AS b', 'FROM busy${SFX}', 'COPY --from=a / /', 'COPY --from=b / /'),
    expect: ['W InvalidDefaultArgInFrom@3:5-3:21 "busybox:$VERSION"', 'W InvalidDefaultArgInFrom@4:5-4:11 "$IMAGE"', 'W InvalidDefaultArgInFrom@5:5-5:15 "busy${SFX}"'],
    messages: { 0: 'Default value for ARG busybox:$VERSION results in empty or invalid base image name' },
  },
  {
    name: 'InvalidDefaultArgInFrom: a valid default, or an empty suffix, is fine',
    buildkit: 'testInvalidDefaultArgInFrom (VERSION="latest", BUSYBOX_VARIANT="" and without default)',
    dockerfile: lines('ARG VERSION="latest"', 'ARG V1=""', 'ARG V2', 'FROM busybox:${VERSION} AS a', 'FROM busybox:stable${V1} AS b', 'FROM busybox:stable${V2}', 'COPY --from=a / /', 'COPY --from=b / /'),
    expect: [],
  },
  {
    name: 'RedundantTargetPlatform: $TARGETPLATFORM and ${TARGETPLATFORM}',
    buildkit: 'validations.go reportRedundantTargetPlatform; testRedundantTargetPlatform',
    dockerfile: lines('FROM --platform=$TARGETPLATFORM alpine AS a', 'FROM --platform=${TARGETPLATFORM} alpine', 'COPY --from=a / /'),
    expect: ['W RedundantTargetPlatform@0:5-0:31 "--platform=$TARGETPLATFORM"', 'W RedundantTargetPlatform@1:5-1:33 "--platform=${TARGETPLATFORM}"'],
    messages: { 1: 'Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this is the default behavior' },
  },
  {
    name: 'FromPlatformFlagConstDisallowed: a constant, unless the stage name holds its OS or architecture',
    buildkit: 'validations.go reportConstPlatformDisallowed; testFromPlatformFlagConstDisallowed',
    dockerfile: lines('FROM --platform=linux/amd64 scratch AS my_amd64_stage', 'FROM --platform=linux/amd64 scratch AS linux', 'FROM --platform=linux/amd64 scratch', 'COPY --from=my_amd64_stage / /', 'COPY --from=linux / /'),
    expect: ['W FromPlatformFlagConstDisallowed@2:16-2:27 "linux/amd64"'],
    messages: { 0: 'FROM --platform flag should not use constant value "linux/amd64"' },
  },
  {
    name: 'InvalidDefinitionDescription is experimental: off unless enabled',
    buildkit: 'linter.go Run: experimental rules need experimental=<rule>|all',
    dockerfile: lines('# the version', 'ARG VERSION=1', 'FROM alpine:$VERSION'),
    expect: [],
  },
  {
    name: 'InvalidDefinitionDescription: enabled, on ARG and named FROM whose comment does not start with the name',
    buildkit: 'parse.go validateDefinitionDescription; testDefinitionDescription (second case)',
    dockerfile: lines('# check=experimental=InvalidDefinitionDescription', '# bar this is the bar', 'ARG foo=bar', '# BasE this is the BasE image', 'FROM scratch AS base', '# definitely a bad comment', 'ARG version=latest', '# definitely a bad comment', 'ARG foo=baz bar=qux baz=quux'),
    expect: ['W InvalidDefinitionDescription@2:0-2:3 "ARG"', 'W InvalidDefinitionDescription@4:0-4:4 "FROM"', 'W InvalidDefinitionDescription@6:0-6:3 "ARG"', 'W InvalidDefinitionDescription@8:0-8:3 "ARG"'],
    messages: { 0: 'Comment for ARG should follow the format: `# foo <description>`', 1: 'Comment for FROM should follow the format: `# base <description>`', 3: 'Comment for ARG should follow the format: `# <arg_key> <description>`' },
  },
  {
    name: 'InvalidDefinitionDescription: skip=all does not turn an enabled experimental rule off; good descriptions and an empty # pass',
    buildkit: 'testDefinitionDescription (first case)',
    dockerfile: lines('# check=skip=all;experimental=InvalidDefinitionDescription', '# foo this is the foo', 'ARG foo=bar', '', '# base this is the base image', 'FROM scratch AS base', '', '# version this is the version number', 'ARG version=latest', '', '# baz this is the baz', 'ARG foo=baz bar=qux baz=quux', '#', 'ARG bit=bat', '', '# comment for something other than ARG or FROM', 'COPY Dockerfile .'),
    expect: [],
  },
];

const DIRECTIVES: Row[] = [
  {
    name: '# check=skip=all: no build check',
    buildkit: 'testRuleCheckOption',
    dockerfile: lines('#check=skip=all', 'FROM scratch as base', 'copy Dockerfile .'),
    expect: [],
  },
  {
    name: '# check=skip=<rules>: the others still run',
    buildkit: 'testRuleCheckOption',
    dockerfile: lines('#check=skip=ConsistentInstructionCasing', 'FROM scratch as Base', 'copy Dockerfile .'),
    expect: ['W FromAsCasing@1:13-1:15 "as"', 'W StageNameCasing@1:16-1:20 "Base"'],
  },
  {
    name: '# check=error=true: a build check fails the build, so it is an error',
    buildkit: 'linter.go Error: lint violation found for rules: …',
    dockerfile: lines('#check=skip=ConsistentInstructionCasing;error=true', 'FROM scratch as base', 'copy Dockerfile .'),
    expect: ['E FromAsCasing@1:13-1:15 "as"'],
    messages: { 0: /\(check=error=true: the build fails with "lint violation found for rules: FromAsCasing"\)$/ },
  },
  {
    name: '# check=error=true without violations: nothing',
    buildkit: 'testRuleCheckOption',
    dockerfile: lines('#check=error=true', 'FROM scratch AS base', 'COPY Dockerfile .'),
    expect: [],
  },
  {
    name: 'an unparsable # check= fails the build',
    buildkit: 'convert.go newRuleLinter: failed to parse check options',
    dockerfile: lines('# check=skp=StageNameCasing', 'FROM scratch AS Base'),
    expect: ['E InvalidCheckDirective@0:0-0:27 "# check=skp=StageNameCasing"', 'W StageNameCasing@1:16-1:20 "Base"'],
    messages: { 0: 'failed to parse check options: invalid check option "skp"' },
  },
  {
    name: 'a # check= comment above an instruction skips the checks raised on it',
    buildkit: 'parse.go ParseInstructionWithLinter / convert.go buildDispatchStates: WithMergedConfigFromComments(PrevComment); testRedundantTargetPlatform',
    dockerfile: lines('', '# check=skip=RedundantTargetPlatform', 'FROM --platform=$TARGETPLATFORM scratch AS a', '# check=skip=StageNameCasing,FromAsCasing', 'FROM scratch as B', 'FROM scratch AS C', 'COPY --from=a / /', 'COPY --from=b / /'),
    expect: ['W StageNameCasing@5:16-5:17 "C"'],
  },
  {
    name: 'DuplicateStageName and ReservedStageName read only the file\'s directive, not the comments above the stage',
    buildkit: 'convert.go validateStageNames(stages, lint) with the file\'s linter',
    dockerfile: lines('FROM scratch AS b', '# check=skip=DuplicateStageName,ReservedStageName', 'FROM scratch AS b', 'COPY a /a'),
    expect: ['H UnusedStage@0:16-0:17 "b"', 'W DuplicateStageName@2:16-2:17 "b"'],
  },
  {
    name: 'MultipleInstructionsDisallowed follows the comments above the later instruction',
    buildkit: 'convert.go dispatch: the command being dispatched brings its comments; validateUsedOnce reports the earlier one',
    dockerfile: lines('FROM scratch', 'CMD ["/a"]', '# check=skip=MultipleInstructionsDisallowed', 'CMD ["/b"]'),
    expect: [],
  },
];

/** What a registry says about base images (the network side is tested on a real registry in test/registry/basePlatforms.test.ts). */
const REGISTRY: Record<string, BaseImagePlatforms> = {
  'example.com/multi:1': { kind: 'index', platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }] },
  'example.com/single:1': { kind: 'image', platforms: [{ os: 'linux', architecture: 'amd64' }] },
  'example.com/armv6:1': { kind: 'index', platforms: [{ os: 'linux', architecture: 'arm', variant: 'v6' }] },
  'example.com/arm64-single:1': { kind: 'image', platforms: [{ os: 'linux', architecture: 'arm64', variant: 'v8' }] },
};
const answers = (image: string) => REGISTRY[image];

const PLATFORMS: Row[] = [
  {
    name: 'a single-platform image pulled for another platform: InvalidBaseImagePlatform with BuildKit\'s message, on the FROM',
    buildkit: 'convert.go resolveBaseImage → validateBaseImagePlatform (OS and architecture compared); linter RuleInvalidBaseImagePlatform',
    dockerfile: lines('FROM example.com/single:1', 'RUN true'),
    options: { basePlatforms: answers, platforms: ['linux/arm64'] },
    expect: ['W InvalidBaseImagePlatform@0:5-0:25 "example.com/single:1"'],
    messages: { 0: 'Base image example.com/single:1 was pulled with platform "linux/amd64", expected "linux/arm64" for current build' },
  },
  {
    name: 'the same image for the platform it has: no warning; the variant is not compared (arm64/v8 = arm64)',
    buildkit: 'validateBaseImagePlatform compares OS and Architecture only',
    dockerfile: lines('FROM example.com/single:1 AS a', 'FROM example.com/arm64-single:1', 'COPY --from=a / /'),
    options: { basePlatforms: answers, platforms: ['linux/amd64'] },
    expect: ['W InvalidBaseImagePlatform@1:5-1:31 "example.com/arm64-single:1"'],
    messages: { 0: 'Base image example.com/arm64-single:1 was pulled with platform "linux/arm64", expected "linux/amd64" for current build' },
  },
  {
    name: 'an index with the platform: BuildKit pulls that entry, no warning; without it the build fails: BaseImagePlatformMissing',
    buildkit: 'util/imageutil Config: platforms.Only(p) picks the index entry; none → "no match for platform in manifest"',
    dockerfile: lines('FROM example.com/multi:1'),
    options: { basePlatforms: answers, platforms: ['linux/amd64', 'linux/arm64', 'linux/ppc64le'] },
    expect: ['W BaseImagePlatformMissing@0:5-0:24 "example.com/multi:1"'],
    messages: { 0: /^Base image example\.com\/multi:1 has no linux\/ppc64le image \(its index lists linux\/amd64, linux\/arm64\): a build for linux\/ppc64le fails/ },
  },
  {
    name: 'arm/v7 accepts an arm/v6 entry (older variant) and pulls it: same OS and architecture, no warning',
    buildkit: 'containerd platforms.Only: arm v7 matches v7, v6, v5',
    dockerfile: lines('FROM example.com/armv6:1'),
    options: { basePlatforms: answers, platforms: ['linux/arm/v7'] },
    expect: [],
  },
  {
    name: 'FROM --platform=$TARGETPLATFORM-derived and constant platforms decide what is expected; $BUILDPLATFORM stages are not judged; unreached stages are not resolved',
    buildkit: 'convert.go: the stage platform is the expanded --platform; only reachable stages resolve their image',
    dockerfile: lines('FROM --platform=linux/amd64 example.com/single:1 AS pinned', 'FROM --platform=$BUILDPLATFORM example.com/single:1 AS tools', 'FROM example.com/single:1 AS unused', 'FROM example.com/multi:1', 'COPY --from=pinned / /', 'COPY --from=tools / /'),
    options: { basePlatforms: answers, platforms: ['linux/arm64'] },
    expect: ['W FromPlatformFlagConstDisallowed@0:16-0:27 "linux/amd64"', 'H UnusedStage@2:29-2:35 "unused"'],
  },
  {
    name: 'a FROM --platform constant pins its own stage: the other stages are judged only for the platforms you build',
    buildkit: 'convert.go: a stage without --platform is built for the target platform; the constant applies to its stage alone',
    dockerfile: lines('FROM --platform=linux/amd64 example.com/multi:1 AS build', 'FROM example.com/arm64-single:1', 'COPY --from=build / /'),
    options: { basePlatforms: answers, platforms: ['linux/arm64'] },
    expect: ['W FromPlatformFlagConstDisallowed@0:16-0:27 "linux/amd64"'],
  },
  {
    name: 'without an answer from the registry (look-ups off, untrusted workspace, not answered yet): nothing',
    buildkit: '(Stagecraft: never a guess about an image it did not look up)',
    dockerfile: lines('FROM example.com/unknown:1', 'FROM example.com/single:1', 'COPY --from=0 / /'),
    options: { platforms: ['linux/arm64'] },
    expect: ['H NumericStageReference@2:12-2:13 "0"'],
  },
  {
    name: '# check=skip=InvalidBaseImagePlatform switches the build check off; BaseImagePlatformMissing is a build failure, not a check',
    buildkit: 'linter.Run: skipped rules are not reported; the metadata resolution error is not a lint rule',
    dockerfile: lines('# check=skip=InvalidBaseImagePlatform,BaseImagePlatformMissing', 'FROM example.com/single:1 AS a', 'FROM example.com/multi:1', 'COPY --from=a / /'),
    options: { basePlatforms: answers, platforms: ['linux/s390x'] },
    expect: ['W BaseImagePlatformMissing@2:5-2:24 "example.com/multi:1"'],
  },
];

for (const row of [...SEMANTICS, ...BUILD_CHECKS, ...DIRECTIVES, ...PLATFORMS]) test(row.name, () => check(row));

test('every BuildKit build check links to Docker\'s documentation page of the rule, as BuildKit does', () => {
  const text = lines('ARG IMAGE', 'FROM --platform=linux/amd64 $IMAGE as Base', 'CMD ["a"]', 'CMD ["b"]', 'FROM --platform=$TARGETPLATFORM base-$NOPE');
  const hrefs = Object.fromEntries(diagnose(text).map((d) => [d.code, d.codeDescription?.href]));
  assert.equal(hrefs.StageNameCasing, 'https://docs.docker.com/go/dockerfile/rule/stage-name-casing/');
  assert.equal(hrefs.FromAsCasing, 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/');
  assert.equal(hrefs.MultipleInstructionsDisallowed, 'https://docs.docker.com/go/dockerfile/rule/multiple-instructions-disallowed/');
  assert.equal(hrefs.UndefinedArgInFrom, 'https://docs.docker.com/go/dockerfile/rule/undefined-arg-in-from/');
  assert.equal(hrefs.InvalidDefaultArgInFrom, 'https://docs.docker.com/go/dockerfile/rule/invalid-default-arg-in-from/');
  assert.equal(hrefs.RedundantTargetPlatform, 'https://docs.docker.com/go/dockerfile/rule/redundant-target-platform/');
  assert.equal(hrefs.FromPlatformFlagConstDisallowed, 'https://docs.docker.com/go/dockerfile/rule/from-platform-flag-const-disallowed/');
});

test('UnusedStage names only the heads of what is not built: a stage another unbuilt stage uses is built with it', () => {
  check({
    name: 'shell uses dockerd-release: only shell is reported',
    buildkit: 'allReachableStages(target): --target shell builds dockerd-release too',
    dockerfile: lines('FROM alpine AS dockerd-release', 'FROM alpine AS shell', 'COPY --from=dockerd-release / /', 'FROM alpine', 'RUN true'),
    expect: ['H UnusedStage@1:15-1:20 "shell"'],
  });
  check({
    name: 'a stage a workspace target builds on is no unused stage; the target itself is named with where it is targeted',
    buildkit: 'docker buildx bake builds the target and everything it reaches',
    dockerfile: lines('FROM alpine AS src', 'FROM alpine AS lint', 'COPY --from=src / /', 'FROM alpine', 'RUN true'),
    options: { targetMentions: new Map([['lint', [{ file: 'docker-bake.hcl', line: 3 }]]]) },
    expect: ['H UnusedStage@1:15-1:19 "lint"'],
    messages: { 0: /It is targeted in docker-bake\.hcl:4\.$/ },
  });
  check({
    name: 'a named context from a bake file (in the mentions) stands in for --from=name',
    buildkit: 'namedContextFunc',
    dockerfile: lines('FROM alpine', 'COPY --from=rootfs / /'),
    options: { targetMentions: new Map([['context:rootfs', [{ file: 'rk.hcl', line: 5 }]]]) },
    expect: [],
  });
});
