/**
 * The settings one Dockerfile is judged with: the platforms the user builds (the setting or the
 * CLI's `--platform`, default linux/amd64 and linux/arm64) plus those the workspace's bake and
 * compose builds of this Dockerfile name, and a `BUILDKIT_DOCKERFILE_CHECK` build arg they set;
 * the build context when the workspace's builds of it (bake, compose, command lines) agree on one
 * folder inside the workspace other than the Dockerfile's own.
 */
import * as path from 'node:path';
import { DEFAULT_PLATFORMS } from '../model/stageModel';
import { buildContextFor, buildOptionsFor, type DockerfileBuildContext, type WorkspaceBuild } from '../workspace/scanTargets';
import type { ServiceSettings } from './stagecraftService';

export function settingsForDockerfile(settings: ServiceSettings, builds: readonly WorkspaceBuild[], file: string | undefined): ServiceSettings {
  const platforms = [...(settings.platforms && settings.platforms.length > 0 ? settings.platforms : DEFAULT_PLATFORMS)];
  if (!file || builds.length === 0) return { ...settings, platforms };
  const fromBuilds = buildOptionsFor(builds, file);
  for (const platform of fromBuilds.platforms) if (!platforms.includes(platform)) platforms.push(platform);
  const context = buildContextFor(builds, file);
  const buildContext = context && path.resolve(context.folder) !== path.dirname(path.resolve(file)) ? { folder: context.folder, description: describeBuildContext(context) } : undefined;
  return { ...settings, platforms, dockerfileCheck: fromBuilds.dockerfileCheck ?? settings.dockerfileCheck, ...(buildContext ? { buildContext } : {}) };
}

/** "build context: the repository root, as Makefile:20 builds it" (at most three declarations named). */
export function describeBuildContext(context: DockerfileBuildContext): string {
  const folder = context.inWorkspace === '' ? 'the repository root' : `${context.inWorkspace}/`;
  const { sources } = context;
  const named = sources.length > 3 ? [...sources.slice(0, 2), `${sources.length - 2} more`] : sources;
  const said = named.length === 1 ? `${named[0]} builds it` : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]} build it`;
  return `build context: ${folder}, as ${said}`;
}
