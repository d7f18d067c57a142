/**
 * The real toolchain images of scripts/toolchain-images.sh: each runs its real tool at the
 * language version its official name promises, the slim and distroless stand-ins have what the
 * published images have (and not more), and a multi-stage build from a toolchain into a runtime
 * stand-in runs. Which image stands in for which is printed by each test (from the script's --list).
 * Stand-ins: Debian bookworm packages, not Docker Hub's images (Go, Node, Python, Temurin are built
 * from upstream there; eclipse-temurin is Ubuntu-based there).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { skipUnavailable, type Buildah } from '../support/buildah';
import { toolchainBuildah, toolchainImages, type ToolchainImage, type ToolchainRecipe } from '../support/toolchains';

interface ImageCheck {
  recipe: ToolchainRecipe;
  /** Run with `sh -c` in the image; stdout must match `expect`. */
  script: string;
  expect: RegExp;
}

const CHECKS: ImageCheck[] = [
  { recipe: 'debian', script: 'cat /etc/debian_version; ls /usr/share/doc | wc -l', expect: /^12\.\d+\n[1-9]\d+\n$/ },
  // -slim: only copyright files under /usr/share/doc, no man pages.
  { recipe: 'debian-slim', script: 'cat /etc/debian_version; find /usr/share/doc -type f ! -name copyright | wc -l; ls /usr/share/man 2>/dev/null | wc -l', expect: /^12\.\d+\n0\n0\n$/ },
  { recipe: 'golang', script: 'go version; go env GOPATH; ls -d /usr/local/go/bin', expect: /^go version go1\.19(\.\d+)? linux\/amd64\n\/go\n\/usr\/local\/go\/bin\n$/ },
  { recipe: 'rust', script: 'rustc --version; cargo --version; echo $CARGO_HOME', expect: /^rustc 1\.63\.\d+.*\ncargo 1\.6[0-9]\.\d+.*\n\/usr\/local\/cargo\n$/ },
  { recipe: 'gcc', script: 'gcc -dumpversion; make --version | head -1', expect: /^12\nGNU Make 4\.\d+\n$/ },
  { recipe: 'node', script: 'node --version; npm --version; id -u node', expect: /^v18\.\d+\.\d+\n9\.\d+\.\d+\n1000\n$/ },
  { recipe: 'node-slim', script: 'node --version; npm --version; id -u node; find /usr/share/doc -type f ! -name copyright | wc -l', expect: /^v18\.\d+\.\d+\n9\.\d+\.\d+\n1000\n0\n$/ },
  { recipe: 'python', script: 'python --version; pip --version | cut -d" " -f1-2; python -m venv /tmp/v && /tmp/v/bin/python -c "import sys; print(sys.prefix)"; gcc -dumpversion', expect: /^Python 3\.11\.\d+\npip 23\.\d+(\.\d+)?\n\/tmp\/v\n12\n$/ },
  { recipe: 'python-slim', script: 'python --version; python -m venv /tmp/v && /tmp/v/bin/pip --version | cut -d" " -f1; command -v gcc || echo no-gcc', expect: /^Python 3\.11\.\d+\npip\nno-gcc\n$/ },
  { recipe: 'jdk', script: 'javac -version 2>&1; jar --version; echo $JAVA_HOME', expect: /^javac 17(\.\d+)+\njar 17(\.\d+)+\n\/opt\/java\/openjdk\n$/ },
  { recipe: 'jre', script: 'java -version 2>&1 | head -1; command -v javac || echo no-javac', expect: /^openjdk version "17(\.\d+)+".*\nno-javac\n$/ },
  // Debian's nginx laid out as the official image; it also answers to nginx:alpine without being Alpine.
  { recipe: 'nginx', script: 'nginx -v 2>&1; grep -c "listen 80;" /etc/nginx/conf.d/default.conf; ls /etc/nginx/sites-enabled | wc -l; readlink /var/log/nginx/access.log; command -v apk || echo no-apk', expect: /^nginx version: nginx\/1\.22\.\d+\n1\n0\n\/dev\/stdout\nno-apk\n$/ },
];

describe('toolchain images (Debian bookworm stand-ins for the official images)', { timeout: 3_600_000 }, () => {
  let buildah: Buildah | undefined;
  let unavailable: string | undefined;
  let listed: ToolchainImage[] = [];
  let contextDir = '';

  before(async () => {
    const created = await toolchainBuildah([...CHECKS.map((check) => check.recipe), 'distroless-static', 'distroless-cc'], { overlay: true });
    if ('unavailable' in created) {
      unavailable = created.unavailable;
      return;
    }
    buildah = created;
    listed = await toolchainImages();
    contextDir = await fs.mkdtemp(path.join(os.tmpdir(), 'stagecraft-toolchains-'));
  });

  after(async () => {
    await buildah?.dispose();
    if (contextDir) await fs.rm(contextDir, { recursive: true, force: true });
  });

  const image = (recipe: ToolchainRecipe) => listed.find((entry) => entry.recipe === recipe)!;

  for (const check of CHECKS) {
    it(`${check.recipe}: the real tool at the promised version`, async (t) => {
      if (!buildah) return skipUnavailable(t, unavailable!);
      const { tags, standsIn } = image(check.recipe);
      t.diagnostic(`${tags.join(', ')} stands in for ${standsIn}`);
      for (const tag of tags) assert.ok((await buildah.config(tag)).labels['org.stagecraft.stands-in'], `${tag} is tagged`);
      const output = await buildah.run(tags[0], ['sh', '-c', check.script]);
      assert.match(output, check.expect);
    });
  }

  it("run: the image's own programs, as the image's user, their stdout read from a file (not buildah's relay)", async (t) => {
    if (!buildah) return skipUnavailable(t, unavailable!);
    const tag = image('debian-slim').tags[0];
    // GNU ls, not busybox's applet; argv[0] as given; no SHLVL/PWD from the capturing shell.
    assert.match(await buildah.run(tag, ['ls', '--version']), /^ls \(GNU coreutils\)/);
    assert.equal(await buildah.run(tag, ['sh', '-c', 'echo $0; id -u; env | grep -c -E "^(SHLVL|OLDPWD)=" || true'], { user: '65532', workdir: '/tmp' }), 'sh\n65532\n0\n');
    // The output printed before a failure is in the error.
    await assert.rejects(buildah.run(tag, ['sh', '-c', 'echo before-failing; exit 3']), /before-failing[\s\S]*status 3/);
  });

  it('distroless static: no shell, nonroot 65532 in /etc/passwd, CA bundle and zoneinfo; :nonroot runs as 65532', async (t) => {
    if (!buildah) return skipUnavailable(t, unavailable!);
    const { tags, standsIn } = image('distroless-static');
    t.diagnostic(`${tags.join(', ')} stands in for ${standsIn}`);
    // A static busybox copied in is the only way to look inside an image without a shell.
    await fs.copyFile('/bin/busybox', path.join(contextDir, 'busybox'));
    const probe = [
      'test -e /bin/sh && echo has-sh || echo no-sh',
      'test -e /usr/bin/apt-get && echo has-apt || echo no-apt',
      'grep ^nonroot: /etc/passwd',
      'test -s /etc/ssl/certs/ca-certificates.crt && echo ca-bundle',
      'test -f /usr/share/zoneinfo/Europe/Paris && echo zoneinfo',
      'id -u',
    ].join('; ');
    for (const [tag, user] of [['gcr.io/distroless/static-debian12:latest', '0'], ['gcr.io/distroless/static-debian12:nonroot', '65532']]) {
      await buildah.build({ contextDir, tag: 'localhost/static-probe:1', dockerfileText: `FROM ${tag}\nCOPY --chmod=755 busybox /busybox\n` });
      const output = await buildah.run('localhost/static-probe:1', ['/busybox', 'sh', '-c', probe.replace(/\b(test|grep|id)\b/g, '/busybox $1')]);
      assert.equal(output, `no-sh\nno-apt\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\nca-bundle\nzoneinfo\n${user}\n`, tag);
    }
    const size = await buildah.imageSize('gcr.io/distroless/static-debian12:latest');
    // The published image is about 2 MB on disk (compressed 0.8 MB): base-files, netbase, tzdata, CA certificates.
    assert.ok(size > 1_000_000 && size < 5_000_000, `static-debian12 stand-in ${size} bytes`);
  });

  it('multi-stage: a C program built in gcc:12-bookworm runs on distroless cc as nonroot; not on static (no libc)', async (t) => {
    if (!buildah) return skipUnavailable(t, unavailable!);
    t.diagnostic(`gcc:12-bookworm stands in for ${image('gcc').standsIn}; cc-debian12 for ${image('distroless-cc').standsIn}`);
    await fs.writeFile(path.join(contextDir, 'hello.c'), '#include <stdio.h>\n#include <unistd.h>\nint main(void) { printf("hello from uid %d\\n", (int)getuid()); return 0; }\n');
    const dockerfile = (runtime: string) =>
      ['FROM gcc:12-bookworm AS build', 'WORKDIR /src', 'COPY hello.c .', 'RUN gcc -O2 -o /hello hello.c', `FROM ${runtime}`, 'COPY --from=build /hello /hello', 'ENTRYPOINT ["/hello"]', ''].join('\n');
    await buildah.build({ contextDir, tag: 'localhost/hello-cc:1', dockerfileText: dockerfile('gcr.io/distroless/cc-debian12:nonroot') });
    assert.equal(await buildah.runImage('localhost/hello-cc:1'), 'hello from uid 65532\n');
    const ccSize = await buildah.imageSize('localhost/hello-cc:1');
    assert.ok(ccSize < 40_000_000, `hello on cc-debian12: ${ccSize} bytes`);
    // The dynamic loader is missing on static: the same binary cannot start there.
    await buildah.build({ contextDir, tag: 'localhost/hello-static:1', dockerfileText: dockerfile('gcr.io/distroless/static-debian12') });
    await assert.rejects(buildah.runImage('localhost/hello-static:1'));
  });
});
