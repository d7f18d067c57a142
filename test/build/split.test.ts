/**
 * The split proven by a real builder: buildah (vfs, chroot isolation, --pull=never) builds the
 * original single-stage Dockerfile and its split, both on offline stand-ins of the images they
 * name (busybox-based images tagged golang:1.22-bookworm, node:20, distroless static, nginx:alpine;
 * the toolchain stand-ins carry a fake toolchain: a `go`/`npm` script and 24 MB of toolchain
 * files). Both images must give the same output and the split must be smaller.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBuildah, skipUnavailable, type Buildah } from '../support/buildah';
import { applySpanEdits } from '../../server/src/actions/edits';
import { directoryContext } from '../../server/src/workspace/contextFiles';
import { splitStage } from '../../server/src/actions/splitBuilder';
import { buildStageModel } from '../../server/src/model/stageModel';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'single-stage');

/** The fake `go`: `go build -o OUT PKG` writes OUT, a script echoing the `// say:` lines of PKG. */
const FAKE_GO = `#!/bin/sh
set -e
case "$1 $2" in
  "mod download") exit 0 ;;
esac
[ "$1" = build ] || { echo "fake go: unsupported $*" >&2; exit 2; }
shift
out=""; pkg="."
while [ $# -gt 0 ]; do
  case "$1" in -o) out="$2"; shift 2 ;; -*) shift ;; *) pkg="$1"; shift ;; esac
done
[ "$CGO_ENABLED" = 0 ] && echo "fake go: static build" >&2
mkdir -p "$(dirname "$out")"
{ echo '#!/bin/sh'; sed -n 's#^// say: \\(.*\\)#echo "$GREETING: \\1"#p' "$pkg"/*.go; } > "$out"
chmod +x "$out"
`;

/** The fake `npm`: `ci` is a no-op, `run build` copies src/ to dist/. */
const FAKE_NPM = `#!/bin/sh
set -e
case "$1" in
  ci|install|prune) exit 0 ;;
  run) [ "$2" = build ] && { rm -rf dist; cp -r src dist; exit 0; } ;;
esac
echo "fake npm: unsupported $*" >&2; exit 2
`;

async function toolchainImage(buildah: Buildah, base: string, tag: string, tool: string, script: string): Promise<void> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'stagecraft-toolchain-'));
  try {
    await fs.mkdir(path.join(root, 'usr/local/toolchain/bin'), { recursive: true });
    await fs.writeFile(path.join(root, 'usr/local/toolchain/bin', tool), script, { mode: 0o755 });
    // The weight of a real toolchain (compilers, standard library), in incompressible bytes.
    await fs.mkdir(path.join(root, 'usr/local/toolchain/pkg'));
    for (let i = 0; i < 3; i++) await fs.writeFile(path.join(root, `usr/local/toolchain/pkg/lib${i}.a`), Buffer.alloc(8 * 1024 * 1024, i + 1));
    const container = (await buildah.exec(['from', '--pull=never', base])).trim();
    await buildah.exec(['copy', container, `${root}/`, '/']);
    await buildah.exec(['config', '--env', 'PATH=/usr/local/toolchain/bin:/bin', container]);
    await buildah.exec(['commit', '--quiet', container, tag]);
    await buildah.exec(['rm', container]);
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

describe('split into builder stage: real builds with buildah', { timeout: 600_000 }, () => {
  let buildah: Buildah | undefined;
  let unavailable: string | undefined;

  before(async () => {
    const created = await createBuildah();
    if ('unavailable' in created) {
      unavailable = created.unavailable;
      return;
    }
    buildah = created;
    const base = await buildah.busyboxBase();
    await toolchainImage(buildah, base, 'docker.io/library/golang:1.22-bookworm', 'go', FAKE_GO);
    await toolchainImage(buildah, base, 'docker.io/library/node:20', 'npm', FAKE_NPM);
    // Runtime stand-ins: the busybox base under the runtime names the split chooses.
    await buildah.exec(['tag', base, 'gcr.io/distroless/static-debian12']);
    // nginx's stand-in has the official image's config folder, where the split writes its server block.
    const nginx = (await buildah.exec(['from', '--pull=never', base])).trim();
    await buildah.exec(['run', '--isolation', 'chroot', nginx, '--', 'mkdir', '-p', '/etc/nginx/conf.d', '/usr/share/nginx/html']);
    await buildah.exec(['commit', '--quiet', nginx, 'docker.io/library/nginx:alpine']);
    await buildah.exec(['rm', nginx]);
  });

  after(async () => {
    await buildah?.dispose();
  });

  async function buildBoth(t: { skip(message?: string): void }, fixture: string) {
    if (!buildah) {
      skipUnavailable(t, unavailable ?? 'buildah unavailable');
      return undefined;
    }
    const dir = path.join(FIXTURES, fixture);
    const original = await fs.readFile(path.join(dir, 'Dockerfile'), 'utf8');
    const split = splitStage(buildStageModel(original), 0, directoryContext(dir));
    assert.ok(split, 'the split is offered');
    const result = applySpanEdits(original, [split.edit]);
    await buildah.build({ dockerfile: path.join(dir, 'Dockerfile'), contextDir: dir, tag: `localhost/${fixture}:original` });
    await buildah.build({ dockerfileText: result, contextDir: dir, tag: `localhost/${fixture}:split` });
    const sizes = { original: await buildah.imageSize(`localhost/${fixture}:original`), split: await buildah.imageSize(`localhost/${fixture}:split`) };
    console.log(`# ${fixture}: original ${sizes.original} bytes, split ${sizes.split} bytes (${(sizes.original / sizes.split).toFixed(1)}x smaller)`);
    return { buildah, sizes };
  }

  it('sim-go: the split image runs the same binary and is smaller', async (t) => {
    const built = await buildBoth(t, 'sim-go');
    if (!built) return;
    const { buildah: b, sizes } = built;
    const original = await b.run('localhost/sim-go:original', ['/usr/local/bin/greeter']);
    const split = await b.run('localhost/sim-go:split', ['/usr/local/bin/greeter']);
    assert.equal(split, original);
    assert.match(original, /hello: greeter built by go/);
    assert.ok(sizes.split < sizes.original, `${sizes.split} < ${sizes.original}`);
    // The runtime holds no toolchain.
    await assert.rejects(b.run('localhost/sim-go:split', ['ls', '/usr/local/toolchain']));
  });

  it('sim-static: nginx serves the same built files and the image is smaller', async (t) => {
    const built = await buildBoth(t, 'sim-static');
    if (!built) return;
    const { buildah: b, sizes } = built;
    const original = await b.run('localhost/sim-static:original', ['cat', '/site/dist/index.html']);
    const split = await b.run('localhost/sim-static:split', ['cat', '/usr/share/nginx/html/index.html']);
    assert.equal(split, original);
    assert.match(split, /<h1>Welcome<\/h1>/);
    // serve -s on 3000 becomes nginx on 3000 with the single-page fallback.
    const config = await b.run('localhost/sim-static:split', ['cat', '/etc/nginx/conf.d/default.conf']);
    assert.match(config, /listen 3000;/);
    assert.match(config, /try_files \$uri \$uri\.html \$uri\/ \/index\.html;/);
    assert.ok(sizes.split < sizes.original, `${sizes.split} < ${sizes.original}`);
  });
});
