/**
 * Minimal runtime bases: what each one lacks (a shell, a libc) and which stacks it suits.
 * Judged on the image name only. What they weigh is the size catalog's answer, looked up by
 * the code actions that show it.
 */
import type { Stage, StageModel } from '../model/stageModel';
import { parseBaseImage, type BaseImage, type Libc } from './baseImage';
import type { Stack } from './toolCommands';

export interface MinimalBase {
  image: string;
  /** Has /bin/sh. */
  shell: boolean;
  /** `none`: no libc at all, static binaries only. */
  libc: Libc;
  /** Approximate compressed size from the size catalog, for titles (filled in by the actions); none when the catalog does not know the image. */
  size?: string;
  /** The image's default user is non-root (`:nonroot`, chiseled): the USER line the switch writes. */
  nonrootUser?: string;
  /** Without ICU: .NET runs in invariant globalization mode there. */
  noIcu?: boolean;
}

/** True for scratch and distroless/chainguard images without a shell (their `:debug` / `-dev` tags have one). */
export function isShellLess(image: BaseImage): boolean {
  if (image.repository === 'scratch') return true;
  if (image.repository.includes('distroless')) return !image.tag.includes('debug');
  if (/^cgr\.dev\/chainguard\/(static|glibc-dynamic)$/.test(image.repository)) return !image.tag.includes('dev');
  return false;
}

const rootsByModel = new WeakMap<StageModel, number[]>();

/** The stage at the root of a `FROM <stage>` chain: the one whose base is an image (all roots found once per model: a walk per call was quadratic on deep chains). */
export function rootStage(model: StageModel, stage: Stage): Stage {
  let roots = rootsByModel.get(model);
  if (!roots) {
    roots = [];
    for (const each of model.stages) {
      const parent = each.parentStage;
      if (parent !== undefined && parent < each.index) roots.push(roots[parent]);
      else {
        // A parent that is not earlier (never in a valid model): follow it, guarding against cycles.
        let current = each;
        const seen = new Set<number>();
        while (current.parentStage !== undefined && !seen.has(current.index)) {
          seen.add(current.index);
          current = model.stages[current.parentStage];
        }
        roots.push(current.index);
      }
    }
    rootsByModel.set(model, roots);
  }
  return model.stages[roots[stage.index] ?? stage.index];
}

/** The image a stage really runs on, following `FROM <stage>` chains. */
export function realBaseImage(model: StageModel, stage: Stage): BaseImage {
  const root = rootStage(model, stage);
  return parseBaseImage(root.expandedBase || root.base);
}

const SCRATCH: MinimalBase = { image: 'scratch', shell: false, libc: 'none' };
const STATIC: MinimalBase = { image: 'gcr.io/distroless/static-debian12', shell: false, libc: 'none' };
const STATIC_NONROOT: MinimalBase = { image: 'gcr.io/distroless/static-debian12:nonroot', shell: false, libc: 'none', nonrootUser: 'nonroot:nonroot' };
const CC: MinimalBase = { image: 'gcr.io/distroless/cc-debian12', shell: false, libc: 'glibc' };
const BASE: MinimalBase = { image: 'gcr.io/distroless/base-debian12', shell: false, libc: 'glibc' };
const ALPINE: MinimalBase = { image: 'alpine:3.20', shell: true, libc: 'musl' };

/** Candidate runtime bases per compiled stack, smallest first. */
export const MINIMAL_BASES: Partial<Record<Stack, readonly MinimalBase[]>> = {
  go: [SCRATCH, STATIC, STATIC_NONROOT, ALPINE],
  rust: [SCRATCH, STATIC, STATIC_NONROOT, CC, ALPINE],
  c: [SCRATCH, STATIC, STATIC_NONROOT, CC, BASE, ALPINE],
};

/** A runtime base for a stack with a runtime: its tag carries the app's language version. */
export interface RuntimeBaseTemplate extends Omit<MinimalBase, 'image' | 'size'> {
  /** The image with `{version}` where the language version goes. */
  template: string;
  /** How many dot-separated parts of the version the tag takes (node: 1 for `20`; .NET: 2 for `8.0`); all when absent. */
  versionParts?: number;
  /** The lowest major version the tag exists for. */
  sinceMajor?: number;
  /** .NET: the shared framework the image carries (aspnet includes runtime). */
  framework?: 'aspnet' | 'runtime';
}

const DOTNET = 'mcr.microsoft.com/dotnet';

/**
 * Candidate runtime bases per stack with a runtime, smallest first; all keep `node` / `python` /
 * `java` / `dotnet` on PATH. distroless nodejs, python and java are left out: their entrypoint is
 * the runtime itself, so CMD/ENTRYPOINT would need rewriting, not just exec form.
 */
export const RUNTIME_BASES: Partial<Record<Stack, readonly RuntimeBaseTemplate[]>> = {
  node: [
    { template: 'node:{version}-alpine', versionParts: 1, shell: true, libc: 'musl' },
    { template: 'node:{version}-slim', versionParts: 1, shell: true, libc: 'glibc' },
  ],
  python: [
    { template: 'python:{version}-alpine', shell: true, libc: 'musl' },
    { template: 'python:{version}-slim', shell: true, libc: 'glibc' },
  ],
  java: [
    { template: 'eclipse-temurin:{version}-jre-alpine', versionParts: 1, shell: true, libc: 'musl' },
    { template: 'eclipse-temurin:{version}-jre', versionParts: 1, shell: true, libc: 'glibc' },
  ],
  dotnet: [
    { template: `${DOTNET}/aspnet:{version}-alpine`, versionParts: 2, framework: 'aspnet', shell: true, libc: 'musl', noIcu: true },
    { template: `${DOTNET}/aspnet:{version}-noble-chiseled`, versionParts: 2, sinceMajor: 8, framework: 'aspnet', shell: false, libc: 'glibc', nonrootUser: 'app', noIcu: true },
    { template: `${DOTNET}/aspnet:{version}`, versionParts: 2, framework: 'aspnet', shell: true, libc: 'glibc' },
    { template: `${DOTNET}/runtime:{version}-alpine`, versionParts: 2, framework: 'runtime', shell: true, libc: 'musl', noIcu: true },
    { template: `${DOTNET}/runtime:{version}-noble-chiseled`, versionParts: 2, sinceMajor: 8, framework: 'runtime', shell: false, libc: 'glibc', nonrootUser: 'app', noIcu: true },
    { template: `${DOTNET}/runtime:{version}`, versionParts: 2, framework: 'runtime', shell: true, libc: 'glibc' },
  ],
};
