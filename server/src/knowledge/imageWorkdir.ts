/**
 * The working directory a stage starts in: the WORKDIR its base image sets (golang: /go, gradle:
 * /home/gradle). A stage with no WORKDIR of its own copies, builds and runs there, not in `/`.
 */
import type { Instruction } from '../model/scanner';
import { runCommandsWithDir, workdirBefore } from '../model/workdir';
import { parseBaseImage } from './baseImage';

/** The WORKDIR of official images (their Dockerfiles on Docker Hub); images not named here set none. */
export const IMAGE_WORKDIR: Readonly<Record<string, string>> = {
  golang: '/go',
  gradle: '/home/gradle',
  php: '/var/www/html',
  composer: '/app',
  tomcat: '/usr/local/tomcat',
  httpd: '/usr/local/apache2',
};

/** The WORKDIR an image reference sets, '/' when it sets none or is not known. */
export function workdirOfImage(reference: string): string {
  if (reference.includes('$')) return '/';
  const image = parseBaseImage(reference);
  // Official images only: `someone/golang` is another image.
  return image.repository === image.shortName ? IMAGE_WORKDIR[image.shortName] ?? '/' : '/';
}

/** The WORKDIR the stage's base image sets, from its FROM. */
export function imageWorkdir(instructions: readonly Instruction[]): string {
  const from = instructions[0];
  if (!from || from.keyword !== 'FROM') return '/';
  const reference = from.words.map((word) => word.value).find((value) => !value.startsWith('--'));
  return reference ? workdirOfImage(reference) : '/';
}

/** The absolute working directory before instruction `index`, starting from the base image's. */
export function stageWorkdirBefore(instructions: readonly Instruction[], index: number): string {
  return workdirBefore(instructions, index, imageWorkdir(instructions));
}

/** The simple commands of RUN `index` with the directory each runs in, starting from the base image's WORKDIR. */
export function stageRunCommandsWithDir(instructions: readonly Instruction[], index: number): ReturnType<typeof runCommandsWithDir> {
  return runCommandsWithDir(instructions, index, imageWorkdir(instructions));
}
