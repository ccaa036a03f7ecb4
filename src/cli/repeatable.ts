/** Commander's collector for a repeatable option (`--header A --header B`): each value appended. */
export function repeatable(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
