/** The scanner, the stage model and the stage graph, against BuildKit's parser and resolution rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastAtOrBefore, parseExecForm, scanDockerfile, type Span } from '../../server/src/model/scanner';
import { buildStageModel, expandVariables, stageLabel, stageTitle, type StageModel } from '../../server/src/model/stageModel';
import { buildStageGraph, reachableStages, stageCycles } from '../../server/src/model/stageGraph';

const textOf = (text: string, span: Span) => text.slice(span.start, span.end);
const keywords = (text: string) => scanDockerfile(text).instructions.map((instruction) => instruction.keyword);
/** Each reference as `kind:value->resolution[target]@covered text`. */
const references = (text: string, model: StageModel = buildStageModel(text)) =>
  model.references.map((r) => `${r.kind}:${r.value}->${r.resolution}${r.target === undefined ? '' : `[${r.target}]`}@${JSON.stringify(textOf(text, r.span))}`);

test('stages: index, name as written and lower-cased, base, platform, parent stage, exact spans', () => {
  const text = 'ARG V=1.22\nFROM --platform=$BUILDPLATFORM golang:${V} AS Build\nRUN make\n\nFROM Build AS test\nFROM alpine\n';
  const model = buildStageModel(text);
  assert.equal(model.stages.length, 3);
  const [build, testStage, final] = model.stages;
  assert.equal(build.name, 'Build');
  assert.equal(build.normalizedName, 'build');
  assert.equal(build.base, 'golang:${V}');
  assert.equal(build.expandedBase, 'golang:1.22');
  assert.equal(build.platform, '$BUILDPLATFORM');
  assert.equal(textOf(text, build.platformSpan as Span), '$BUILDPLATFORM');
  assert.equal(textOf(text, build.nameSpan as Span), 'Build');
  assert.equal(textOf(text, build.asSpan as Span), 'AS');
  assert.equal(textOf(text, build.span), 'FROM --platform=$BUILDPLATFORM golang:${V} AS Build\nRUN make');
  // BuildKit stores stage names lower-cased and FROM looks the name up as written: `FROM Build` is no stage.
  assert.equal(testStage.parentStage, undefined);
  assert.equal(testStage.caseMismatchStage, 0);
  assert.equal(final.name, undefined);
  assert.equal(final.parentStage, undefined);
  assert.deepEqual(model.globalArgs.map((arg) => [arg.name, arg.defaultValue]), [['V', '1.22']]);
});

test('continuation lines: one instruction, a reference split across lines keeps its exact document span', () => {
  const text = 'FROM a AS builder\nFROM b\nCOPY \\\n  --from=builder \\\n  /src /dst\n';
  assert.deepEqual(keywords(text), ['FROM', 'FROM', 'COPY']);
  assert.deepEqual(references(text), ['copy:builder->stage[0]@"builder"']);
  const copy = scanDockerfile(text).instructions[2];
  assert.deepEqual([copy.startLine, copy.endLine], [2, 4]);
  // A word broken by the continuation itself: the span runs from one line into the next.
  const split = 'FROM a AS builder\nFROM b\nCOPY --from=buil\\\nder /src /dst\n';
  const model = buildStageModel(split);
  assert.deepEqual(references(split, model), ['copy:builder->stage[0]@"buil\\\\\\nder"']);
});

test('comments and empty lines inside a continuation are dropped, as BuildKit does', () => {
  const text = 'FROM a AS builder\nFROM b\nRUN echo one \\\n# a comment\n\n    && echo two\nCOPY --from=builder /x /y\n';
  const scanned = scanDockerfile(text);
  assert.deepEqual(scanned.instructions.map((i) => i.keyword), ['FROM', 'FROM', 'RUN', 'COPY']);
  assert.equal(scanned.instructions[2].line.text, 'RUN echo one     && echo two');
  assert.equal(scanned.instructions[2].endLine, 5);
});

test('an escaped escape at the end of a line is no continuation', () => {
  assert.deepEqual(keywords('FROM a\nRUN echo \\\\\nCOPY x y\n'), ['FROM', 'RUN', 'COPY']);
  assert.deepEqual(keywords('FROM a\nRUN echo \\  \nCOPY x y\n'), ['FROM', 'RUN']);
});

test('# escape=` makes the backtick the continuation character and the backslash ordinary', () => {
  const text = '# escape=`\nFROM mcr.microsoft.com/windows AS build\nFROM b\nCOPY `\n  --from=build `\n  C:\\src C:\\dst\nRUN dir c:\\\nCOPY --from=build a b\n';
  const scanned = scanDockerfile(text);
  assert.equal(scanned.escapeChar, '`');
  assert.deepEqual(scanned.directives.map((d) => [d.name, d.value]), [['escape', '`']]);
  assert.deepEqual(scanned.instructions.map((i) => i.keyword), ['FROM', 'FROM', 'COPY', 'RUN', 'COPY']);
  assert.deepEqual(references(text), ['copy:build->stage[0]@"build"', 'copy:build->stage[0]@"build"']);
});

test('parser directives: only at the top; after an instruction, a comment or a blank line they are comments', () => {
  assert.equal(scanDockerfile('FROM a\n# escape=`\nRUN x `\nRUN y\n').escapeChar, '\\');
  assert.equal(scanDockerfile('\n# escape=`\nFROM a\n').escapeChar, '\\');
  assert.equal(scanDockerfile('# hello\n# escape=`\nFROM a\n').escapeChar, '\\');
  assert.equal(scanDockerfile('# syntax=docker/dockerfile:1\n# escape=`\nFROM a\n').escapeChar, '`');
});

test('heredoc bodies are not instructions', () => {
  const text = 'FROM a AS builder\nFROM b\nRUN <<EOF\nFROM x\nCOPY --from=nope a b\nEOF\nCOPY --from=builder /a /b\n';
  const model = buildStageModel(text);
  assert.equal(model.stages.length, 2);
  assert.deepEqual(references(text, model), ['copy:builder->stage[0]@"builder"']);
  const run = model.stages[1].instructions[1];
  assert.equal(run.heredocs.length, 1);
  assert.equal(run.heredocs[0].body, 'FROM x\nCOPY --from=nope a b');
  assert.equal(run.heredocs[0].terminated, true);
  assert.deepEqual([run.startLine, run.endLine], [2, 5]);
  assert.equal(textOf(text, run.heredocs[0].markerSpan), '<<EOF');
});

test('heredocs: <<- strips tabs from the terminator; quoted delimiters; several on one line; fd prefix', () => {
  const chomp = 'FROM a\nRUN <<-END\n\tFROM x\n\tEND\nFROM b\n';
  assert.deepEqual(keywords(chomp), ['FROM', 'RUN', 'FROM']);
  const quoted = 'FROM a\nRUN <<"EOF" bash\nFROM x\nEOF\nCOPY <<\'A\' <<B /dst/\nFROM y\nA\nFROM z\nB\nRUN 3<<EOF cat /dev/fd/3\nFROM w\nEOF\nFROM c\n';
  const scanned = scanDockerfile(quoted);
  assert.deepEqual(scanned.instructions.map((i) => i.keyword), ['FROM', 'RUN', 'COPY', 'RUN', 'FROM']);
  assert.deepEqual(scanned.instructions[2].heredocs.map((h) => [h.delimiter, h.body]), [['A', 'FROM y'], ['B', 'FROM z']]);
  // Without <<-, a tab-indented terminator ends nothing.
  assert.deepEqual(keywords('FROM a\nRUN <<END\n\tEND\nFROM b\n'), ['FROM', 'RUN']);
});

test('heredocs: what is not one (quoted word, here-string, exec form, other instructions)', () => {
  assert.deepEqual(keywords('FROM a\nRUN echo "<<EOF"\nFROM b\n'), ['FROM', 'RUN', 'FROM']);
  assert.deepEqual(keywords('FROM a\nRUN cat <<<EOF\nFROM b\n'), ['FROM', 'RUN', 'FROM']);
  assert.deepEqual(keywords('FROM a\nRUN ["cat", "<<EOF"]\nFROM b\n'), ['FROM', 'RUN', 'FROM']);
  assert.deepEqual(keywords('FROM a\nENV X=<<EOF\nFROM b\n'), ['FROM', 'ENV', 'FROM']);
  // ONBUILD RUN takes heredocs like RUN.
  assert.deepEqual(keywords('FROM a\nONBUILD RUN <<EOF\nFROM b\nEOF\nFROM c\n'), ['FROM', 'ONBUILD', 'FROM']);
});

test('an unterminated heredoc swallows the rest of the file without throwing', () => {
  const text = 'FROM a AS builder\nRUN <<EOF\nFROM b\nCOPY --from=nope x y\n';
  const model = buildStageModel(text);
  assert.equal(model.stages.length, 1);
  const heredoc = model.stages[0].instructions[1].heredocs[0];
  assert.equal(heredoc.terminated, false);
  assert.equal(textOf(text, heredoc.bodySpan), 'FROM b\nCOPY --from=nope x y\n');
  assert.deepEqual(model.references, []);
});

test('CRLF line ends: same instructions, spans exclude the CR', () => {
  const text = 'FROM a AS builder\r\nFROM b\r\nCOPY \\\r\n  --from=buildr /x /y\r\nRUN <<EOF\r\nFROM c\r\nEOF\r\n';
  const model = buildStageModel(text);
  assert.equal(model.stages.length, 2);
  assert.deepEqual(references(text, model), ['copy:buildr->unknown-name@"buildr"']);
  assert.equal(textOf(text, model.stages[0].nameSpan as Span), 'builder');
  assert.ok(!textOf(text, model.stages[1].span).endsWith('\r'));
});

test('a byte-order mark before the first instruction is ignored', () => {
  const text = '\uFEFFFROM a AS builder\nFROM b\nCOPY --from=builder x y\n';
  const model = buildStageModel(text);
  assert.equal(model.stages.length, 2);
  assert.equal(model.stages[0].from.keywordSpan.start, 1);
  assert.deepEqual(references(text, model), ['copy:builder->stage[0]@"builder"']);
});

test('ONBUILD triggers are kept but not judged', () => {
  const text = 'FROM a\nONBUILD COPY --from=nope /a /b\nONBUILD RUN --mount=from=nope,target=/x true\n';
  const model = buildStageModel(text);
  assert.deepEqual(model.stages[0].instructions.map((i) => i.keyword), ['FROM', 'ONBUILD', 'ONBUILD']);
  assert.deepEqual(model.references, []);
});

test('FROM ${VAR} resolves through global ARG defaults, including ARGs built from ARGs', () => {
  const text = 'ARG STAGE=build\nARG FROM_STAGE=${STAGE}er\nFROM golang AS builder\nFROM ${FROM_STAGE}\nFROM $NOT_DECLARED\n';
  const model = buildStageModel(text);
  assert.equal(model.stages[1].expandedBase, 'builder');
  assert.equal(model.stages[1].parentStage, 0);
  assert.deepEqual(references(text, model), ['from:${FROM_STAGE}->stage[0]@"${FROM_STAGE}"']);
  assert.equal(model.stages[2].expandedBase, '');
});

test('expandVariables: BuildKit\'s :- - :+ + forms; a global ARG without default is unset', () => {
  const args = [{ name: 'SET', defaultValue: 'v', span: { start: 0, end: 0 } }, { name: 'EMPTY', span: { start: 0, end: 0 } }];
  assert.equal(expandVariables('${SET:-d}|${EMPTY:-d}|${NONE:-d}', args), 'v|d|d');
  // A global ARG without default is unset for BuildKit (buildMetaArgs adds only ARGs with a value).
  assert.equal(expandVariables('${SET-d}|${EMPTY-d}|${NONE-d}', args), 'v|d|d');
  assert.equal(expandVariables('${SET:+a}|${EMPTY:+a}|${NONE:+a}', args), 'a||');
  assert.equal(expandVariables('${SET+a}|${EMPTY+a}|${NONE+a}', args), 'a||');
  assert.equal(expandVariables('$SET/${SET}', args), 'v/v');
});

test('RUN --mount: bind (the default) and cache refer to stages; secret, ssh and tmpfs do not; from=$X is refused; no numeric index', () => {
  const text = [
    'FROM a AS builder',
    'FROM b',
    'RUN --mount=type=cache,from=builder,target=/c --mount=target=/b,from=buildr true',
    'RUN --mount=type=secret,id=x,from=builder true',
    'RUN --mount=type=ssh,from=builder --mount=type=tmpfs,target=/t true',
    'RUN --mount=type=bind,from=$X,target=/v true',
    'RUN --mount=type=bind,from=0,target=/n true',
    'RUN --mount=type=bind,"from=builder",target=/q --mount=type=bind,from="builder",target=/r true',
  ].join('\n');
  assert.deepEqual(references(text), [
    'mount:builder->stage[0]@"builder"',
    'mount:buildr->unknown-name@"buildr"',
    'mount:$X->variable@"$X"',
    'mount:0->unknown-name@"0"',
    'mount:builder->stage[0]@"builder"',
    'mount:builder->stage[0]@"builder"',
  ]);
});

test('COPY --from: quoted values, numbers as BuildKit\'s Atoi reads them, explicit images, empty value, ADD', () => {
  const text = [
    'FROM a AS builder',
    'FROM b',
    'COPY --from="builder" /a /b',
    "COPY --from='builder' /a /b",
    'COPY --from=0 /a /b',
    'COPY --from=+0 /a /b',
    'COPY --from=-1 /a /b',
    'COPY --from=2 /a /b',
    'COPY --from=nginx:alpine /a /b',
    'COPY --from=scratch /a /b',
    'COPY --from= /a /b',
    'ADD --from=builder /a /b',
    'COPY --chown=1:1 --from=BUILDER /a /b',
  ].join('\n');
  assert.deepEqual(references(text), [
    'copy:builder->stage[0]@"builder"',
    'copy:builder->stage[0]@"builder"',
    'copy:0->index[0]@"0"',
    'copy:+0->index[0]@"+0"',
    'copy:-1->index-out-of-range@"-1"',
    'copy:2->index-out-of-range@"2"',
    'copy:nginx:alpine->image@"nginx:alpine"',
    'copy:scratch->image@"scratch"',
    'copy:BUILDER->stage[0]@"BUILDER"',
  ]);
});

test('duplicate names: --from finds the last stage of that name, FROM the last one above', () => {
  const text = 'FROM a AS dup\nFROM b AS dup\nFROM dup AS child\nCOPY --from=dup /a /b\nFROM c AS dup\n';
  assert.deepEqual(references(text), ['from:dup->stage[1]@"dup"', 'copy:dup->stage[3]@"dup"']);
});

test('FROM naming the current or a later stage is an image, not a dependency', () => {
  const text = 'FROM later AS first\nFROM self AS self\nFROM x AS later\n';
  const model = buildStageModel(text);
  assert.deepEqual(references(text, model), ['from:later->stage[2]@"later"', 'from:self->stage[1]@"self"']);
  assert.deepEqual(buildStageGraph(model).dependencies, [[], [], []]);
  assert.equal(model.stages[0].parentStage, undefined);
});

test('stage graph: dependencies, dependents, reachability from the last stage or a target', () => {
  const text = 'FROM a AS deps\nFROM deps AS build\nFROM a AS lint\nCOPY --from=deps / /\nFROM b AS final\nCOPY --from=build /out /out\nRUN --mount=from=deps,target=/d true\n';
  const model = buildStageModel(text);
  const graph = buildStageGraph(model);
  assert.deepEqual(graph.dependencies, [[], [0], [0], [1, 0]]);
  assert.deepEqual(graph.dependents, [[1, 2, 3], [3], [], []]);
  assert.deepEqual([...reachableStages(graph, 3)].sort(), [0, 1, 3]);
  assert.deepEqual([...reachableStages(graph, 2)].sort(), [0, 2]);
  assert.deepEqual([...reachableStages(graph, 9)], []);
});

test('stage cycles: self-copy, a two-stage cycle, and a long chain without cycles', () => {
  const cyclic = buildStageModel('FROM a AS x\nCOPY --from=y / /\nFROM a AS y\nCOPY --from=x / /\nFROM a AS z\nCOPY --from=z / /\nFROM a\n');
  const cycles = stageCycles(buildStageGraph(cyclic));
  assert.equal(cycles.get(0), cycles.get(1));
  assert.notEqual(cycles.get(2), undefined);
  assert.notEqual(cycles.get(2), cycles.get(0));
  assert.equal(cycles.has(3), false);
  // 5,000 stages in a chain: no recursion, no cycle.
  const chain = ['FROM a AS s0', ...Array.from({ length: 4999 }, (_, i) => `FROM a AS s${i + 1}\nCOPY --from=s${i} / /`)].join('\n');
  assert.equal(stageCycles(buildStageGraph(buildStageModel(chain))).size, 0);
});

test('FROM with no argument, instructions before FROM, and text that is no Dockerfile at all', () => {
  const model = buildStageModel('RUN early\nFROM\nCOPY --from= a b\n');
  assert.equal(model.preamble.length, 1);
  assert.equal(model.stages[0].base, '');
  assert.equal(model.stages[0].baseSpan, undefined);
  assert.deepEqual(model.references, []);
  assert.equal(buildStageModel('').stages.length, 0);
  assert.equal(buildStageModel('\u0000\u0001\uFFFD binary\n\n').stages.length, 0);
});

test('one way to name a stage: in running text after "stage", and as a heading', () => {
  const model = buildStageModel('FROM golang:1.22 AS builder\nFROM alpine\n');
  assert.deepEqual(model.stages.map((stage) => `stage ${stageLabel(stage)}`), ["stage 'builder'", 'stage 1']);
  assert.deepEqual(model.stages.map(stageTitle), ['builder', 'stage 1']);
});

test('one exec-form reading: a JSON array of strings, else the shell form', () => {
  assert.deepEqual(parseExecForm(' ["./server", "--port", "80"] '), ['./server', '--port', '80']);
  assert.deepEqual(parseExecForm('[]'), []);
  for (const text of ['["a", 1]', '[a]', './server', '["a"] && b', '{"a": 1}', '[']) assert.equal(parseExecForm(text), undefined, text);
});

test('one binary search for line starts and continuation pieces: the last start at or before an offset', () => {
  const starts = [0, 10, 25, 40];
  assert.deepEqual([0, 9, 10, 24, 25, 39, 40, 1000].map((offset) => lastAtOrBefore(starts, offset)), [0, 0, 1, 1, 2, 2, 3, 3]);
  assert.equal(lastAtOrBefore([0], 5), 0);
});
