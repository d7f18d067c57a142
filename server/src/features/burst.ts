/**
 * One call for a burst of triggers: the first trigger arms a timer, later ones within `delayMs`
 * join it, and `run` is called once when it fires. Used where several registry answers arriving
 * together should cause one refresh of what the client shows.
 */
export function oncePerBurst(run: () => void, delayMs: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      run();
    }, delayMs);
  };
}
