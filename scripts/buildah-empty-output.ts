/**
 * Tries to reproduce the "buildah run returned success with empty output" flake: many
 * `buildah run --isolation chroot` of commands that print, in parallel, on the machine's load,
 * their stdout taken from buildah itself (its relay, which test/support/buildah.ts `run` no longer
 * relies on: see docs/split.md). Prints how many runs succeeded with no output.
 *
 *   node --import tsx scripts/buildah-empty-output.ts [runs] [parallel]
 */
import { toolchainBuildah } from '../test/support/toolchains';

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? '200');
  const parallel = Number(process.argv[3] ?? '4');
  const buildah = await toolchainBuildah(['debian-slim'], { overlay: true });
  if ('unavailable' in buildah) throw new Error(buildah.unavailable);
  try {
    const containers: string[] = [];
    for (let i = 0; i < parallel; i++) containers.push((await buildah.exec(['from', '--pull=never', 'debian:bookworm-slim'])).trim());
    const commands = [['echo', 'hello'], ['sh', '-c', 'command -v ls'], ['sh', '-c', 'printf "%s\\n" one two three']];
    let empty = 0;
    let failed = 0;
    let done = 0;
    const started = Date.now();
    const worker = async (slot: number) => {
      while (done < runs) {
        const index = done++;
        const cmd = commands[index % commands.length];
        try {
          const out = await buildah.exec(['run', '--isolation', 'chroot', containers[slot], '--', ...cmd]);
          if (out === '') {
            empty++;
            console.log(`EMPTY run ${index} slot ${slot}: ${cmd.join(' ')}`);
          }
        } catch (error) {
          failed++;
          console.log(`FAILED run ${index}: ${(error as Error).message.slice(-300)}`);
        }
      }
    };
    await Promise.all(containers.map((_, slot) => worker(slot)));
    console.log(`${runs} runs, ${parallel} in parallel, ${((Date.now() - started) / 1000).toFixed(0)} s: ${empty} empty, ${failed} failed`);
  } finally {
    await buildah.dispose();
  }
}

void main();
