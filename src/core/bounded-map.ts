/**
 * A Map that empties itself when it is full: the bounded cache the engine keeps of a pure
 * function's results (a route, a credential, a query's check, a pointer's parts). A miss only
 * costs the computation again, so no eviction order is worth keeping.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.limit && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}
