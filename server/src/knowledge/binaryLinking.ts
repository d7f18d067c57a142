/**
 * Whether a stage builds a static binary (runs on scratch or distroless static) or one linked
 * against its builder's libc. The one model of "a static binary": the runtime diagnostics judge
 * a copied binary with it, the size engine offers distroless static only for what it calls static.
 */
import type { Stage, StageModel } from '../model/stageModel';
import { libcOf } from './baseImage';
import { realBaseImage } from './minimalBases';
import { detectStack, type StackInfo } from './stackDetection';

/** True when the build links against the builder's libc (it is no static binary). */
export function linksDynamically(model: StageModel, builder: Stage, info: StackInfo): boolean {
  const libc = libcOf(realBaseImage(model, builder));
  const buildText = info.buildCommands.map((command) => command.command.argv.join(' ')).join('\n');
  const stageText = model.scanned.text.slice(builder.span.start, builder.span.end);
  if (info.stack === 'go') {
    // `-extldflags '-static'` set in a variable, `xx-verify --static`: the author made sure.
    if (info.goCgo === 'disabled' || /-static\b|\bnetgo\b/.test(buildText) || /xx-verify\s+--static|-extldflags\W+-static/.test(stageText)) return false;
    // Without a C compiler Go turns cgo off by itself: golang:alpine builds static binaries unless gcc is added.
    return info.goCgo === 'enabled' || libc === 'glibc' || info.installsCompiler;
  }
  if (info.stack === 'rust') {
    // A musl target chosen indirectly (`--target $(cat rust_target.txt)` next to a `*-musl`
    // literal), cargo zigbuild, or crt-static: no glibc to link against.
    if (info.rustTarget?.includes('musl') || /crt-static|-musl\b|\bzigbuild\b/.test(stageText)) return false;
    return libc !== 'musl';
  }
  return info.stack === 'c' && info.buildCommands.length > 0 && !/-static\b/.test(buildText);
}

/** True when the stage builds a Go, Rust or C binary that needs no libc. */
export function buildsStaticBinary(model: StageModel, stage: Stage, info: StackInfo = detectStack(model, stage.index)): boolean {
  if (info.stack !== 'go' && info.stack !== 'rust' && info.stack !== 'c') return false;
  return info.buildCommands.length > 0 && !linksDynamically(model, stage, info);
}
