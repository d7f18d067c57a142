/** The catalog and the apt table shipped with the extension (bundled JSON), loaded once. */
import catalogFile from '../../data/size-catalog.json';
import aptFile from '../../data/apt-packages.json';
import npmFile from '../../data/npm-package-sizes.json';
import type { SizeCatalogFile } from './catalogTypes';
import { SizeCatalog } from './sizeCatalog';

let catalog: SizeCatalog | undefined;

export function shippedCatalog(): SizeCatalog {
  catalog ??= new SizeCatalog((catalogFile as SizeCatalogFile).entries);
  return catalog;
}

export interface AptPackageRow {
  kib: number;
  base?: true;
  depends?: string[];
  recommends?: string[];
}

export interface AptTable {
  source: string;
  aliases: Record<string, string>;
  packages: Record<string, AptPackageRow>;
}

export const APT_TABLE = aptFile as unknown as AptTable;

/** node_modules bytes of the packages far above the average (scripts/npm-package-sizes.ts). */
export interface NpmPackageTable {
  source: string;
  heavyAtLeast: number;
  otherPackages: { count: number; averageBytes: number };
  packages: Record<string, { bytes: number; version: string; lock: string }>;
}

export const NPM_TABLE = npmFile as NpmPackageTable;
