/**
 * Which stage each instruction of the original goes to: the builder (everything the build
 * needs), the runtime (what the app needs to run), or both (a deliberate repeat: USER, ENV the
 * app reads, user creation). Every instruction goes somewhere: none is dropped.
 */
import type { Instruction } from '../../model/scanner';
import { simpleCommands } from '../../model/shellCommands';
import type { StackInfo } from '../../knowledge/stackDetection';
import { createsUser } from '../../knowledge/toolCommands';

export type Destination = 'builder' | 'runtime' | 'both';

const RUNTIME_ONLY = new Set(['EXPOSE', 'VOLUME', 'LABEL', 'HEALTHCHECK', 'ENTRYPOINT', 'CMD', 'STOPSIGNAL', 'MAINTAINER', 'ONBUILD']);
/** Instructions of a dev file server that nginx replaces in a static site's runtime. */
const DEV_SERVER = new Set(['ENTRYPOINT', 'CMD', 'EXPOSE']);
/** Variables only the toolchain reads: they stay in the builder. */
const TOOLCHAIN_VARIABLE = /^(GO[A-Z0-9_]*|CGO_[A-Z_]+|CARGO_[A-Z_]+|RUST[A-Z_]*|npm_config_[A-Za-z_]+|NPM_[A-Z_]+|YARN_[A-Z_]+|PNPM_[A-Z_]+|PIP_[A-Z_]+|POETRY_[A-Z_]+|UV_[A-Z_]+|MAVEN_[A-Z_]+|MAVEN_OPTS|GRADLE_[A-Z_]+|DOTNET_CLI_[A-Z_]+|DOTNET_NOLOGO|NUGET_[A-Z_]+|DEBIAN_FRONTEND|CC|CXX|CFLAGS|LDFLAGS|MAKEFLAGS)$/;

/** The names an ENV instruction sets (`ENV A=1 B=2` or the legacy `ENV A 1`). */
export function envNames(instruction: Instruction): string[] {
  const words = instruction.words;
  if (words.length > 0 && !words[0].value.includes('=')) return [words[0].value];
  return words.map((word) => word.value.split('=')[0]);
}

function isToolchainEnv(instruction: Instruction): boolean {
  const names = envNames(instruction);
  return names.length > 0 && names.every((name) => TOOLCHAIN_VARIABLE.test(name));
}

export function routeInstructions(instructions: readonly Instruction[], info: StackInfo, lastBuild: number): Destination[] {
  const lastUser = instructions.reduce((last, instruction, index) => (instruction.keyword === 'USER' ? index : last), -1);
  const builderUsesUsers = instructions.some((instruction, index) => index < lastBuild && (instruction.keyword === 'USER' || /--chown[= ]/.test(instruction.line.text)));
  return instructions.map((instruction, index): Destination => {
    const before = index < lastBuild;
    const keyword = instruction.keyword;
    if (index === 0) return 'builder';
    // nginx serves the files: only the image metadata follows them, the rest stays with the build.
    if (info.stack === 'static') return RUNTIME_ONLY.has(keyword) && !DEV_SERVER.has(keyword) && keyword !== 'HEALTHCHECK' ? 'runtime' : 'builder';
    if (RUNTIME_ONLY.has(keyword)) return 'runtime';
    if (index === lastBuild) return 'builder';
    if (keyword === 'RUN' && simpleCommands(instruction).some(createsUser)) return builderUsesUsers ? 'both' : 'runtime';
    if (!before) return 'runtime';
    if (keyword === 'ENV') return isToolchainEnv(instruction) ? 'builder' : 'both';
    // The last USER before the build stays the runtime's user too, unless the runtime sets its own.
    if (keyword === 'USER') return index === lastUser ? 'both' : 'builder';
    return 'builder';
  });
}
