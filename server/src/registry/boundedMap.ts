/** Caches with a cap: a Map used least-recently-used first, so memory stays bounded whatever the documents name. */

/** Sets `key` as the most recent entry and drops the oldest past `cap`. */
export function remember<K, V>(map: Map<K, V>, key: K, value: V, cap: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > cap) map.delete(map.keys().next().value as K);
}

/** Reads `key` and marks it as recently used. */
export function recall<K, V>(map: Map<K, V>, key: K): V | undefined {
  const value = map.get(key);
  if (value !== undefined) {
    map.delete(key);
    map.set(key, value);
  }
  return value;
}
