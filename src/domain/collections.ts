/** Appends to the list a map keeps under `key` (in place: spreading a copy each time is quadratic on big entry sets). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
