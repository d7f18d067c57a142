/**
 * The local Python package index (scripts/python-index.sh, served by test/support/pythonIndex.ts):
 * what pip reads from it is real, and poetry and pipenv install from it and run in the python image.
 * The flask installs run in scripts/measure-sizes.ts and the split fixtures (test/build/split.test.ts).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { skipUnavailable } from '../support/buildah';
import { pythonIndex } from '../support/pythonIndex';
import { toolchainBuildah } from '../support/toolchains';

/** Reads each wheel with Python's zipfile: names, Requires-Dist, and whether RECORD's hashes hold. */
const CHECK_WHEELS = String.raw`
import base64, csv, hashlib, io, json, sys, zipfile
out = {}
for path in sys.argv[1:]:
    z = zipfile.ZipFile(path)
    info = [n for n in z.namelist() if n.endswith('.dist-info/METADATA')][0].rsplit('/', 1)[0]
    meta = z.read(info + '/METADATA').decode()
    bad = []
    for name, digest, size in csv.reader(io.StringIO(z.read(info + '/RECORD').decode())):
        if not digest: continue
        data = z.read(name)
        if digest != 'sha256=' + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode() or int(size) != len(data): bad.append(name)
    paths = sorted(n for n in z.namelist() if '.dist-info/' not in n)
    out[path.rsplit('/', 1)[1]] = {'requires': [l.split(': ', 1)[1] for l in meta.splitlines() if l.startswith('Requires-Dist: ')], 'files': len(z.namelist()), 'bad': bad, 'paths': paths}
print(json.dumps(out))
`;

test('the local Python index serves real wheels, their dependencies and a C-extension sdist', async (t) => {
  const index = await pythonIndex();
  if ('unavailable' in index) return skipUnavailable(t, index.unavailable);
  try {
    const page = await (await fetch(`${index.url}flask/`)).text();
    const link = /href="([^"#]+)#sha256=([0-9a-f]{64})"/.exec(page);
    assert.ok(link, `a wheel link with its hash on ${index.url}flask/: ${page}`);
    const wheel = Buffer.from(await (await fetch(new URL(link[1], `${index.url}flask/`))).arrayBuffer());
    assert.equal(crypto.createHash('sha256').update(wheel).digest('hex'), link[2], 'the served file matches the hash the page gives');
    assert.equal((await fetch(`${index.url.replace('/simple/', '/')}${'..%2f'.repeat(12)}etc%2fpasswd`)).status, 404, 'no file outside the index');

    const files = fs.readdirSync(path.join(index.dir, 'files'));
    const wheels = files.filter((f) => f.endsWith('.whl')).map((f) => path.join(index.dir, 'files', f));
    const checked = JSON.parse(execFileSync('python3', ['-c', CHECK_WHEELS, ...wheels], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as Record<string, { requires: string[]; files: number; bad: string[]; paths: string[] }>;
    // A file is shipped by one wheel only (a folder may be shared: poetry and poetry-core both fill poetry/).
    const owners = new Map<string, string[]>();
    for (const [name, wheelInfo] of Object.entries(checked)) for (const file of wheelInfo.paths) owners.set(file, [...(owners.get(file) ?? []), name]);
    for (const [file, names] of owners) assert.equal(names.length, 1, `${file} is shipped by one wheel only: ${names.join(', ')}`);
    const projects = new Set(fs.readdirSync(path.join(index.dir, 'simple')).filter((name) => name !== 'index.html'));
    for (const [name, wheelInfo] of Object.entries(checked)) {
      assert.deepEqual(wheelInfo.bad, [], `${name}: RECORD hashes and sizes hold`);
      assert.ok(wheelInfo.files > 3, `${name} holds the package's files`);
      for (const requirement of wheelInfo.requires) assert.ok(projects.has(requirement.split(';')[0].trim().toLowerCase().replace(/[-_.]+/g, '-')), `${name} requires ${requirement}, which the index serves`);
    }
    const flask = Object.entries(checked).find(([name]) => name.startsWith('Flask-'))?.[1];
    assert.deepEqual(flask?.requires.filter((r) => !r.includes(';')).map((r) => r.toLowerCase()).sort(), ['click', 'itsdangerous', 'jinja2', 'werkzeug'], "flask's dependencies, from Debian's Depends");
    // `python3-importlib-metadata | python3 (>> 3.10)`: the backport only older Pythons install, as on PyPI.
    assert.ok(flask?.requires.includes('importlib-metadata; python_version <= "3.10"'), `a backport behind a marker: ${flask?.requires.join(', ')}`);
    const cryptography = Object.entries(checked).find(([name]) => name.startsWith('cryptography-'))?.[1];
    assert.deepEqual(cryptography?.requires, ['cffi'], 'a dependency on a virtual package (python3-cffi-backend-api-min) is one on the project providing it');
    assert.ok(files.some((f) => /^cryptography-.*-cp311-cp311-linux_x86_64\.whl$/.test(f)), 'a wheel with an abi3 module is platform-specific too');
    assert.ok(files.some((f) => /^MarkupSafe-.*-cp311-cp311-linux_x86_64\.whl$/.test(f)), 'a wheel with a compiled module is tagged for CPython 3.11 on x86_64');
    const sdist = files.find((f) => f.endsWith('.tar.gz'));
    assert.ok(sdist, 'an sdist');
    const listing = execFileSync('tar', ['-tzf', path.join(index.dir, 'files', sdist)], { encoding: 'utf8' });
    assert.match(listing, /pyproject\.toml/);
    assert.match(listing, /\.c\n/, 'the sdist compiles a C extension');
    assert.ok(projects.has('setuptools') && projects.has('wheel'), 'setuptools and wheel for the isolated sdist build');
  } finally {
    await index.close();
  }
});

/**
 * poetry and pipenv from the index on python:3.11-bookworm (the Debian stand-in): pip resolves their
 * dependencies there alone, and each creates a virtualenv from the seed wheels its virtualenv carries
 * (Debian's reads /usr/share/python-wheels; the index's wheel carries them, as PyPI's does).
 */
test('poetry and pipenv install from the local index and run', { timeout: 1_200_000 }, async (t) => {
  const index = await pythonIndex();
  if ('unavailable' in index) return skipUnavailable(t, index.unavailable);
  const buildah = await toolchainBuildah(['python'], { overlay: true });
  if ('unavailable' in buildah) {
    await index.close();
    return skipUnavailable(t, buildah.unavailable);
  }
  const tag = 'localhost/python-index-tools:1';
  try {
    const dockerfileText = [
      'FROM python:3.11-bookworm',
      'ARG PIP_INDEX_URL',
      'ARG PIP_TRUSTED_HOST',
      'RUN pip install --no-cache-dir poetry pipenv',
    ].join('\n');
    await buildah.build({ dockerfileText, contextDir: index.dir, tag, buildArgs: { PIP_INDEX_URL: index.url, PIP_TRUSTED_HOST: index.host }, timeoutMs: 900_000 });
    assert.match(await buildah.run(tag, ['poetry', '--version']), /Poetry \(version 1\.3\.2\)/);
    assert.match(await buildah.run(tag, ['pipenv', '--version']), /pipenv, version 2022\.12\.19/);
    const seeded = await buildah.run(tag, ['sh', '-c', 'python -m virtualenv -q /tmp/env && /tmp/env/bin/pip --version && python -c "from virtualenv.seed.wheels.embed import BUNDLE_FOLDER; print(BUNDLE_FOLDER)"']);
    assert.match(seeded, /^pip 23\.0\.1 from \/tmp\/env\//m, 'a virtualenv seeded with pip');
    assert.match(seeded, /\/usr\/local\/lib\/python3\.11\/dist-packages\/virtualenv\/seed\/wheels\/embed\/wheels$/m, 'from the wheels virtualenv carries');
  } finally {
    await buildah.exec(['rmi', '--force', tag]).catch(() => undefined);
    await buildah.dispose();
    await index.close();
  }
});
