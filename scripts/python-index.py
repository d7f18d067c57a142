"""Makes a local Python package index from Debian packages (called by scripts/python-index.sh).

PyPI is not reachable here, Debian's apt mirror is. Each python3-* .deb given is repacked as a wheel:
the files it installs under /usr/lib/python3/dist-packages (its own metadata directory and __pycache__
left out) plus a .dist-info with METADATA, WHEEL, RECORD (and entry_points.txt, so pip writes the
console scripts). Debian strips the install requirements from its packages' metadata (dependencies
are the .deb's Depends), so Requires-Dist is rebuilt from the Depends on the other packages given
(a virtual package counts as its provider; `python3-x | python3 (>> 3.10)`, a backport, gets a
python_version marker). A wheel holding a compiled module (abi3 too) is tagged cp311-cp311-linux_x86_64
(bookworm's Python), the rest py3-none-any. Debian's virtualenv reads its seed wheels from
/usr/share/python-wheels; its wheel here carries them, as virtualenv from PyPI does. Next to them: an sdist with a C extension (pyproject.toml with setuptools, so pip builds
it in an isolated environment from this index, as it would from PyPI).

Output (deterministic: fixed timestamps, sorted entries):
  files/*.whl, files/*.tar.gz       the distributions (`pip install --no-index --find-links DIR/files`)
  simple/<project>/index.html       a PEP 503 simple index (serve DIR over http: PIP_INDEX_URL=http://HOST/simple/)
  manifest.json                     what each distribution is and where it came from

usage: python3 scripts/python-index.py OUT_DIR DEB...
"""
import base64
import csv
import email.parser
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile

EPOCH = (1980, 1, 1, 0, 0, 0)
SITE = 'usr/lib/python3/dist-packages'


def normalize(name):
    return re.sub(r'[-_.]+', '-', name).lower()


_CONTROL = {}


def deb_field(deb, field):
    """A field of the .deb's control file (read once per .deb: each dpkg-deb call costs ~10 ms)."""
    if deb not in _CONTROL:
        text = subprocess.run(['dpkg-deb', '-f', deb], check=True, capture_output=True, text=True).stdout
        _CONTROL[deb] = {key: value for key, value in email.parser.Parser().parsestr(text, headersonly=True).items()}
    return ' '.join(_CONTROL[deb].get(field, '').split())


def read_metadata(meta_dir):
    if os.path.isfile(meta_dir):  # a one-file .egg-info (pexpect, pycparser): PKG-INFO itself
        with open(meta_dir, encoding='utf-8') as handle:
            return email.parser.Parser().parse(handle, headersonly=True)
    for name in ('METADATA', 'PKG-INFO'):
        path = os.path.join(meta_dir, name)
        if os.path.exists(path):
            with open(path, encoding='utf-8') as handle:
                return email.parser.Parser().parse(handle, headersonly=True)
    raise SystemExit(f'python-index: no METADATA or PKG-INFO in {meta_dir}')


def debian_source(deb):
    """The Debian source package a .deb was built from (its own name when the field is absent)."""
    return (deb_field(deb, 'Source') or deb_field(deb, 'Package')).split(' ')[0]


def sha256_b64(data):
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()


def metadata_dirs(site):
    return [d for d in os.listdir(site) if d.endswith(('.dist-info', '.egg-info'))]


def own_metadata_dir(site):
    """The package's metadata directory; a .dist-info wins over a stray .egg-info (cryptography ships both)."""
    metas = metadata_dirs(site)
    dist_infos = [d for d in metas if d.endswith('.dist-info')]
    return dist_infos if len(dist_infos) == 1 else metas


def site_files(site, files, skipped):
    """(site, path) of every file under a dist-packages tree, metadata and __pycache__ left out."""
    for current, dirs, names in os.walk(site):
        dirs[:] = sorted(d for d in dirs if d != '__pycache__' and not (current == site and d.endswith(('.dist-info', '.egg-info'))))
        for name in sorted(names):
            path = os.path.join(current, name)
            if current == site and name.endswith('.egg-info'):
                continue
            if os.path.islink(path) and not os.path.exists(path):
                skipped.append(os.path.relpath(path, site))  # points into another Debian package (e.g. jquery)
                continue
            files.append((site, path))


DEBIAN_WHEELS = '/usr/share/python-wheels'


def embed_debian_wheels(files, depends, parts):
    """Debian points virtualenv at the seed wheels of python3-{pip,setuptools,wheel}-whl in /usr/share/python-wheels
    (virtualenv/seed/wheels/embed/__init__.py); virtualenv from PyPI carries them next to that module. Put the wheels
    of the -whl packages it depends on in a folder next to it (it lists the folder: only wheels in it) and point the
    module there, so the wheel works on any image."""
    def points_there(path):
        with open(path, 'rb') as handle:
            return path.endswith('.py') and f"Path('{DEBIAN_WHEELS}')".encode() in handle.read()
    embeds = [(base, path) for base, path in files if path.endswith('.py') and points_there(path)]
    if not embeds:
        return {}
    replaced = {}
    for base, path in embeds:
        folder = os.path.join(os.path.dirname(path), 'wheels')
        with open(path, encoding='utf-8') as handle:
            replaced[path] = handle.read().replace(f"Path('{DEBIAN_WHEELS}')", "Path(__file__).parent / 'wheels'").encode()
        for package in depends:
            if package in parts:
                wheels = os.path.join(parts[package][0], DEBIAN_WHEELS.lstrip('/'))
                for name in sorted(os.listdir(wheels)) if os.path.isdir(wheels) else []:
                    copy = os.path.join(folder, name)
                    replaced[copy] = os.path.join(wheels, name)
                    files.append((base, copy))
    return replaced


def repack(deb, root, debian_to_project, parts, out_files):
    """One .deb → one wheel (with the metadata-less Debian parts it depends on). Returns the manifest row."""
    site = os.path.join(root, SITE)
    metas = own_metadata_dir(site)
    if len(metas) != 1:
        raise SystemExit(f'python-index: {deb}: expected one metadata directory, found {metas}')
    meta_dir = os.path.join(site, metas[0])
    meta = read_metadata(meta_dir)
    project, version = meta['Name'], meta['Version']
    files, skipped = [], []
    site_files(site, files, skipped)
    depends = [alternatives.split('|') for alternatives in deb_field(deb, 'Depends').split(',')]
    depended = sorted({alternative.strip().split(' ')[0].split(':')[0] for group in depends for alternative in group})
    # Debian splits some projects (setuptools' pkg_resources is python3-pkg-resources): a part built from
    # the same Debian source is merged back; other packages that depend on it (chardet) do not get it.
    source = debian_source(deb)
    for package in depended:
        if package in parts and parts[package][1] == source:
            site_files(os.path.join(parts[package][0], SITE), files, skipped)
    # file in the wheel → its bytes, or the path of the file to read instead
    replaced = embed_debian_wheels(files, depended, parts)
    binary = any(re.search(r'\.(cpython-\d+-x86_64-linux-gnu|abi3)\.so$', f) for _, f in files)
    tag = 'cp311-cp311-linux_x86_64' if binary else 'py3-none-any'
    # Requires-Dist from the .deb's Depends on the other packages given (first alternative that is one; a virtual
    # package counts as the project that provides it: cryptography's python3-cffi-backend-api-min → cffi).
    # `python3-importlib-metadata | python3 (>> 3.8)` is a backport only older Pythons need: a marker, as on PyPI.
    requires = []
    for alternatives in depends:
        marker = ''
        for alternative in alternatives:
            newer = re.fullmatch(r'\s*python3 \((>>|>=) ([0-9.]+)~?\)\s*', alternative)
            if newer:
                marker = f'; python_version {"<=" if newer[1] == ">>" else "<"} "{newer[2]}"'
        for alternative in alternatives:
            package = alternative.strip().split(' ')[0].split(':')[0]
            if package in debian_to_project:
                requirement = debian_to_project[package] + marker
                if requirement not in requires:
                    requires.append(requirement)
                break
    stem = f"{re.sub(r'[-_.]+', '_', project)}-{version}"
    info = f'{stem}.dist-info'
    wheel_name = f'{stem}-{tag}.whl'
    record = []
    with zipfile.ZipFile(os.path.join(out_files, wheel_name), 'w', zipfile.ZIP_DEFLATED) as wheel:
        def add(arcname, data, mode=0o644):
            entry = zipfile.ZipInfo(arcname, EPOCH)
            entry.external_attr = (0o100000 | mode) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(entry, data)
            record.append((arcname, f'sha256={sha256_b64(data)}', str(len(data))))
        for base, path in files:
            source_file = replaced.get(path, path)
            if isinstance(source_file, bytes):
                add(os.path.relpath(path, base), source_file, 0o644)
                continue
            with open(source_file, 'rb') as handle:
                add(os.path.relpath(path, base), handle.read(), 0o755 if os.access(source_file, os.X_OK) else 0o644)
        lines = ['Metadata-Version: 2.1', f'Name: {project}', f'Version: {version}']
        if meta['Summary']:
            lines.append(f"Summary: {meta['Summary']}")
        lines += [f'Requires-Dist: {r}' for r in requires]
        add(f'{info}/METADATA', ('\n'.join(lines) + '\n').encode())
        add(f'{info}/WHEEL', f'Wheel-Version: 1.0\nGenerator: stagecraft python-index\nRoot-Is-Purelib: {"false" if binary else "true"}\nTag: {tag}\n'.encode())
        for extra in ('entry_points.txt', 'top_level.txt'):
            if os.path.exists(os.path.join(meta_dir, extra)):
                with open(os.path.join(meta_dir, extra), 'rb') as handle:
                    add(f'{info}/{extra}', handle.read())
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator='\n')
        writer.writerows(record)
        writer.writerow((f'{info}/RECORD', '', ''))
        entry = zipfile.ZipInfo(f'{info}/RECORD', EPOCH)
        entry.external_attr = (0o100644) << 16
        wheel.writestr(entry, buffer.getvalue(), zipfile.ZIP_DEFLATED)
    return {
        'file': wheel_name, 'project': project, 'version': version, 'requires': requires,
        'from': os.path.basename(deb), 'files': len(files),
        'bytes': sum(len(replaced[f]) if isinstance(replaced.get(f), bytes) else os.path.getsize(replaced.get(f, f)) for _, f in files), 'skippedLinks': skipped,
    }


SDIST_NAME, SDIST_VERSION = 'fastcount', '1.0'
SDIST_FILES = {
    'pyproject.toml': '[build-system]\nrequires = ["setuptools>=61", "wheel"]\nbuild-backend = "setuptools.build_meta"\n',
    'setup.py': 'from setuptools import Extension, setup\n\nsetup(name="fastcount", version="1.0", ext_modules=[Extension("fastcount", ["fastcount.c"])])\n',
    'fastcount.c': '''#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* count(text, byte): how many times a byte occurs in a string. */
static PyObject *count(PyObject *self, PyObject *args) {
  const char *text;
  Py_ssize_t length, n = 0;
  int c;
  if (!PyArg_ParseTuple(args, "s#i", &text, &length, &c)) return NULL;
  for (Py_ssize_t i = 0; i < length; i++) if (text[i] == c) n++;
  return PyLong_FromSsize_t(n);
}

static PyMethodDef methods[] = {{"count", count, METH_VARARGS, "count a byte"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "fastcount", NULL, -1, methods};
PyMODINIT_FUNC PyInit_fastcount(void) { return PyModule_Create(&module); }
''',
    'PKG-INFO': 'Metadata-Version: 2.1\nName: fastcount\nVersion: 1.0\nSummary: count a byte in a string (a C extension; stagecraft test package)\n',
}


def make_sdist(out_files):
    """A deterministic .tar.gz of the C-extension project."""
    name = f'{SDIST_NAME}-{SDIST_VERSION}.tar.gz'
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode='w', format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(SDIST_FILES):
            data = SDIST_FILES[path].encode()
            entry = tarfile.TarInfo(f'{SDIST_NAME}-{SDIST_VERSION}/{path}')
            entry.size, entry.mtime, entry.mode = len(data), 0, 0o644
            tar.addfile(entry, io.BytesIO(data))
    with open(os.path.join(out_files, name), 'wb') as handle:
        with gzip.GzipFile(fileobj=handle, mode='wb', mtime=0, filename='') as compressed:
            compressed.write(raw.getvalue())
    return {'file': name, 'project': SDIST_NAME, 'version': SDIST_VERSION, 'requires': [], 'from': 'scripts/python-index.py (sdist with a C extension)', 'files': len(SDIST_FILES), 'bytes': sum(len(v) for v in SDIST_FILES.values()), 'skippedLinks': []}


def main():
    out, debs = sys.argv[1], sorted(sys.argv[2:])
    out_files = os.path.join(out, 'files')
    os.makedirs(out_files)
    with tempfile.TemporaryDirectory() as scratch:
        roots, debian_to_project, parts = {}, {}, {}
        for deb in debs:
            root = os.path.join(scratch, os.path.basename(deb))
            subprocess.run(['dpkg-deb', '-x', deb, root], check=True)
            site = os.path.join(root, SITE)
            metas = own_metadata_dir(site) if os.path.isdir(site) else []
            if metas:
                debian_to_project[deb_field(deb, 'Package')] = read_metadata(os.path.join(site, metas[0]))['Name']
                roots[deb] = root
            else:
                parts[deb_field(deb, 'Package')] = (root, debian_source(deb))
        # Virtual packages (Provides) stand for the project that ships their provider, merged part or not.
        source_projects = {debian_source(deb): debian_to_project[deb_field(deb, 'Package')] for deb in roots}
        for deb in debs:
            package = deb_field(deb, 'Package')
            project = debian_to_project.get(package) or source_projects.get(parts.get(package, (None, None))[1])
            for provided in deb_field(deb, 'Provides').split(','):
                name = provided.strip().split(' ')[0]
                if project and name and name not in debian_to_project:
                    debian_to_project[name] = project
        rows = [repack(deb, roots[deb], debian_to_project, parts, out_files) for deb in debs if deb in roots]
    rows.append(make_sdist(out_files))
    by_project = {}
    for row in rows:
        by_project.setdefault(normalize(row['project']), []).append(row['file'])
    os.makedirs(os.path.join(out, 'simple'))
    links = []
    for project in sorted(by_project):
        os.makedirs(os.path.join(out, 'simple', project))
        anchors = []
        for file in by_project[project]:
            with open(os.path.join(out_files, file), 'rb') as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
            anchors.append(f'<a href="../../files/{file}#sha256={digest}">{file}</a>')
        with open(os.path.join(out, 'simple', project, 'index.html'), 'w') as handle:
            handle.write('<!DOCTYPE html><html><body>\n' + '<br>\n'.join(anchors) + '\n</body></html>\n')
        links.append(f'<a href="{project}/">{project}</a>')
    with open(os.path.join(out, 'simple', 'index.html'), 'w') as handle:
        handle.write('<!DOCTYPE html><html><body>\n' + '<br>\n'.join(links) + '\n</body></html>\n')
    with open(os.path.join(out, 'manifest.json'), 'w') as handle:
        json.dump({'source': 'scripts/python-index.sh: wheels repacked from Debian bookworm python3-* packages, plus an sdist with a C extension', 'distributions': rows}, handle, indent=1)
        handle.write('\n')
    for row in rows:
        print(f"python-index: {row['file']} ({row['files']} files, {row['bytes']} bytes{', requires ' + ' '.join(row['requires']) if row['requires'] else ''})", file=sys.stderr)


if __name__ == '__main__':
    main()
