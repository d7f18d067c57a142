/**
 * System packages as data: which ones only build (compilers, headers, fetch tools), which
 * program each common package provides, and what the usual runtime bases already carry. The
 * split reinstalls in the runtime every installed package that is not build-only, plus the
 * packages behind programs the running container calls.
 */

/** Package managers the split knows how to reinstall with. */
export type PackageManager = 'apt' | 'apk' | 'dnf' | 'yum' | 'microdnf';

/** Build-only by exact name (any manager). */
const BUILD_ONLY = new Set([
  'build-essential', 'build-base', 'alpine-sdk', 'gcc', 'g++', 'cpp', 'make', 'cmake', 'ninja-build', 'ninja', 'meson', 'scons',
  'autoconf', 'automake', 'libtool', 'pkg-config', 'pkgconf', 'pkgconfig', 'clang', 'llvm', 'lld', 'binutils', 'nasm', 'yasm',
  'bison', 'flex', 'gfortran', 'swig', 'patch', 'upx', 'upx-ucl', 'protobuf-compiler', 'protoc', 'musl-dev', 'linux-headers',
  'libc-dev', 'libc6-dev', 'linux-libc-dev', 'golang', 'golang-go', 'go', 'rustc', 'cargo', 'rust', 'maven', 'gradle', 'ant',
  'git', 'mercurial', 'subversion', 'python3-dev', 'python-dev', 'python3-pip', 'py3-pip', 'python3-venv', 'python3-setuptools',
  'py3-setuptools', 'python3-wheel', 'py3-wheel', 'python3-virtualenv', 'gnupg', 'gnupg2', 'dirmngr', 'software-properties-common',
  'apt-transport-https', 'musl-tools', 'unzip', 'xz-utils', 'bzip2', 'wget', 'curl', 'file', 'dpkg-dev', 'gcc-c++', 'rpm-build', 'yarn', 'npm', 'nodejs-npm',
]);
/** Build-only by shape: headers and static libraries, versioned compilers, JDKs. */
const BUILD_ONLY_SHAPES = [/-(dev|devel|headers|static|doc)(:[a-z0-9]+)?$/, /^(gcc|g\+\+|clang|llvm|cpp)-\d+/, /^openjdk-?\d+-jdk/, /^openjdk\d+(-jdk)?$/, /^java-[\d.]+-openjdk-devel/, /^temurin-\d+-jdk/];

/** A package name without version pin or architecture (`curl=7.88*` → `curl`, `libpq5:amd64` → `libpq5`). */
export function packageName(word: string): string {
  return word.replace(/[=<>~].*$/, '').replace(/:[a-z0-9]+$/, '');
}

/** Python for node-gyp and build scripts: build-only unless the stack is Python or the runtime calls it. */
const INTERPRETERS_FOR_BUILDS = new Set(['python3', 'python', 'python-is-python3', 'python3-minimal', 'py3-setuptools']);

export function isBuildOnlyPackage(name: string, stack?: string): boolean {
  const bare = packageName(name);
  if (stack && stack !== 'python' && stack !== 'unknown' && INTERPRETERS_FOR_BUILDS.has(bare)) return true;
  return BUILD_ONLY.has(bare) || BUILD_ONLY_SHAPES.some((shape) => shape.test(bare));
}

/**
 * The shared library behind common -dev packages: a native extension or binary built against
 * the headers links it, so the runtime keeps the library when the headers go.
 */
export const DEV_RUNTIME_LIBRARY: Record<string, string> = {
  'libpq-dev': 'libpq5', 'libxml2-dev': 'libxml2', 'libxslt1-dev': 'libxslt1.1', 'libjpeg-dev': 'libjpeg62-turbo', 'libjpeg62-turbo-dev': 'libjpeg62-turbo',
  'libpng-dev': 'libpng16-16', 'libffi-dev': 'libffi8', 'libmariadb-dev': 'libmariadb3', 'libmariadb-dev-compat': 'libmariadb3', 'default-libmysqlclient-dev': 'libmariadb3',
  'libsqlite3-dev': 'libsqlite3-0', 'libyaml-dev': 'libyaml-0-2', 'libgeos-dev': 'libgeos-c1v5', 'libcurl4-openssl-dev': 'libcurl4', 'libmagic-dev': 'libmagic1',
  'libsodium-dev': 'libsodium23', 'libzmq3-dev': 'libzmq5', 'libsasl2-dev': 'libsasl2-2', 'libldap2-dev': 'libldap-2.5-0', 'libgdal-dev': 'gdal-bin',
  'zlib1g-dev': 'zlib1g', 'libvips-dev': 'libvips42', 'libcairo2-dev': 'libcairo2', 'libgif-dev': 'libgif7', 'librsvg2-dev': 'librsvg2-2', 'libwebp-dev': 'libwebp7',
  'libfreetype6-dev': 'libfreetype6', 'libfreetype-dev': 'libfreetype6', 'libtiff-dev': 'libtiff6', 'libtiff5-dev': 'libtiff6', 'liblcms2-dev': 'liblcms2-2', 'libopenjp2-7-dev': 'libopenjp2-7',
  'libharfbuzz-dev': 'libharfbuzz0b', 'libfribidi-dev': 'libfribidi0', 'libbz2-dev': 'libbz2-1.0', 'liblzma-dev': 'liblzma5', 'libreadline-dev': 'libreadline8', 'libncurses-dev': 'libncursesw6',
  'libsnappy-dev': 'libsnappy1v5', 'libzstd-dev': 'libzstd1', 'liblz4-dev': 'liblz4-1', 'libkrb5-dev': 'libkrb5-3', 'libevent-dev': 'libevent-2.1-7', 'libuv1-dev': 'libuv1',
  'postgresql-dev': 'libpq', 'libpq-dev@apk': 'libpq', 'libffi-dev@apk': 'libffi', 'jpeg-dev': 'libjpeg-turbo', 'libjpeg-turbo-dev': 'libjpeg-turbo', 'libxml2-dev@apk': 'libxml2',
  'libxslt-dev': 'libxslt', 'mariadb-dev': 'mariadb-connector-c', 'mariadb-connector-c-dev': 'mariadb-connector-c', 'sqlite-dev': 'sqlite-libs', 'yaml-dev': 'yaml',
  'libpng-dev@apk': 'libpng', 'zlib-dev': 'zlib', 'openssl-dev': 'libssl3', 'vips-dev': 'vips', 'cairo-dev': 'cairo', 'pango-dev': 'pango', 'giflib-dev': 'giflib', 'librsvg-dev': 'librsvg',
  'libwebp-dev@apk': 'libwebp', 'freetype-dev': 'freetype', 'tiff-dev': 'tiff', 'lcms2-dev': 'lcms2', 'openjpeg-dev': 'openjpeg', 'harfbuzz-dev': 'harfbuzz', 'bzip2-dev': 'libbz2', 'xz-dev': 'xz-libs',
  'readline-dev': 'readline', 'ncurses-dev': 'ncurses-libs', 'snappy-dev': 'snappy', 'zstd-dev': 'zstd-libs', 'lz4-dev': 'lz4-libs', 'krb5-dev': 'krb5-libs', 'libevent-dev@apk': 'libevent', 'libuv-dev': 'libuv', 'geos-dev': 'geos', 'libsodium-dev@apk': 'libsodium', 'zeromq-dev': 'zeromq', 'libmagic-dev@apk': 'libmagic',
};

/** The runtime library of a -dev package for that manager, if known. */
/** Headers with no library of their own to keep (the C library, the kernel, Python's headers). */
export const HEADERS_ONLY = new Set(['libc6-dev', 'libc-dev', 'musl-dev', 'linux-headers', 'linux-libc-dev', 'python3-dev', 'python-dev', 'libpython3-dev', 'build-base', 'dpkg-dev']);

/** Programs the full toolchain images (buildpack-deps) carry and the slim ones lack. */
/**
 * Libraries the full python and ruby images carry (they are built on buildpack-deps) and their
 * slim variants lack, by the app's dependency that loads them at runtime: a psycopg2 built from
 * source links libpq, mini_magick runs ImageMagick's programs. The Debian package to reinstall.
 */
export const FULL_IMAGE_LIBRARIES: Record<'python' | 'ruby', Record<string, string>> = {
  python: { psycopg2: 'libpq5', mysqlclient: 'libmariadb3', wand: 'imagemagick', 'python-magic': 'libmagic1' },
  ruby: { pg: 'libpq5', mysql2: 'libmariadb3', sqlite3: 'libsqlite3-0', rmagick: 'imagemagick', mini_magick: 'imagemagick', curb: 'libcurl4' },
};

export const FULL_IMAGE_PROGRAMS = new Set(['curl', 'wget', 'git', 'ssh', 'ps', 'make', 'unzip', 'gpg', 'xz', 'bzip2', 'file', 'patch', 'jq']);

/**
 * Toolchain images that carry the CA roots (ca-certificates, from buildpack-deps or installed by the
 * image) where a debian/ubuntu slim base has none: a binary built there that speaks TLS reads them.
 */
export const CA_ROOT_TOOLCHAIN_IMAGES = new Set(['golang', 'rust', 'gcc', 'buildpack-deps', 'haskell', 'swift', 'erlang', 'elixir', 'crystal', 'nim']);

export function runtimeLibraryOf(name: string, manager: PackageManager): string | undefined {
  return (manager === 'apk' ? DEV_RUNTIME_LIBRARY[`${name}@apk`] : undefined) ?? DEV_RUNTIME_LIBRARY[name];
}

/**
 * The package providing a program, per manager family (Debian names / Alpine names). Only
 * programs that images call and that minimal bases lack.
 */
export const PROGRAM_PACKAGES: Record<string, { apt: string; apk: string }> = {
  curl: { apt: 'curl', apk: 'curl' },
  wget: { apt: 'wget', apk: 'wget' },
  git: { apt: 'git', apk: 'git' },
  bash: { apt: 'bash', apk: 'bash' },
  gosu: { apt: 'gosu', apk: 'gosu' },
  'su-exec': { apt: 'su-exec', apk: 'su-exec' },
  tini: { apt: 'tini', apk: 'tini' },
  'dumb-init': { apt: 'dumb-init', apk: 'dumb-init' },
  ffmpeg: { apt: 'ffmpeg', apk: 'ffmpeg' },
  ffprobe: { apt: 'ffmpeg', apk: 'ffmpeg' },
  psql: { apt: 'postgresql-client', apk: 'postgresql-client' },
  pg_dump: { apt: 'postgresql-client', apk: 'postgresql-client' },
  pg_isready: { apt: 'postgresql-client', apk: 'postgresql-client' },
  mysql: { apt: 'default-mysql-client', apk: 'mysql-client' },
  'redis-cli': { apt: 'redis-tools', apk: 'redis' },
  sqlite3: { apt: 'sqlite3', apk: 'sqlite' },
  envsubst: { apt: 'gettext-base', apk: 'gettext' },
  jq: { apt: 'jq', apk: 'jq' },
  nc: { apt: 'netcat-openbsd', apk: 'netcat-openbsd' },
  openssl: { apt: 'openssl', apk: 'openssl' },
  ssh: { apt: 'openssh-client', apk: 'openssh-client' },
  rsync: { apt: 'rsync', apk: 'rsync' },
  convert: { apt: 'imagemagick', apk: 'imagemagick' },
  chromium: { apt: 'chromium', apk: 'chromium' },
  ps: { apt: 'procps', apk: 'procps' },
  unzip: { apt: 'unzip', apk: 'unzip' },
  make: { apt: 'make', apk: 'make' },
  tzdata: { apt: 'tzdata', apk: 'tzdata' },
  node: { apt: 'nodejs', apk: 'nodejs' },
  npm: { apt: 'npm', apk: 'npm' },
  python3: { apt: 'python3', apk: 'python3' },
  python: { apt: 'python3', apk: 'python3' },
};

/** Programs every Debian-slim / Alpine base has (coreutils, the shell, user tools; busybox on Alpine). */
const COMMON_PROGRAMS = ['sh', 'cat', 'ls', 'mkdir', 'rm', 'cp', 'mv', 'chmod', 'chown', 'ln', 'sleep', 'env', 'echo', 'printf', 'test', '[', 'true', 'false', 'sed', 'grep', 'awk', 'tr', 'cut', 'head', 'tail', 'date', 'id', 'whoami', 'touch', 'find', 'xargs', 'sort', 'uniq', 'wc', 'tee', 'basename', 'dirname', 'readlink', 'realpath', 'tar', 'gzip', 'gunzip', 'su', 'hostname', 'kill', 'uname', 'stat', 'du', 'df', 'mktemp', 'expr', 'seq', 'nohup', 'timeout', 'chgrp', 'install', 'yes', 'md5sum', 'sha256sum', 'base64', 'ldd'];
export const BASE_PROGRAMS: Record<'debian' | 'alpine', ReadonlySet<string>> = {
  debian: new Set([...COMMON_PROGRAMS, 'bash', 'dash', 'useradd', 'groupadd', 'usermod', 'apt-get', 'apt', 'dpkg', 'perl', 'zcat', 'runuser', 'setpriv', 'getent', 'awk', 'mawk']),
  alpine: new Set([...COMMON_PROGRAMS, 'ash', 'adduser', 'addgroup', 'deluser', 'apk', 'wget', 'nc', 'ps', 'unzip', 'getent', 'vi']),
};

/** Shell words that are no programs (builtins, keywords). */
export const SHELL_BUILTINS = new Set(['exec', 'set', 'cd', 'export', 'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'in', 'source', '.', 'eval', 'exit', 'return', 'local', 'read', 'trap', 'wait', 'shift', 'unset', 'umask', 'ulimit', 'command', 'type', 'hash', 'alias', ':', '!', 'function', 'break', 'continue', 'declare', 'readonly', 'let', 'getopts', '[[', ']]', 'select', 'time']);

/** Install commands: `apt-get install -y x y`, `apk add --no-cache x`, `dnf install -y x`. */
export function installedPackages(argv: readonly string[]): { manager: PackageManager; packages: string[]; virtual?: string; source?: string } | undefined {
  const program = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
  const sub = argv.slice(1).find((word) => !word.startsWith('-'));
  const manager: PackageManager | undefined =
    (program === 'apt-get' || program === 'apt') && sub === 'install' ? 'apt'
      : program === 'apk' && sub === 'add' ? 'apk'
        : (program === 'dnf' || program === 'yum' || program === 'microdnf') && sub === 'install' ? (program as PackageManager)
          : undefined;
  if (!manager) return undefined;
  const packages: string[] = [];
  let virtual: string | undefined;
  let source: string | undefined;
  let seenSub = false;
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i];
    if (!seenSub && word === sub) {
      seenSub = true;
      continue;
    }
    if (word === '--virtual' || (manager === 'apk' && word === '-t')) {
      virtual = argv[++i];
      continue;
    }
    if (word.startsWith('--virtual=')) {
      virtual = word.slice('--virtual='.length);
      continue;
    }
    // A package source: `--repository URL`, `-X URL` (apk), `-t bookworm-backports` (apt), `--enablerepo=x`.
    if (word === '--repository' || word === '-X' || (manager === 'apt' && (word === '-t' || word === '--target-release')) || word === '--enablerepo') {
      source = `${word} ${argv[++i] ?? ''}`;
      continue;
    }
    if (/^(--repository|--enablerepo|--target-release)=/.test(word)) {
      source = word;
      continue;
    }
    // Options with a value: `-o Dpkg::Options=...`, `--setopt x`.
    if (word === '-o' || word === '--setopt') {
      i++;
      continue;
    }
    if (word.startsWith('-') || word.includes('$') || word.startsWith('/') || word.endsWith('.deb') || word.endsWith('.rpm')) continue;
    packages.push(word);
  }
  return { manager, packages, virtual, source };
}

/** The command that installs `packages` on a fresh base of that manager, cleaning its cache. */
export function installLine(manager: PackageManager, packages: readonly string[], source?: string): string {
  const list = source ? `${source} ${packages.join(' ')}` : packages.join(' ');
  switch (manager) {
    case 'apt':
      return `RUN apt-get update && apt-get install -y --no-install-recommends ${list} && rm -rf /var/lib/apt/lists/*`;
    case 'apk':
      return `RUN apk add --no-cache ${list}`;
    case 'microdnf':
      return `RUN microdnf install -y ${list} && microdnf clean all`;
    default:
      return `RUN ${manager} install -y ${list} && ${manager} clean all`;
  }
}
