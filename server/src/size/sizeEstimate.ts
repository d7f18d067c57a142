/** The estimate of a whole Dockerfile: what the engine returns and the report renders. */
import type { SizeFigure } from './sizeFigure';

/** Where a number comes from. */
/** `command`: sizes stated in the Dockerfile itself (dd count, head -c, heredocs); `measured`: an image measured elsewhere. */
export type PartSource = 'catalog' | 'registry' | 'build-context' | 'heuristic' | 'stage' | 'scratch' | 'command' | 'measured';

export type PartKind = 'base' | 'copy' | 'add' | 'run';

export interface PartEstimate {
  /** 0-based line of the instruction. */
  line: number;
  kind: PartKind;
  bytes: SizeFigure;
  source: PartSource;
  /** One sentence: what was counted and how. */
  detail: string;
}

export type StageRole = 'final' | 'shipped' | 'built' | 'not-built';

export interface StageEstimate {
  index: number;
  name?: string;
  /** The base as written (ARGs expanded), or the parent stage's name. */
  base: string;
  /** Its layers end up in the final image (the target and the stages it is built FROM). */
  shipped: boolean;
  role: StageRole;
  /** The whole stage image: base plus parts. */
  bytes: SizeFigure;
  parts: PartEstimate[];
  /** Platform used for the base, e.g. `linux/amd64`. */
  platform: string;
  /** 0-based line of the FROM. */
  line: number;
}

export interface Alternative {
  /** e.g. `gcr.io/distroless/static-debian12`. */
  base: string;
  /** The final image on that base. */
  bytes: SizeFigure;
  why: string;
}

export interface SizeEstimate {
  file: string;
  platform: string;
  /** Name (or index) of the target stage. */
  target: string;
  targetIndex: number;
  stages: StageEstimate[];
  final: SizeFigure;
  /** The largest stage the final one copies from but does not ship, for "95 % smaller". */
  builder?: { index: number; name: string; bytes: SizeFigure };
  alternatives: Alternative[];
  /** Notes for the user: registry failures, truncated context walks, unknown images. */
  notes: string[];
  /** Registry look-ups the estimate would like (image + platform), not yet answered. */
  pendingLookups: { image: string; platform: string }[];
}
