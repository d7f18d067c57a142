/** One model of "a static binary": the runtime diagnostics and the size alternatives agree on it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildStageModel } from '../../server/src/model/stageModel';
import { buildStageGraph } from '../../server/src/model/stageGraph';
import { buildsStaticBinary } from '../../server/src/knowledge/binaryLinking';
import { checkRuntime } from '../../server/src/rules/runtimeRules';
import { estimateDockerfile } from '../../server/src/size/estimator';

const dockerfile = (build: string, runtime: string) => `FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN ${build} -o /out/app .\nFROM ${runtime}\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n`;

const cases = [
  { build: 'CGO_ENABLED=0 go build', static: true },
  { build: 'go build -ldflags "-extldflags -static"', static: true },
  { build: 'go build', static: false },
];

for (const { build, static: isStatic } of cases) {
  test(`${build} on golang (glibc): ${isStatic ? 'static' : 'dynamic'} for the rules and the size engine alike`, () => {
    const onScratch = buildStageModel(dockerfile(build, 'scratch'));
    assert.equal(buildsStaticBinary(onScratch, onScratch.stages[0]), isStatic);
    const dynamicFindings = checkRuntime(onScratch).filter((finding) => finding.code === 'DynamicBinaryOnStaticBase');
    assert.equal(dynamicFindings.length, isStatic ? 0 : 1);

    const onDebian = buildStageModel(dockerfile(build, 'debian:bookworm'));
    const estimate = estimateDockerfile(onDebian, buildStageGraph(onDebian), { file: 'Dockerfile', wantLookups: false });
    const bases = estimate.alternatives.map((alternative) => alternative.base);
    assert.equal(bases.includes('gcr.io/distroless/static-debian12'), isStatic, bases.join(', '));
    if (!isStatic) assert.ok(bases.includes('gcr.io/distroless/base-debian12'), bases.join(', '));
  });
}
