/**
 * Real toolchain images for tests: the images of scripts/toolchain-images.sh (built offline from
 * Debian bookworm packages, cached outside the clone in a read-only buildah image store) seen by a
 * private buildah instance. They carry the official names, so a Dockerfile's `FROM golang:1.19-bookworm`
 * builds with `--pull=never`; each is a STAND-IN (`toolchainImages()` says for what).
 *
 *   const buildah = await toolchainBuildah(['golang', 'distroless-static']);
 *   if ('unavailable' in buildah) return skipUnavailable(t, buildah.unavailable);
 *   try {
 *     await buildah.build({ dockerfileText, contextDir, tag: 'localhost/app:1' }); // bud --isolation chroot --pull=never
 *     await buildah.runImage('localhost/app:1');                                   // run --isolation chroot
 *     await buildah.imageSize('localhost/app:1');                                  // exact bytes (buildah inspect)
 *   } finally { await buildah.dispose(); }
 *
 * In CI, .ci/run builds the images before `npm test`, and a missing image is built here (never
 * skipped). Elsewhere a missing image skips the test with the command that builds it, unless
 * STAGECRAFT_BUILD_TOOLCHAINS=1 asks to build it on the spot (minutes per image).
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { createBuildah, type Buildah } from './buildah';

export const TOOLCHAIN_SCRIPT = path.resolve(__dirname, '../../scripts/toolchain-images.sh');
export const TOOLCHAIN_INSTALL_HINT =
  'install with: apt-get install -y --no-install-recommends buildah mmdebstrap jq busybox-static, then build the images: bash scripts/toolchain-images.sh (about 15 min once)';
const BUILD_TIMEOUT_MS = 60 * 60_000;

/** The recipes of scripts/toolchain-images.sh. */
export type ToolchainRecipe =
  | 'debian'
  | 'debian-slim'
  | 'golang'
  | 'rust'
  | 'gcc'
  | 'node'
  | 'node-slim'
  | 'python'
  | 'python-slim'
  | 'jdk'
  | 'jre'
  | 'distroless-static'
  | 'distroless-cc'
  | 'nginx';

export interface ToolchainImage {
  recipe: ToolchainRecipe;
  /** Short names as a Dockerfile writes them (`golang:1.19-bookworm`, `gcr.io/distroless/static-debian12:nonroot`). */
  tags: string[];
  /** What the image is and what it stands in for. */
  standsIn: string;
  cached: boolean;
}

function script(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [TOOLCHAIN_SCRIPT, ...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`scripts/toolchain-images.sh ${args.join(' ')} failed: ${stderr.slice(-3000)}${error.message}`));
      else resolve(stdout);
    });
  });
}

/** Every recipe with its tags, what it stands in for and whether it is built (from the script's --list). */
export async function toolchainImages(): Promise<ToolchainImage[]> {
  const listed = await script(['--list'], 120_000);
  return listed
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => {
      const [state, recipe, tags, standsIn] = line.split('\t');
      return { recipe: recipe as ToolchainRecipe, tags: tags.split(' '), standsIn, cached: state === 'cached' };
    });
}

/** The read-only image store holding the toolchain images. */
export async function toolchainStore(): Promise<string> {
  return (await script(['--store'], 10_000)).trim();
}

/**
 * Makes sure the recipes' images exist (building them in CI or with STAGECRAFT_BUILD_TOOLCHAINS=1);
 * returns the image store, or why the images are unavailable (with the command that fixes it).
 */
export async function ensureToolchainImages(recipes: ToolchainRecipe[]): Promise<{ store: string; images: ToolchainImage[] } | { unavailable: string }> {
  let images: ToolchainImage[];
  try {
    images = await toolchainImages();
  } catch (error) {
    return { unavailable: `${(error as Error).message.split('\n')[0]}; ${TOOLCHAIN_INSTALL_HINT}` };
  }
  const wanted = images.filter((image) => recipes.includes(image.recipe));
  const missing = wanted.filter((image) => !image.cached).map((image) => image.recipe);
  if (missing.length > 0) {
    const build = process.env.CI === 'true' || process.env.STAGECRAFT_BUILD_TOOLCHAINS === '1';
    if (!build) return { unavailable: `toolchain images not built: ${missing.join(', ')}; build them with: bash scripts/toolchain-images.sh ${missing.join(' ')}` };
    try {
      await script(missing, BUILD_TIMEOUT_MS);
    } catch (error) {
      return { unavailable: `${(error as Error).message}; ${TOOLCHAIN_INSTALL_HINT}` };
    }
    images = await toolchainImages();
  }
  return { store: await toolchainStore(), images: images.filter((image) => recipes.includes(image.recipe)) };
}

/**
 * A private buildah instance that also sees the toolchain images (read-only). With `overlay`, on the
 * overlay driver and an overlay copy of the images (`toolchain-images.sh --overlay`) when this
 * machine can mount overlay (root): containers and layers are mounted instead of copied, several
 * times faster for suites that build and run many images. Falls back to vfs, and says so;
 * STAGECRAFT_STORAGE_DRIVER=vfs forces vfs.
 */
export async function toolchainBuildah(recipes: ToolchainRecipe[], options: { overlay?: boolean } = {}): Promise<Buildah | { unavailable: string }> {
  const ensured = await ensureToolchainImages(recipes);
  if ('unavailable' in ensured) return ensured;
  if (options.overlay && process.env.STAGECRAFT_STORAGE_DRIVER !== 'vfs') {
    try {
      const printed = (await script(['--overlay', ...recipes], BUILD_TIMEOUT_MS)).trim().split('\n');
      return await createBuildah({ imageStores: [printed[printed.length - 1]], driver: 'overlay' });
    } catch (error) {
      console.log(`# overlay storage unavailable, using vfs: ${(error as Error).message.split('\n').slice(-2).join(' ')}`);
    }
  }
  return createBuildah({ imageStores: [ensured.store] });
}
