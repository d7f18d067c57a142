/**
 * What a Node stage installs globally (`npm i -g pnpm`, `yarn global add pm2`, `pnpm add -g`,
 * `corepack enable`), and the programs each install puts on PATH: the split copies them to the
 * runtime only when something there runs one of those programs.
 */
import type { Instruction } from '../model/scanner';
import { simpleCommands } from '../model/shellCommands';

/** The programs (bins) of well-known npm packages whose names differ from the package's. */
export const PACKAGE_BINS: Readonly<Record<string, readonly string[]>> = {
  npm: ['npm', 'npx'],
  pnpm: ['pnpm', 'pnpx'],
  yarn: ['yarn', 'yarnpkg'],
  corepack: ['corepack'],
  pm2: ['pm2', 'pm2-runtime', 'pm2-dev', 'pm2-docker'],
  typescript: ['tsc', 'tsserver'],
  'ts-node': ['ts-node', 'ts-node-esm', 'ts-script'],
  'http-server': ['http-server', 'hs'],
  '@nestjs/cli': ['nest'],
  '@angular/cli': ['ng'],
  '@vue/cli': ['vue'],
  'prisma': ['prisma'],
  'sequelize-cli': ['sequelize', 'sequelize-cli'],
  'knex': ['knex'],
  'forever': ['forever'],
  'serve': ['serve'],
  'nodemon': ['nodemon'],
};

/** Package managers `corepack enable` makes shims for, when it names none. */
const COREPACK_DEFAULT_SHIMS = ['pnpm', 'pnpx', 'yarn', 'yarnpkg'];

export interface GlobalInstall {
  tool: 'npm' | 'yarn' | 'pnpm' | 'corepack';
  /** The packages as written, version removed (`pnpm@8.15.9` → `pnpm`). */
  packages: string[];
  /** The programs the install puts on PATH (for a package not in PACKAGE_BINS, its unscoped name). */
  bins: string[];
  instructionIndex: number;
}

function programName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** `pnpm@8.15.9` → `pnpm`, `@nestjs/cli@10` → `@nestjs/cli`. */
export function packageOfSpec(spec: string): string {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at > 0 ? spec.slice(0, at) : spec;
}

/** The programs a package provides: known ones, else a bin named as the package (its unscoped name). */
export function binsOf(pkg: string): readonly string[] {
  return PACKAGE_BINS[pkg] ?? [pkg.slice(pkg.lastIndexOf('/') + 1)];
}

/** Global installs of the stage before `before` (inclusive), in order. */
export function globalInstalls(instructions: readonly Instruction[], before: number): GlobalInstall[] {
  const found: GlobalInstall[] = [];
  instructions.forEach((instruction, index) => {
    if (index > before || instruction.keyword !== 'RUN') return;
    for (const command of simpleCommands(instruction)) {
      const argv = command.argv;
      const tool = programName(argv[0] ?? '');
      const words = argv.slice(1).filter((word) => !word.startsWith('-'));
      const global = argv.includes('-g') || argv.includes('--global') || argv.includes('--location=global');
      let specs: string[] | undefined;
      if (tool === 'npm' && global && ['install', 'i', 'add', 'isntall', 'in'].includes(words[0] ?? '')) specs = words.slice(1);
      else if (tool === 'yarn' && words[0] === 'global' && words[1] === 'add') specs = words.slice(2);
      else if (tool === 'pnpm' && global && ['add', 'install', 'i'].includes(words[0] ?? '')) specs = words.slice(1);
      if (specs && specs.length > 0) {
        const packages = specs.map(packageOfSpec);
        found.push({ tool: tool as GlobalInstall['tool'], packages, bins: packages.flatMap((pkg) => binsOf(pkg)), instructionIndex: index });
        continue;
      }
      if (tool === 'corepack' && words[0] === 'enable') {
        const names = words.slice(1);
        const bins = names.length > 0 ? names.flatMap((name) => (name === 'npm' ? ['npm', 'npx'] : name === 'pnpm' ? ['pnpm', 'pnpx'] : name === 'yarn' ? ['yarn', 'yarnpkg'] : [name])) : COREPACK_DEFAULT_SHIMS;
        found.push({ tool: 'corepack', packages: names.length > 0 ? names : ['pnpm', 'yarn'], bins, instructionIndex: index });
      }
    }
  });
  return found;
}
