/**
 * Whether an image the actions write exists. The split and the base switch name runtime images
 * by a family's published tag scheme (python:3.11-bookworm → python:3.11-slim-bookworm); when
 * registry look-ups are allowed the registry is asked, and an image it says does not exist is
 * never written. When it cannot be asked, the edit says so.
 */

export type TagVerdict =
  /** The registry answered with a manifest for it. */
  | { state: 'found'; registry: string }
  /** The registry said it does not exist (404). */
  | { state: 'missing'; reason: string }
  /** Not known: look-ups are off, the registry did not answer, or (`pending`) the look-up is not done yet. */
  | { state: 'unchecked'; reason: string; pending?: true };

/** The verdicts known so far, never waiting. */
export type TagChecks = (image: string) => TagVerdict;

export const NO_TAG_CHECKS: TagChecks = () => ({ state: 'unchecked', reason: 'registry look-ups are off' });

/** The name to look up; none for scratch (no image) or a name that still holds a build argument. */
export function lookupName(image: string): string | undefined {
  return image.includes('$') || image.trim().toLowerCase() === 'scratch' ? undefined : image;
}

/** One sentence for the edit's preview: what is known of the tag and how. */
export function tagNote(image: string, verdict: TagVerdict, inCatalog: boolean): string {
  if (verdict.state === 'found') return `${image} was checked: ${verdict.registry} has it.`;
  if (verdict.state === 'missing') return `${image} does not exist: ${verdict.reason}.`;
  const known = inCatalog ? 'It is a published tag in the size catalog' : 'It follows the image\'s published tag scheme';
  return `${image} was not checked against its registry — ${verdict.reason}. ${known}.`;
}
