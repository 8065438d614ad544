/** Tool names are `[A-Za-z0-9_.-]{1,64}`; anything else becomes `_`, runs collapse. */
export function toolName(raw: string): string {
  const cleaned = raw
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[_.-]+|[_.-]+$/g, '');
  return (cleaned || 'tool').slice(0, 64);
}

/** Secret names are `^[A-Z][A-Z0-9_]{0,63}$`. */
export function secretName(raw: string): string {
  let name = raw
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[A-Z]/.test(name)) name = `KEY_${name}`;
  return name.slice(0, 64);
}

/** Input property names usable in `{{input.x}}` placeholders (no dots, brackets or spaces). */
export function propertyName(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return cleaned || 'value';
}

/** Makes names unique by appending `_2`, `_3`, … within 64 characters. */
export class NameRegistry {
  private readonly used = new Set<string>();
  take(name: string): string {
    let candidate = name;
    for (let i = 2; this.used.has(candidate); i++) candidate = `${name.slice(0, 60)}_${i}`;
    this.used.add(candidate);
    return candidate;
  }
}
