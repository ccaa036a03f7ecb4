/**
 * Whether a JSON value nests no deeper than `limit` arrays and objects. Iterative, so it is safe on
 * any input: whatever walks a value from the wire recursively (JSON.stringify among them) checks this
 * first, since a 10 KB body of 5 000 nested arrays overflows the stack of a recursive walk.
 *
 * @example
 * nestingWithin({ a: [1, { b: 2 }] }, 3); // true
 * nestingWithin(JSON.parse('[[[[1]]]]'), 3); // false
 */
export function nestingWithin(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return false;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return true;
}
