/**
 * The registry look-ups behind InvalidBaseImagePlatform: never awaited by a request. Diagnostics
 * are computed with the answers known so far; the images still wanted are looked up in the
 * background (through the cached, time-limited registry service, only when look-ups are allowed),
 * and when a new answer arrives the diagnostics are published again, as the size lens refreshes.
 */
import { recall, remember } from '../registry/boundedMap';
import { oncePerBurst } from './burst';
import type { ImagePlatformService } from '../registry/types';
import type { BaseImagePlatforms } from '../knowledge/imagePlatforms';

/** Answers kept (per image). */
const MAX_ANSWERS = 500;
/** How long a failed look-up waits before it is tried again (the registry service remembers failures as long). */
const RETRY_AFTER_MS = 60_000;
/** Answers arriving within this time are published with one revalidation. */
const REVALIDATE_DELAY_MS = 50;

export interface BasePlatformLookupDeps {
  registry: () => ImagePlatformService | undefined;
  lookupsAllowed: () => boolean;
  /** Called (once per burst) when new answers may change the diagnostics. */
  changed: () => void;
  log: (message: string) => void;
}

export class BasePlatformLookups {
  private readonly answers = new Map<string, BaseImagePlatforms>();
  private readonly failedAt = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();
  /** One publication for a burst of answers. */
  private readonly scheduleChanged: () => void;

  constructor(private readonly deps: BasePlatformLookupDeps) {
    this.scheduleChanged = oncePerBurst(() => this.deps.changed(), REVALIDATE_DELAY_MS);
  }

  /** The answer for an image, once a look-up gave one (and only while look-ups are allowed). */
  readonly answer = (image: string): BaseImagePlatforms | undefined => (this.deps.lookupsAllowed() ? recall(this.answers, image) : undefined);

  /** Starts the look-ups not known or running yet; resolves when these have answered (for tests and the CLI). */
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
      if (this.answers.has(image) || Date.now() - (this.failedAt.get(image) ?? -Infinity) < RETRY_AFTER_MS) continue;
      const lookup = registry.platformsOf(image).then(
        (result) => {
          if (result.ok) {
            remember(this.answers, image, { kind: result.image.kind, platforms: result.image.platforms }, MAX_ANSWERS);
            this.failedAt.delete(image);
            this.scheduleChanged();
          } else {
            remember(this.failedAt, image, Date.now(), MAX_ANSWERS);
            this.deps.log(`platforms of ${image}: ${result.reason}`);
          }
        },
        () => void remember(this.failedAt, image, Date.now(), MAX_ANSWERS),
      ).finally(() => this.inFlight.delete(image));
      this.inFlight.set(image, lookup);
      waits.push(lookup);
    }
    return Promise.all(waits).then(() => undefined);
  }
}
