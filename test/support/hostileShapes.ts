/**
 * Hostile Dockerfiles and build contexts: the shapes that make parsers, pattern matchers and
 * walkers stall (not random text). Each text shape is generated at a requested size in bytes,
 * so the fuzz suite and `npm run bench:adversarial` can check that time grows linearly.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TextShape {
  name: string;
  /** What it attacks. */
  about: string;
  /** A Dockerfile of about `bytes` bytes (never less than a small minimum). */
  generate(bytes: number): string;
}

/** Repeats `unit(i)` until the text reaches `bytes`. */
function fill(head: string, bytes: number, unit: (i: number) => string, tail = ''): string {
  const parts = [head];
  let length = head.length + tail.length;
  for (let i = 0; length < bytes; i++) {
    const piece = unit(i);
    parts.push(piece);
    length += piece.length;
  }
  parts.push(tail);
  return parts.join('');
}

export const TEXT_SHAPES: TextShape[] = [
  {
    name: 'wildcards',
    about: 'COPY sources with many `*` against long artifact names (regexp backtracking)',
    generate: (bytes) =>
      fill(`FROM golang:1.22 AS b\nRUN go build -o /${'a'.repeat(60)} .\nFROM gcr.io/distroless/static\n`, bytes, (i) => `COPY --from=b /${'*a'.repeat(20)}*b${i} /app${i}\n`),
  },
  {
    name: 'unclosed-substitutions',
    about: 'nested and unclosed `$(`, `${`, backticks and quotes through one RUN line',
    generate: (bytes) => fill('FROM alpine\nRUN echo ', bytes, (i) => ['$( ', '${', '`', '"', "'", '$(( ', '<<', '\\ '][i % 8] + 'x ', '\n'),
  },
  {
    name: 'long-line',
    about: 'one RUN line of the whole size',
    generate: (bytes) => fill('FROM alpine AS a\nRUN ', bytes, (i) => `apt-get install -y pkg${i} && `, 'true\nFROM a\n'),
  },
  {
    name: 'long-directive',
    about: 'a parser directive line as long as the file (`#a=x   …   y`)',
    generate: (bytes) => `#escape=x${' '.repeat(Math.max(0, bytes - 40))}y\nFROM alpine\nRUN true\n`,
  },
  {
    name: 'continuations',
    about: 'thousands of continuation lines in one instruction (offset look-ups)',
    generate: (bytes) => fill('FROM alpine AS a\nRUN --mount=type=cache,target=/c \\\n', bytes, (i) => `  cmd${i} --from=a \\\n`, '  done\nFROM a\nCOPY --from=a / /\n'),
  },
  {
    name: 'flags-and-mounts',
    about: 'instructions with hundreds of flags and mount fields',
    generate: (bytes) =>
      fill('FROM alpine AS s\nRUN ', bytes, (i) => `--mount=type=cache,target=/c${i},from=s,source=/,id=${i},sharing=locked --network=none `, 'true\nFROM s\nCOPY --from=s --chown=1:1 --chmod=755 --link --parents --exclude=* / /\n'),
  },
  {
    name: 'stage-typos',
    about: 'thousands of stages, each referenced with a distinct typo (suggestions)',
    generate: (bytes) => fill('', bytes, (i) => `FROM alpine AS stage${i}\nCOPY --from=stgae${i}x /a /b\nRUN --mount=from=satge${i},target=/t true\n`),
  },
  {
    name: 'deep-chain',
    about: 'a deep `FROM <previous stage>` chain with a COPY in every stage',
    generate: (bytes) => fill('FROM alpine AS s0\n', bytes, (i) => `FROM s${i} AS s${i + 1}\nCOPY --from=s${i} /f${i} /f${i + 1}\nRUN echo ${i} > /x\n`),
  },
  {
    name: 'huge-heredoc',
    about: 'one heredoc body of the whole size, then an unterminated one',
    generate: (bytes) => fill('FROM alpine AS a\nRUN <<EOF\n', bytes, (i) => `echo line ${i} $(cat /x) "\${y}"\n`, 'EOF\nRUN <<-NEVER\nFROM a\n'),
  },
  {
    name: 'heredoc-markers',
    about: 'hundreds of heredoc markers per line, none terminated',
    generate: (bytes) => fill('FROM alpine\n', bytes, (i) => `RUN ${Array.from({ length: 20 }, (_, k) => `<<E${i}_${k}`).join(' ')}\n`),
  },
];

/** A hostile bake or compose file: what the workspace scan reads beside the Dockerfiles. */
export interface BuildFileShape {
  name: string;
  /** The file name (it picks the reader). */
  file: string;
  about: string;
  generate(bytes: number): string;
}

export const BUILD_FILE_SHAPES: BuildFileShape[] = [
  { name: 'hcl-unclosed-blocks', file: 'docker-bake.hcl', about: 'blocks opened and never closed (parser depth)', generate: (bytes) => fill('', bytes, (i) => `target "t${i}" {\n  target = "s${i}"\n`) },
  { name: 'hcl-deep-lists', file: 'docker-bake.hcl', about: 'one attribute of nested lists and objects', generate: (bytes) => fill('target "t" {\n  platforms = ', bytes, (i) => (i % 2 ? '[' : '{a='), '\n}\n') },
  { name: 'hcl-interpolations', file: 'docker-bake.hcl', about: 'strings of nested, unclosed ${ with quotes inside', generate: (bytes) => fill('target "t" {\n  target = "', bytes, () => '${"${x} \\" ') },
  { name: 'hcl-inherits-everything', file: 'docker-bake.hcl', about: 'each target inherits all targets before it, and a cycle (inheritance is exponential unless memoised)', generate: (bytes) => {
    const names: string[] = [];
    return fill('target "t0" {\n  inherits = ["t9"]\n}\n', bytes, (i) => {
      names.push(`"t${i}"`);
      return `target "t${i + 1}" {\n  inherits = [${names.slice(-40).join(',')}]\n  args = { A${i} = "x" }\n  platforms = ["linux/amd64"]\n}\n`;
    });
  } },
  { name: 'hcl-heredocs', file: 'docker-bake.hcl', about: 'heredoc openers without their end marker', generate: (bytes) => fill('target "t" {\n', bytes, (i) => `  a${i} = <<EOT${i}\n x\n`) },
  { name: 'hcl-matrix', file: 'docker-bake.hcl', about: 'a matrix with many entries and an interpolation per field', generate: (bytes) => fill('target "t" {\n  target = "${m.a}${m.b}"\n  matrix = { m = [', bytes, (i) => `{a = "x${i}", b = "y"},`, '] }\n}\n') },
  { name: 'compose-deep-flow', file: 'compose.yaml', about: 'nested flow collections', generate: (bytes) => fill('services:\n  s:\n    build: ', bytes, (i) => (i % 2 ? '[' : '{a: '), '\n') },
  { name: 'compose-aliases', file: 'compose.yaml', about: 'aliases of aliases (billion laughs)', generate: (bytes) => fill('a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n', bytes, (i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]\n`, 'services:\n  s:\n    build: .\n') },
  { name: 'compose-many-services', file: 'compose.yaml', about: 'thousands of services with merge keys', generate: (bytes) => fill('x: &b {context: ., platforms: [linux/amd64], target: t}\nservices:\n', bytes, (i) => `  s${i}:\n    build:\n      <<: *b\n      args: [A=${i}]\n`) },
  { name: 'bake-json-deep', file: 'docker-bake.json', about: 'deeply nested JSON arrays', generate: (bytes) => fill('{"target":{"t":{"platforms":', bytes, () => '[', '') },
];

/** Makefiles, scripts and CI files whose command lines buildCommands.ts reads. */
export const COMMAND_FILE_SHAPES: BuildFileShape[] = [
  { name: 'make-long-line', file: 'Makefile', about: 'one build command with every option repeated on one line', generate: (bytes) => fill('x:\n\tdocker build', bytes, (i) => ` -t img${i} --build-arg A${i}=1`, ' .\n') },
  { name: 'make-continuations', file: 'Makefile', about: 'a build command over thousands of \\ continuations', generate: (bytes) => fill('x:\n\tdocker buildx build \\\n', bytes, (i) => `\t  --platform linux/amd64 --label l${i}=v \\\n`, '\t  .\n') },
  { name: 'script-unbalanced-quotes', file: 'build.sh', about: 'quotes opened and never closed, escapes, expansions', generate: (bytes) => fill('docker build ', bytes, (i) => ['"a ', "'b ", '\\', '$(', '${', '`', '#'][i % 7], ' .\n') },
  { name: 'ci-many-builds', file: '.github/workflows/ci.yml', about: 'thousands of build lines', generate: (bytes) => fill('jobs:\n  b:\n    steps:\n', bytes, (i) => `      - run: docker build -f d${i}/Dockerfile d${i} && cd x${i}; docker build .\n`) },
  { name: 'script-nested-expansions', file: 'hack/build', about: 'deeply nested $( and ${ never closed', generate: (bytes) => fill('docker build -t ', bytes, (i) => (i % 2 ? '$(' : '${'), ' .\n') },
];

export interface ContextShape {
  name: string;
  about: string;
  /** Creates the build context below `dir` (the Dockerfile goes in `dir`). */
  create(dir: string, scale: number): void;
  dockerfile: string;
}

const GO_DOCKERFILE = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app ./...\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\nCOPY **/*.txt /data/\nCOPY d*/[a-c]*/*?* /more/\n';

export const CONTEXT_SHAPES: ContextShape[] = [
  {
    name: 'deep-tree',
    about: 'directories nested hundreds deep',
    dockerfile: GO_DOCKERFILE,
    create(dir, scale) {
      let current = dir;
      for (let depth = 0; depth < 50 * scale; depth++) {
        current = path.join(current, `d${depth}`);
        fs.mkdirSync(current);
        fs.writeFileSync(path.join(current, 'f.txt'), 'x');
      }
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/deep\n\ngo 1.22\n');
    },
  },
  {
    name: 'many-files',
    about: 'thousands of files in one directory',
    dockerfile: GO_DOCKERFILE,
    create(dir, scale) {
      fs.mkdirSync(path.join(dir, 'data'));
      for (let i = 0; i < 2_000 * scale; i++) fs.writeFileSync(path.join(dir, 'data', `${'a'.repeat(40)}${i}.go`), 'package main\n');
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/many\n\ngo 1.22\n');
    },
  },
  {
    name: 'symlink-loops',
    about: 'symlinks pointing at their parents and at each other',
    dockerfile: GO_DOCKERFILE,
    create(dir, scale) {
      for (let i = 0; i < 10 * scale; i++) {
        const sub = path.join(dir, `loop${i}`);
        fs.mkdirSync(sub);
        fs.symlinkSync('..', path.join(sub, 'up'));
        fs.symlinkSync(`../loop${(i + 1) % (10 * scale)}`, path.join(sub, 'next'));
      }
      fs.symlinkSync('self', path.join(dir, 'self'));
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/loops\n\ngo 1.22\n');
    },
  },
  {
    name: 'hostile-dockerignore',
    about: 'thousands of wildcard-heavy .dockerignore lines against long names',
    dockerfile: GO_DOCKERFILE,
    create(dir, scale) {
      const lines = ['[z-a]', '['];
      for (let i = 0; i < 500 * scale; i++) lines.push(i % 2 ? `!**/${'*a'.repeat(15)}*b${i}` : `${'**/a'.repeat(10)}*${'?'.repeat(20)}x${i}`);
      fs.writeFileSync(path.join(dir, '.dockerignore'), lines.join('\n'));
      for (let i = 0; i < 200 * scale; i++) fs.writeFileSync(path.join(dir, `${'a'.repeat(60)}${i}`), 'x');
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/ignore\n\ngo 1.22\n');
    },
  },
];

/** A fresh temporary build context for a shape; the caller removes it (`fs.rmSync(dir, { recursive: true })`). */
export function createContext(shape: ContextShape, scale = 1): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `stagecraft-${shape.name}-`));
  shape.create(dir, scale);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), shape.dockerfile);
  return dir;
}
