/** Walks a folder (bounded) for files that name build targets, and indexes the mentions. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { findTargetMentions, isTargetMentionFile, mergeTargetMentions, type TargetMention } from './targetMentions';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'vendor', 'target', 'dist', 'build', 'out', '.venv', '__pycache__']);
const MAX_FILES_VISITED = 5000;
const MAX_DEPTH = 5;
const MAX_FILE_BYTES = 512 * 1024;

export async function scanTargetMentions(root: string): Promise<Map<string, TargetMention[]>> {
  const mentions = new Map<string, TargetMention[]>();
  let visited = 0;
  const walk = async (directory: string, depth: number): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (visited++ > MAX_FILES_VISITED) return;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        const keep = !SKIPPED_DIRECTORIES.has(entry.name) && (!entry.name.startsWith('.') || ['.github', '.gitlab', '.circleci', '.buildkite'].includes(entry.name));
        if (keep && depth < MAX_DEPTH) await walk(full, depth + 1);
        continue;
      }
      const relative = path.relative(root, full);
      if (!entry.isFile() || !isTargetMentionFile(relative)) continue;
      try {
        const stat = await fs.stat(full);
        if (stat.size > MAX_FILE_BYTES) continue;
        mergeTargetMentions(mentions, findTargetMentions(relative.split(path.sep).join('/'), await fs.readFile(full, 'utf8')));
      } catch {
        // unreadable file: no mentions from it
      }
    }
  };
  await walk(root, 0);
  return mentions;
}
