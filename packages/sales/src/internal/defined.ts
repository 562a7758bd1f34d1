/** The entries of `patch` whose value is not `undefined`: what a partial update changes. */
export function defined<T extends object>(patch: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]-?: Exclude<T[K], undefined>;
  };
}
