/**
 * The settings one Dockerfile is judged with: the platforms the user builds (the setting or the
 * CLI's `--platform`, default linux/amd64 and linux/arm64) plus those the workspace's bake and
 * compose builds of this Dockerfile name, and a `BUILDKIT_DOCKERFILE_CHECK` build arg they set.
 */
import { DEFAULT_PLATFORMS } from '../model/stageModel';
import { buildOptionsFor, type WorkspaceBuild } from '../workspace/scanTargets';
import type { ServiceSettings } from './stagecraftService';

export function settingsForDockerfile(settings: ServiceSettings, builds: readonly WorkspaceBuild[], file: string | undefined): ServiceSettings {
  const platforms = [...(settings.platforms && settings.platforms.length > 0 ? settings.platforms : DEFAULT_PLATFORMS)];
  if (!file || builds.length === 0) return { ...settings, platforms };
  const fromBuilds = buildOptionsFor(builds, file);
  for (const platform of fromBuilds.platforms) if (!platforms.includes(platform)) platforms.push(platform);
  return { ...settings, platforms, dockerfileCheck: fromBuilds.dockerfileCheck ?? settings.dockerfileCheck };
}
