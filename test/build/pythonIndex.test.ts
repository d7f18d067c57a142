/**
 * The local Python package index (scripts/python-index.sh, served by test/support/pythonIndex.ts):
 * what pip reads from it is real. The pip installs themselves run in scripts/measure-sizes.ts.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { skipUnavailable } from '../support/buildah';
import { pythonIndex } from '../support/pythonIndex';

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
    tops = sorted({n.split('/')[0] for n in z.namelist() if '.dist-info/' not in n})
    out[path.rsplit('/', 1)[1]] = {'requires': [l.split(': ', 1)[1] for l in meta.splitlines() if l.startswith('Requires-Dist: ')], 'files': len(z.namelist()), 'bad': bad, 'tops': tops}
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
    const checked = JSON.parse(execFileSync('python3', ['-c', CHECK_WHEELS, ...wheels], { encoding: 'utf8' })) as Record<string, { requires: string[]; files: number; bad: string[]; tops: string[] }>;
    const owners = new Map<string, string[]>();
    for (const [name, wheelInfo] of Object.entries(checked)) for (const top of wheelInfo.tops) owners.set(top, [...(owners.get(top) ?? []), name]);
    for (const [top, names] of owners) assert.equal(names.length, 1, `${top} is shipped by one wheel only: ${names.join(', ')}`);
    const projects = new Set(fs.readdirSync(path.join(index.dir, 'simple')).filter((name) => name !== 'index.html'));
    for (const [name, wheelInfo] of Object.entries(checked)) {
      assert.deepEqual(wheelInfo.bad, [], `${name}: RECORD hashes and sizes hold`);
      assert.ok(wheelInfo.files > 3, `${name} holds the package's files`);
      for (const requirement of wheelInfo.requires) assert.ok(projects.has(requirement.toLowerCase().replace(/[-_.]+/g, '-')), `${name} requires ${requirement}, which the index serves`);
    }
    const flask = Object.entries(checked).find(([name]) => name.startsWith('Flask-'))?.[1];
    assert.deepEqual(flask?.requires.map((r) => r.toLowerCase()).sort(), ['click', 'itsdangerous', 'jinja2', 'werkzeug'], "flask's dependencies, from Debian's Depends");
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
