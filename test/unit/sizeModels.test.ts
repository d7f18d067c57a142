/**
 * The step models fitted on real builds (bench/data/size-measurements.json): a virtualenv, pip's
 * measured table rows and cache, make's objects and binary, javac's classes and a jar that a later
 * COPY --from finds. Each case: a Dockerfile and its context in, what the estimate must say out.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildStageGraph } from '../../server/src/model/stageGraph';
import { buildStageModel } from '../../server/src/model/stageModel';
import { readBuildContext } from '../../server/src/size/buildContext';
import { NPM_TABLE } from '../../server/src/size/catalogData';
import { estimateDockerfile } from '../../server/src/size/estimator';
import { pipInstallSize } from '../../server/src/size/packageSizes';
import { SIZE_CONSTANTS as K } from '../../server/src/size/sizeConstants';

function estimate(dockerfile: string, files: Record<string, string> = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stagecraft-size-models-'));
  try {
    for (const [name, content] of Object.entries({ ...files, Dockerfile: dockerfile })) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), content);
    }
    const model = buildStageModel(dockerfile);
    return estimateDockerfile(model, buildStageGraph(model), { file: 'Dockerfile', context: readBuildContext(root, path.join(root, 'Dockerfile')), wantLookups: false, knownImages: new Map([['python:3.11', { uncompressed: 0, compressed: 0 }], ['gcc:12', { uncompressed: 0, compressed: 0 }], ['eclipse-temurin:17-jdk', { uncompressed: 0, compressed: 0 }], ['eclipse-temurin:17-jre', { uncompressed: 0, compressed: 0 }], ['scratch', { uncompressed: 0, compressed: 0 }], ['node:18', { uncompressed: 0, compressed: 0 }]]) });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const runPart = (result: ReturnType<typeof estimate>, stage = result.targetIndex) => result.stages[stage].parts.find((part) => part.kind === 'run')!;

const cases: { name: string; dockerfile: string; files?: Record<string, string>; expect: (result: ReturnType<typeof estimate>) => void }[] = [
  {
    name: 'python -m venv: the measured virtualenv, and what its pip installs lands in it for COPY --from',
    dockerfile: 'FROM python:3.11 AS build\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir flask\nFROM python:3.11\nCOPY --from=build /opt/venv /opt/venv\n',
    expect: (result) => {
      const run = runPart(result, 0);
      assert.match(run.detail, /virtualenv \/opt\/venv with pip and setuptools/);
      assert.doesNotMatch(run.detail, /estimate, no measurement/, 'venv and flask are measured');
      const expected = K.venvBase.value + pipInstallSize(['flask']).bytes;
      assert.ok(Math.abs(run.bytes.uncompressed - expected) < 100_000, `${run.bytes.uncompressed} ≈ ${expected}`);
      const copy = result.stages[1].parts.find((part) => part.kind === 'copy')!;
      assert.ok(Math.abs(copy.bytes.uncompressed - expected) < 100_000, `COPY --from the venv: ${copy.bytes.uncompressed}`);
    },
  },
  {
    name: 'pip without --no-cache-dir keeps the measured cache share; a table row nobody measured says so',
    dockerfile: 'FROM python:3.11\nRUN pip install flask django\n',
    expect: (result) => {
      const run = runPart(result);
      assert.match(run.detail, /pip cache left in \/root\/\.cache\/pip/);
      assert.match(run.detail, /django: estimate, no measurement/);
      assert.doesNotMatch(run.detail, /flask[^;]*estimate/);
    },
  },
  {
    name: 'make: objects and a binary from the C sources; -g in the Makefile makes them larger',
    dockerfile: 'FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN make\n',
    files: { 'Makefile': 'app: main.o\n\t$(CC) -o app main.o\n', 'main.c': 'int main(void) { return 0; }\n'.repeat(40) },
    expect: (result) => {
      const run = runPart(result);
      assert.match(run.detail, /C build model: 1 sources/);
      const plain = run.bytes.uncompressed;
      const debug = runPart(estimate('FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN make\n', { 'Makefile': 'CFLAGS = -O2 -g\napp: main.o\n', 'main.c': 'int main(void) { return 0; }\n'.repeat(40) })).bytes.uncompressed;
      assert.ok(plain > K.cBinaryFloor.value && plain < 200_000, `${plain}`);
      assert.ok(debug > plain * 1.5, `-g: ${debug} against ${plain}`);
    },
  },
  {
    name: 'COPY --from of a make-built binary: the C binary model, not a 10 MB guess',
    dockerfile: 'FROM gcc:12 AS build\nWORKDIR /src\nCOPY . .\nRUN make\nFROM scratch\nCOPY --from=build /src/app /app\n',
    files: { 'Makefile': 'app: main.o\n', 'main.c': 'int main(void) { return 0; }\n' },
    expect: (result) => {
      const copy = result.stages[1].parts.find((part) => part.kind === 'copy')!;
      assert.match(copy.detail, /C binary model/);
      assert.ok(copy.bytes.uncompressed < 100_000, `${copy.bytes.uncompressed}`);
    },
  },
  {
    name: 'javac and jar: classes by source size, and the jar is a file COPY --from finds',
    dockerfile: 'FROM eclipse-temurin:17-jdk AS build\nWORKDIR /src\nCOPY src ./src\nRUN javac -d out $(find src -name "*.java") && jar --create --file app.jar -C out .\nFROM eclipse-temurin:17-jre\nCOPY --from=build /src/app.jar /app/app.jar\n',
    files: { 'src/a/Main.java': `package a;\npublic class Main { public static void main(String[] args) { System.out.println("${'x'.repeat(2000)}"); } }\n` },
    expect: (result) => {
      const run = runPart(result, 0);
      assert.match(run.detail, /javac model: 1 Java sources/);
      assert.match(run.detail, /jar of 1 Java sources' classes → \/src\/app\.jar/);
      const copy = result.stages[1].parts.find((part) => part.kind === 'copy')!;
      assert.match(copy.detail, /known from stage 'build'/);
      assert.ok(copy.bytes.uncompressed > 2_000 && copy.bytes.uncompressed < 50_000, `${copy.bytes.uncompressed}`);
    },
  },
  {
    name: 'npm ci: a package of the measured table by its size, the others by the average; the cache by the measured share',
    dockerfile: 'FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n',
    files: {
      'package.json': '{"devDependencies": {"typescript": "5.9.3"}}',
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/typescript': { version: '5.9.3', dev: true }, 'node_modules/left-pad': { version: '1.3.0' } } }),
    },
    expect: (result) => {
      const run = runPart(result);
      assert.match(run.detail, /2 packages in package-lock\.json \(1 of them sized from the measured table: typescript\)/);
      const nodeModules = NPM_TABLE.packages.typescript.bytes + K.npmPerLockedPackage.value;
      const expected = nodeModules * (1 + K.npmCacheShare.value);
      assert.ok(Math.abs(run.bytes.uncompressed - expected) < 50_000, `${run.bytes.uncompressed} ≈ ${expected}`);
    },
  },
];

for (const c of cases) test(c.name, () => c.expect(estimate(c.dockerfile, c.files)));
