/**
 * Writes docs/hall-config.schema.json, the JSON Schema of a hall configuration, generated
 * from `hallConfigSchema` (shared/src/domain/hall-config.ts). Run `npm run schema` after
 * changing that file; a test fails while the committed schema differs from a fresh one.
 *
 * The schema describes the input form: fields with a default may be left out.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { hallConfigSchema } from '../shared/src/domain/hall-config';

/** Where the schema is committed, relative to the repository root. */
export const HALL_SCHEMA_PATH = 'docs/hall-config.schema.json';

export const HALL_SCHEMA_ID = 'urn:hallq:hall-config';

/** The JSON Schema of a hall configuration, as an object. */
export function hallConfigJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(hallConfigSchema, { io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  // Key order is fixed here so the file is stable: $schema, $id, title, description, then
  // the schema in the order zod generates it (the order of hall-config.ts).
  return {
    $schema,
    $id: HALL_SCHEMA_ID,
    title: 'hallq hall configuration',
    description:
      'One government service hall (政务服务大厅): areas, services, windows, opening hours and ' +
      'queue rules. Documented in docs/hall-config.md. Generated from ' +
      'shared/src/domain/hall-config.ts by `npm run schema`: do not edit by hand. Cross-checks ' +
      'a schema cannot express (unique ids and prefixes, references, hours in order) are made ' +
      'when the server loads the file.',
    ...rest,
  };
}

/** printWidth of .prettierrc.json: the output is what `prettier --write` would leave. */
const PRINT_WIDTH = 100;

/** East Asian wide characters, which Prettier counts as two columns. */
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

/** Columns a string takes on a line, as Prettier counts them. */
function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

const isPrimitive = (value: unknown): boolean => value === null || typeof value !== 'object';

/**
 * 2-space JSON laid out as Prettier lays out a .json file: objects one key per line, an
 * array of plain values on one line when it fits the print width, else one item per line.
 * `column` is where the value starts, `after` what follows it on its line ("," or "").
 */
function printJson(value: unknown, indent: string, column: number, after: string): string {
  if (isPrimitive(value)) return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isPrimitive)) {
      const flat = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
      if (column + textWidth(flat) + after.length <= PRINT_WIDTH) return flat;
    }
    const items = value.map((item, i) => {
      const comma = i < value.length - 1 ? ',' : '';
      return `${inner}${printJson(item, inner, inner.length, comma)}${comma}`;
    });
    return `[\n${items.join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, item]) => item !== undefined,
  );
  if (entries.length === 0) return '{}';
  const lines = entries.map(([key, item], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    const head = `${inner}${JSON.stringify(key)}: `;
    return `${head}${printJson(item, inner, textWidth(head), comma)}${comma}`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/**
 * The text of docs/hall-config.schema.json: 2-space JSON and a final newline, already in
 * the form Prettier gives it, so `npm run format` never makes the committed file stale.
 */
export function hallConfigSchemaText(): string {
  return `${printJson(hallConfigJsonSchema(), '', 0, '')}\n`;
}

function main(): void {
  const target = resolve(__dirname, '..', HALL_SCHEMA_PATH);
  writeFileSync(target, hallConfigSchemaText(), 'utf8');
  console.log(`wrote ${HALL_SCHEMA_PATH}`);
}

if (require.main === module) main();
