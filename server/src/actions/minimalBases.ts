/**
 * Minimal runtime bases: what each one lacks (a shell, a libc), what it weighs, and which
 * stacks it suits. Judged on the image name only. Sizes are approximate compressed sizes
 * (shared/data/image-sizes.tsv: distroless and alpine rows, amd64).
 */
import type { Stage, StageModel } from '../model/stageModel';
import { parseBaseImage, type BaseImage, type Libc } from './split/baseImage';
import type { Stack } from './split/toolCommands';

export interface MinimalBase {
  image: string;
  /** Has /bin/sh. */
  shell: boolean;
  /** `none`: no libc at all, static binaries only. */
  libc: Libc;
  /** Approximate compressed size, for titles. */
  size: string;
  /** The image's default user is non-root (the `:nonroot` variants). */
  nonroot?: boolean;
}

/** True for scratch and distroless/chainguard images without a shell (their `:debug` / `-dev` tags have one). */
export function isShellLess(image: BaseImage): boolean {
  if (image.repository === 'scratch') return true;
  if (image.repository.includes('distroless')) return !image.tag.includes('debug');
  if (/^cgr\.dev\/chainguard\/(static|glibc-dynamic)$/.test(image.repository)) return !image.tag.includes('dev');
  return false;
}

/** The stage at the root of a `FROM <stage>` chain: the one whose base is an image. */
export function rootStage(model: StageModel, stage: Stage): Stage {
  let current = stage;
  const seen = new Set<number>();
  while (current.parentStage !== undefined && !seen.has(current.index)) {
    seen.add(current.index);
    current = model.stages[current.parentStage];
  }
  return current;
}

/** The image a stage really runs on, following `FROM <stage>` chains. */
export function realBaseImage(model: StageModel, stage: Stage): BaseImage {
  const root = rootStage(model, stage);
  return parseBaseImage(root.expandedBase || root.base);
}

const SCRATCH: MinimalBase = { image: 'scratch', shell: false, libc: 'none', size: '0 B' };
const STATIC: MinimalBase = { image: 'gcr.io/distroless/static-debian12', shell: false, libc: 'none', size: '≈2 MB' };
const STATIC_NONROOT: MinimalBase = { image: 'gcr.io/distroless/static-debian12:nonroot', shell: false, libc: 'none', size: '≈2 MB', nonroot: true };
const CC: MinimalBase = { image: 'gcr.io/distroless/cc-debian12', shell: false, libc: 'glibc', size: '≈9 MB' };
const BASE: MinimalBase = { image: 'gcr.io/distroless/base-debian12', shell: false, libc: 'glibc', size: '≈20 MB' };
const ALPINE: MinimalBase = { image: 'alpine:3.20', shell: true, libc: 'musl', size: '≈3.6 MB' };

/** Candidate runtime bases per stack, smallest first. Stacks with an interpreter are left to "Split into builder stage". */
export const MINIMAL_BASES: Partial<Record<Stack, readonly MinimalBase[]>> = {
  go: [SCRATCH, STATIC, STATIC_NONROOT, ALPINE],
  rust: [SCRATCH, STATIC, STATIC_NONROOT, CC, ALPINE],
  c: [SCRATCH, STATIC, STATIC_NONROOT, CC, BASE, ALPINE],
};
