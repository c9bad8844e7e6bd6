// Moving a rule up or down: the new order numbered 1, 2, 3… and only the rules whose position changes,
// so rules that share a position (made through the API) end in a clear order too.
export function reorder<T extends { id: string; position: number }>(rules: readonly T[], index: number, delta: -1 | 1): Array<{ id: string; position: number }> {
  const target = index + delta;
  if (target < 0 || target >= rules.length) return [];
  const order = [...rules];
  [order[index], order[target]] = [order[target], order[index]];
  return order.map((rule, i) => ({ id: rule.id, position: i + 1 })).filter((change, i) => order[i].position !== change.position);
}
