/**
 * The registry look-ups of the editor, never awaited by a diagnostics request: the platforms of
 * base images (InvalidBaseImagePlatform) and whether the images a code action would write exist.
 * Answers come through the cached, time-limited registry service, only when look-ups are
 * allowed; diagnostics are computed with the answers known so far and published again when a
 * new answer arrives, as the size lens refreshes. Code actions may wait briefly for an answer.
 */
import { recall, remember } from '../registry/boundedMap';
import { oncePerBurst } from './burst';
import type { ImagePlatformService } from '../registry/types';
import type { BaseImagePlatforms } from '../knowledge/imagePlatforms';
import { lookupName, type TagVerdict } from '../knowledge/imageTags';

/** Answers kept (per image). */
const MAX_ANSWERS = 500;
/** How long a failed look-up waits before it is tried again (the registry service remembers failures as long). */
const RETRY_AFTER_MS = 60_000;
/** Answers arriving within this time are published with one revalidation. */
const REVALIDATE_DELAY_MS = 50;

export interface ImageLookupDeps {
  registry: () => ImagePlatformService | undefined;
  lookupsAllowed: () => boolean;
  /** Why look-ups are not allowed (untrusted workspace, setting off), for the edits that say so. */
  offReason?: () => string;
  /** Called (once per burst) when new answers may change the diagnostics. */
  changed: () => void;
  log: (message: string) => void;
}

interface Found {
  platforms: BaseImagePlatforms;
  registry: string;
}

export class ImageLookups {
  private readonly found = new Map<string, Found>();
  /** Images the registry said do not exist, with its words (asked again after a while: a tag may be pushed). */
  private readonly missing = new Map<string, { at: number; reason: string }>();
  private readonly failed = new Map<string, { at: number; reason: string }>();
  private readonly inFlight = new Map<string, Promise<void>>();
  /** One publication for a burst of answers. */
  private readonly scheduleChanged: () => void;

  constructor(private readonly deps: ImageLookupDeps) {
    this.scheduleChanged = oncePerBurst(() => this.deps.changed(), REVALIDATE_DELAY_MS);
  }

  /** The platforms of an image, once a look-up gave them (and only while look-ups are allowed). */
  readonly answer = (image: string): BaseImagePlatforms | undefined => (this.deps.lookupsAllowed() ? recall(this.found, image)?.platforms : undefined);

  /** What is known of an image's existence, without waiting; `pending` when a look-up could still tell. */
  readonly tagVerdict = (image: string): TagVerdict => {
    if (!this.deps.lookupsAllowed()) return { state: 'unchecked', reason: this.deps.offReason?.() ?? 'registry look-ups are off' };
    const name = lookupName(image);
    if (!name) return { state: 'unchecked', reason: 'not an image name a registry can be asked about' };
    const found = recall(this.found, name);
    if (found) return { state: 'found', registry: found.registry };
    const missing = recall(this.missing, name);
    if (missing && !expired(missing.at)) return { state: 'missing', reason: missing.reason };
    const failed = this.failed.get(name);
    if (failed && !expired(failed.at)) return { state: 'unchecked', reason: failed.reason };
    return { state: 'unchecked', reason: 'the registry has not answered yet', pending: true };
  };

  /** Starts the look-ups not known or running yet; resolves when these have answered (for tests, the CLI and code actions). */
  request(images: readonly string[]): Promise<void> {
    const registry = this.deps.lookupsAllowed() ? this.deps.registry() : undefined;
    if (!registry) return Promise.resolve();
    const waits: Promise<void>[] = [];
    for (const image of images) {
      const running = this.inFlight.get(image);
      if (running) {
        waits.push(running);
        continue;
      }
      const missing = this.missing.get(image);
      const failed = this.failed.get(image);
      if (this.found.has(image) || (missing && !expired(missing.at)) || (failed && !expired(failed.at))) continue;
      const lookup = registry.platformsOf(image).then(
        (result) => {
          this.failed.delete(image);
          this.missing.delete(image);
          if (result.ok) {
            remember(this.found, image, { platforms: { kind: result.image.kind, platforms: result.image.platforms }, registry: result.image.registry }, MAX_ANSWERS);
            this.scheduleChanged();
          } else if (result.notFound) {
            remember(this.missing, image, { at: Date.now(), reason: result.reason }, MAX_ANSWERS);
          } else {
            remember(this.failed, image, { at: Date.now(), reason: result.reason }, MAX_ANSWERS);
            this.deps.log(`look-up of ${image}: ${result.reason}`);
          }
        },
        (error: unknown) => void remember(this.failed, image, { at: Date.now(), reason: String(error) }, MAX_ANSWERS),
      ).finally(() => this.inFlight.delete(image));
      this.inFlight.set(image, lookup);
      waits.push(lookup);
    }
    return Promise.all(waits).then(() => undefined);
  }
}

function expired(at: number): boolean {
  return Date.now() - at >= RETRY_AFTER_MS;
}
