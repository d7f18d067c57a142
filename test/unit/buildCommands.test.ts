/**
 * Builds declared by command lines (Makefiles, scripts, CI files): which Dockerfile and which
 * context, resolved from the folder the command runs in; and what the split does with them —
 * it reads the context the workspace's builds agree on, inside the workspace only, and says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver';
import { commandsOf, readBuildCommands } from '../../server/src/workspace/buildCommands';
import { contextOf, dockerfileOf, type BuildDefinition } from '../../server/src/workspace/buildFiles';
import { buildContextFor, scanWorkspace } from '../../server/src/workspace/scanTargets';
import { describeBuildContext, settingsForDockerfile } from '../../server/src/service/buildPlatforms';
import { DEFAULT_SETTINGS, StagecraftService } from '../../server/src/service/stagecraftService';
import { ContextFileCache } from '../../server/src/workspace/contextFiles';

const summary = (definitions: BuildDefinition[]) => definitions.map((d) => ({ line: d.line, program: d.name, context: contextOf(d), dockerfile: dockerfileOf(d), target: d.target, platforms: d.platforms, args: d.args }));
const build = (line: number, context: string, dockerfile: string, more: Partial<ReturnType<typeof summary>[number]> = {}) => ({ line, program: 'docker build', context, dockerfile, target: undefined, platforms: [], args: {}, ...more });

interface Case {
  name: string;
  file: string;
  text: string;
  expect: ReturnType<typeof summary>;
}

const CASES: Case[] = [
  {
    name: 'Makefile at the root: -f from the command folder, the root as the context (make prefixes, a tab)',
    file: 'Makefile',
    text: 'docker_build:\n\t@docker build -f ./containers/server.Dockerfile -t http_server:latest .\n',
    expect: [build(1, '', 'containers/server.Dockerfile')],
  },
  {
    name: 'Makefile in a folder: paths from that folder; the default Dockerfile is in the context',
    file: 'services/api/Makefile',
    text: 'image:\n\tdocker build -t api .\nroot:\n\tdocker build -f Dockerfile.ci ../..\n',
    expect: [build(1, 'services/api', 'services/api/Dockerfile'), build(3, '', 'services/api/Dockerfile.ci')],
  },
  {
    name: 'continuations, options with values, --file=, target, platforms, literal build args',
    file: 'build/Makefile',
    text: 'release:\n\tdocker buildx build \\\n\t  --platform linux/amd64,linux/arm64 \\\n\t  --target runtime --build-arg VERSION=1.2 --build-arg TAG=$(TAG) \\\n\t  --push --file=../docker/app.Dockerfile \\\n\t  ..\n',
    expect: [{ ...build(1, '', 'docker/app.Dockerfile', { target: 'runtime', platforms: ['linux/amd64', 'linux/arm64'], args: { VERSION: '1.2' } }), program: 'docker buildx build' }],
  },
  {
    name: 'podman, buildah bud, docker image build; sudo and assignments before the program; a redirection',
    file: 'scripts/build.sh',
    text: '#!/bin/sh\nset -e\nsudo podman build -f Containerfile -t x .\nBUILDAH_FORMAT=docker buildah bud -f app/Dockerfile app\ndocker image build -q . > build.log 2>&1\n',
    expect: [
      { ...build(2, 'scripts', 'scripts/Containerfile'), program: 'podman build' },
      { ...build(3, 'scripts/app', 'scripts/app/Dockerfile'), program: 'buildah bud' },
      { ...build(4, 'scripts', 'scripts/Dockerfile'), program: 'docker image build' },
    ],
  },
  {
    name: 'CI workflow: commands run at the repository root, in run: lines and run: | blocks',
    file: '.github/workflows/ci.yml',
    text: 'jobs:\n  build:\n    steps:\n      - name: Build the image\n        run: docker build -f services/api/Dockerfile services/api\n      - run: |\n          docker build \\\n            -t web \\\n            "web app"\n',
    expect: [build(4, 'services/api', 'services/api/Dockerfile'), build(6, 'web app', 'web app/Dockerfile')],
  },
  {
    name: 'quotes: single, double with escapes, a # inside quotes is no comment',
    file: 'Makefile',
    text: "x:\n\tdocker build -f 'a b/#1.Dockerfile' -t \"x\\\"y\" \"a b\" # a comment\n",
    expect: [build(1, 'a b', 'a b/#1.Dockerfile')],
  },
  {
    name: 'skipped: variables, stdin, URLs, git remotes, absolute paths, two positionals, an unknown option, an unbalanced quote',
    file: 'Makefile',
    text: [
      'a:',
      '\tdocker build -t x $(CURDIR)',
      '\tdocker build -f $(DOCKERFILE) .',
      '\tdocker build -f - .',
      '\tdocker build - < Dockerfile',
      '\tdocker build https://github.com/example/app.git#main',
      '\tdocker build git@github.com:example/app.git',
      '\tdocker build /srv/app',
      '\tdocker build -t x . extra',
      '\tdocker build --frobnicate x .',
      '\tdocker build -t "x .',
      '\tdocker build -t x ${HOME}/app',
      '',
    ].join('\n'),
    expect: [],
  },
  {
    name: 'skipped: not a command (echo, a comment), docker run, a cd earlier on the recipe line',
    file: 'Makefile',
    text: 'a:\n\techo docker build .\n# docker build .\n\tdocker run --rm x build .\n\tcd app && docker build .\n\tdocker build -t ok .\n',
    expect: [build(5, '', 'Dockerfile')],
  },
  {
    name: 'a script that changes folder: the builds after the cd are skipped (its folder is not known)',
    file: 'deploy.sh',
    text: 'docker build -t one .\ncd "$(dirname "$0")/.."\ndocker build -t two .\n',
    expect: [build(0, '', 'Dockerfile')],
  },
  {
    name: 'a CI file with working-directory: none of its builds (the folder a step runs in is not known)',
    file: '.github/workflows/ci.yml',
    text: 'jobs:\n  b:\n    defaults:\n      run:\n        working-directory: app\n    steps:\n      - run: docker build .\n',
    expect: [],
  },
  {
    name: 'not read for builds: package.json scripts (JSON strings)',
    file: 'package.json',
    text: '{"scripts":{"image":"docker build -t x ."}}',
    expect: [],
  },
  {
    name: 'not read for builds: a Jenkinsfile (commands inside Groovy strings)',
    file: 'Jenkinsfile',
    text: "sh 'docker build -t x .'\n",
    expect: [],
  },
];

for (const c of CASES) {
  test(`build command lines: ${c.name}`, () => {
    assert.deepEqual(summary(readBuildCommands(c.file, c.text)), c.expect);
  });
}

test('build command lines: the words of a line, split as the shell splits them', () => {
  const cases: [string, string[][]][] = [
    ['docker build -t x .', [['docker', 'build', '-t', 'x', '.']]],
    ['a && b || c; d | e & f', [['a'], ['b'], ['c'], ['d'], ['e'], ['f']]],
    [`x "a b" 'c d' e\\ f "g\\"h" 'i\\'`, [['x', 'a b', 'c d', 'e f', 'g"h', 'i\\']]],
    ['x "unbalanced', []],
    ['x # comment "', [['x']]],
    ['x a#b', [['x', 'a#b']]],
  ];
  for (const [line, expect] of cases) assert.deepEqual(commandsOf(line), expect, line);
});

const SERVER_DOCKERFILE = [
  'FROM debian:bookworm',
  'RUN apt-get update && apt-get install -y gcc make',
  'WORKDIR /srv',
  'COPY . .',
  'RUN make',
  'CMD ["./build/server", "config/server.conf"]',
  '',
].join('\n');
const MAKEFILE = ['all:', '\tmkdir -p build && gcc -o build/server src/main.c', '', 'image:', '\tdocker build -f ./containers/server.Dockerfile -t server .', ''].join('\n');

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'stagecraft-context-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

async function splitIn(root: string, dockerfile: string): Promise<{ text?: string; title?: string; annotation?: string }> {
  const index = await scanWorkspace(root);
  const file = path.join(root, dockerfile);
  const service = new StagecraftService({ log: () => undefined });
  const document = TextDocument.create(pathToFileURL(file).href, 'dockerfile', 1, SERVER_DOCKERFILE);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const actions: CodeAction[] = await service.codeActionsReading(new ContextFileCache(), document, range, [], settingsForDockerfile(DEFAULT_SETTINGS, index.builds, file));
  const split = actions.find((action) => action.title.startsWith('Split into builder stage'));
  const edit = split?.edit;
  const changes = edit?.changes?.[document.uri];
  const annotation = Object.values(edit?.changeAnnotations ?? {})[0]?.description;
  return { text: changes ? TextDocument.applyEdits(document, changes) : undefined, title: split?.title, annotation };
}

test('the split reads the context the Makefile builds with: the config file at the root is copied, no TODO, and the preview says so', async () => {
  const root = tree({ Makefile: MAKEFILE, 'containers/server.Dockerfile': SERVER_DOCKERFILE, 'config/server.conf': 'port 80\n', 'src/main.c': 'int main(void) { return 0; }\n' });
  try {
    const split = await splitIn(root, 'containers/server.Dockerfile');
    assert.ok(split.text, 'the split is offered');
    assert.ok(split.text.includes('COPY --from=builder /srv/config/server.conf /srv/config/server.conf'), split.text);
    assert.ok(!split.text.includes('TODO'), split.text);
    assert.equal(split.title, 'Split into builder stage');
    assert.ok(split.annotation?.includes('build context: the repository root, as Makefile:5 builds it'), split.annotation);

    // Without the Makefile the Dockerfile's folder is read, as before: the config file is not there.
    rmSync(path.join(root, 'Makefile'));
    const before = await splitIn(root, 'containers/server.Dockerfile');
    assert.ok(before.text?.includes('TODO(stagecraft): the command names config/server.conf'), before.text);
    assert.ok(!before.annotation?.includes('build context'), before.annotation);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('builds that disagree on the context: none is used', async () => {
  const root = tree({
    Makefile: MAKEFILE,
    'ci.sh': 'docker build -f containers/server.Dockerfile containers\n',
    'containers/server.Dockerfile': SERVER_DOCKERFILE,
    'config/server.conf': 'port 80\n',
  });
  try {
    const index = await scanWorkspace(root);
    assert.equal(index.builds.length, 2);
    assert.equal(buildContextFor(index.builds, path.join(root, 'containers/server.Dockerfile')), undefined);
    assert.equal(settingsForDockerfile(DEFAULT_SETTINGS, index.builds, path.join(root, 'containers/server.Dockerfile')).buildContext, undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('containment: a context outside the workspace, or through a symlink leaving it, is never used', async () => {
  const outer = mkdtempSync(path.join(tmpdir(), 'stagecraft-context-outer-'));
  try {
    mkdirSync(path.join(outer, 'config'));
    writeFileSync(path.join(outer, 'config', 'server.conf'), 'secret 1\n');
    const root = path.join(outer, 'workspace');
    mkdirSync(path.join(root, 'containers'), { recursive: true });
    writeFileSync(path.join(root, 'containers', 'server.Dockerfile'), SERVER_DOCKERFILE);
    // A context above the workspace root.
    writeFileSync(path.join(root, 'Makefile'), 'image:\n\tdocker build -f containers/server.Dockerfile ..\n');
    let split = await splitIn(root, 'containers/server.Dockerfile');
    assert.equal(settingsForDockerfile(DEFAULT_SETTINGS, (await scanWorkspace(root)).builds, path.join(root, 'containers/server.Dockerfile')).buildContext, undefined);
    assert.ok(!split.text?.includes('COPY --from=builder /srv/config/server.conf'), split.text);
    assert.ok(!split.annotation?.includes('build context'), split.annotation);

    // A folder inside the workspace that is a symlink to a folder outside it.
    symlinkSync(outer, path.join(root, 'up'));
    writeFileSync(path.join(root, 'Makefile'), 'image:\n\tdocker build -f containers/server.Dockerfile up\n');
    const index = await scanWorkspace(root);
    assert.equal(index.builds.length, 1);
    assert.equal(index.builds[0].context, undefined);
    split = await splitIn(root, 'containers/server.Dockerfile');
    assert.ok(!split.text?.includes('COPY --from=builder /srv/config/server.conf'), split.text);
    assert.ok(!split.annotation?.includes('build context'), split.annotation);

    // A symlink that stays inside is followed: the context is its real folder.
    mkdirSync(path.join(root, 'real', 'config'), { recursive: true });
    writeFileSync(path.join(root, 'real', 'config', 'server.conf'), 'port 80\n');
    symlinkSync('real', path.join(root, 'alias'));
    writeFileSync(path.join(root, 'Makefile'), 'image:\n\tdocker build -f containers/server.Dockerfile alias\n');
    const inside = await scanWorkspace(root);
    assert.equal(inside.builds[0].contextInWorkspace, 'real');
  } finally {
    rmSync(outer, { recursive: true, force: true });
  }
});

test('the preview names the context folder and at most three of the declarations that build it', () => {
  const of = (inWorkspace: string, sources: string[]) => describeBuildContext({ folder: '/w', inWorkspace, sources });
  assert.equal(of('', ['Makefile:20']), 'build context: the repository root, as Makefile:20 builds it');
  assert.equal(of('app', ['Makefile:3', 'ci.sh:1']), 'build context: app/, as Makefile:3 and ci.sh:1 build it');
  assert.equal(of('', ['a:1', 'b:2', 'c:3']), 'build context: the repository root, as a:1, b:2 and c:3 build it');
  assert.equal(of('', ['a:1', 'b:2', 'c:3', 'd:4', 'e:5']), 'build context: the repository root, as a:1, b:2 and 3 more build it');
});
