/** The catalog and the apt table shipped with the extension (bundled JSON), loaded once. */
import catalogFile from '../../data/size-catalog.json';
import aptFile from '../../data/apt-packages.json';
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
