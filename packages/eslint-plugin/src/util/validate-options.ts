/** The subset of JSON schema that rule options use. */
export interface OptionSchema {
  type?: 'object' | 'array' | 'string' | 'boolean' | 'number' | 'integer';
  description?: string;
  enum?: readonly unknown[];
  minLength?: number;
  uniqueItems?: boolean;
  items?: OptionSchema;
  required?: readonly string[];
  properties?: Readonly<Record<string, OptionSchema>>;
  additionalProperties?: boolean;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/**
 * Checks a value against the subset of JSON schema the rules use (type, enum, minLength, uniqueItems,
 * required, properties, additionalProperties, items) and returns the first problem, naming the option
 * by its path: `option "contexts[0]" must be one of ...`. ESLint's own schema messages name only the value.
 */
export function findOptionError(value: unknown, schema: OptionSchema, path: string): string | undefined {
  const name = `option "${path}"`;
  const type = schema.type;
  if (typeof type === 'string' && typeOf(value) !== type && !(type === 'integer' && Number.isInteger(value))) {
    return `${name} must be ${type === 'array' || type === 'object' ? 'an' : 'a'} ${type}; it is ${show(value)}.`;
  }
  if (schema.enum && !schema.enum.includes(value as never)) {
    return `${name} must be one of ${schema.enum.map((v) => show(v)).join(', ')}; it is ${show(value)}.`;
  }
  if (typeof value === 'string' && typeof schema.minLength === 'number' && value.length < schema.minLength) {
    return `${name} must not be empty.`;
  }
  if (Array.isArray(value)) {
    if (schema.uniqueItems) {
      const seen = new Set<string>();
      for (const item of value) {
        const key = JSON.stringify(item);
        if (seen.has(key)) return `${name} lists ${show(item)} twice.`;
        seen.add(key);
      }
    }
    const items = schema.items;
    if (items) {
      for (let i = 0; i < value.length; i += 1) {
        const error = findOptionError(value[i], items, `${path}[${i}]`);
        if (error) return error;
      }
    }
  }
  if (typeOf(value) === 'object' && (schema.properties || schema.required || schema.additionalProperties === false)) {
    const object = value as Record<string, unknown>;
    const properties = schema.properties ?? {};
    for (const key of schema.required ?? []) {
      if (!(key in object)) return `${name} needs "${key}".`;
    }
    for (const [key, item] of Object.entries(object)) {
      const child = path ? `${path}.${key}` : key;
      const sub = properties[key];
      if (!sub) {
        if (schema.additionalProperties === false) {
          return `option "${child}" is unknown; the options are ${Object.keys(properties).map((k) => `"${k}"`).join(', ')}.`;
        }
        continue;
      }
      const error = findOptionError(item, sub, child);
      if (error) return error;
    }
  }
  return undefined;
}
