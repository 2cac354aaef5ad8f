// A reader for the subset of the Prisma schema language that our subgraphs use, and the PostgreSQL DDL
// that `prisma migrate diff --from-empty` would produce for it. It exists because the Prisma CLI
// cannot run its schema engine without downloading a binary (shared STACK.md). Two uses:
//   - `npm run migration:draft -- <subgraph>` prints a first migration for a new schema;
//   - the migration test checks that the committed migrations build exactly the columns, types and
//     nullability that schema.prisma declares, so a schema change without its migration fails.

export interface PrismaField {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  id: boolean;
  unique: boolean;
  isDate: boolean;
  default?: string;
  relation?: { fields: string[]; references: string[]; onDelete?: string };
}

export interface PrismaModel {
  name: string;
  fields: PrismaField[];
  indexes: { columns: string[]; gin: boolean }[];
  uniques: string[][];
}

export interface PrismaSchema {
  models: PrismaModel[];
  enums: { name: string; values: string[] }[];
}

const SCALARS: Record<string, string> = {
  String: 'TEXT', Int: 'INTEGER', BigInt: 'BIGINT', Float: 'DOUBLE PRECISION', Boolean: 'BOOLEAN', DateTime: 'TIMESTAMP(3)', Json: 'JSONB',
};

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

export function parsePrismaSchema(source: string): PrismaSchema {
  const schema: PrismaSchema = { models: [], enums: [] };
  const blocks = source.replace(/\/\/.*$/gm, '').matchAll(/(model|enum)\s+(\w+)\s*\{([^}]*)\}/g);
  for (const [, kind, name, body] of blocks) {
    const lines = body.split('\n').map((l) => l.trim()).filter(Boolean);
    if (kind === 'enum') {
      schema.enums.push({ name, values: lines.map((l) => l.split(/\s+/)[0]) });
      continue;
    }
    const model: PrismaModel = { name, fields: [], indexes: [], uniques: [] };
    for (const line of lines) {
      const block = /^@@(index|unique)\(\[([^\]]*)\]/.exec(line);
      if (block?.[1] === 'index') { model.indexes.push({ columns: list(block[2]), gin: /type:\s*Gin/.test(line) }); continue; }
      if (block) { model.uniques.push(list(block[2])); continue; }
      if (line.startsWith('@@')) continue;
      const [fieldName, rawType, ...rest] = line.split(/\s+/);
      const attrs = rest.join(' ');
      const relation = /@relation\(([^)]*)\)/.exec(attrs);
      const fields = relation && /fields:\s*\[([^\]]*)\]/.exec(relation[1]);
      const references = relation && /references:\s*\[([^\]]*)\]/.exec(relation[1]);
      const defaultValue = /@default\(((?:[^()]|\(\))*)\)/.exec(attrs);
      model.fields.push({
        name: fieldName,
        type: rawType.replace(/[?[\]]/g, ''),
        optional: rawType.endsWith('?'),
        list: rawType.endsWith('[]'),
        id: /@id\b/.test(attrs),
        unique: /@unique\b/.test(attrs),
        isDate: /@db\.Date\b/.test(attrs),
        default: defaultValue?.[1],
        relation: fields && references
          ? { fields: list(fields[1]), references: list(references[1]), onDelete: /onDelete:\s*(\w+)/.exec(relation[1])?.[1] }
          : undefined,
      });
    }
    schema.models.push(model);
  }
  return schema;
}

/** The SQL column type of a scalar or enum field; undefined for a relation field. */
export function columnType(field: PrismaField, enums: Set<string>): string | undefined {
  const base = field.isDate ? 'DATE' : SCALARS[field.type] ?? (enums.has(field.type) ? `"${field.type}"` : undefined);
  if (!base) return undefined;
  return field.list ? `${base}[]` : base;
}

function defaultClause(field: PrismaField, enums: Set<string>): string {
  const value = field.default;
  if (value === undefined || value === 'uuid()' || value === 'cuid()') return '';
  if (value === 'now()') return ' DEFAULT CURRENT_TIMESTAMP';
  if (enums.has(field.type)) return ` DEFAULT '${value}'`;
  if (value.startsWith('"')) return ` DEFAULT '${value.slice(1, -1).replace(/'/g, "''")}'`;
  return ` DEFAULT ${value}`;
}

const ON_DELETE: Record<string, string> = { Cascade: 'CASCADE', Restrict: 'RESTRICT', SetNull: 'SET NULL', NoAction: 'NO ACTION' };

export function createSql(schema: PrismaSchema): string {
  const enums = new Set(schema.enums.map((e) => e.name));
  const out: string[] = [];
  for (const e of schema.enums) {
    out.push(`-- CreateEnum\nCREATE TYPE "${e.name}" AS ENUM (${e.values.map((v) => `'${v}'`).join(', ')});\n`);
  }
  for (const model of schema.models) {
    const columns = model.fields.flatMap((field) => {
      const type = columnType(field, enums);
      if (!type) return [];
      const notNull = field.optional || field.list ? '' : ' NOT NULL';
      return [`    "${field.name}" ${type}${notNull}${defaultClause(field, enums)}`];
    });
    const id = model.fields.find((f) => f.id);
    columns.push(`\n    CONSTRAINT "${model.name}_pkey" PRIMARY KEY ("${id?.name ?? 'id'}")`);
    out.push(`-- CreateTable\nCREATE TABLE "${model.name}" (\n${columns.join(',\n')}\n);\n`);
  }
  for (const model of schema.models) {
    for (const field of model.fields.filter((f) => f.unique)) model.uniques.push([field.name]);
    for (const { columns, gin } of model.indexes) {
      out.push(`-- CreateIndex\nCREATE INDEX "${model.name}_${columns.join('_')}_idx" ON "${model.name}"${gin ? ' USING GIN ' : ''}(${columns.map((c) => `"${c}"`).join(', ')});\n`);
    }
    for (const idx of model.uniques) {
      out.push(`-- CreateIndex\nCREATE UNIQUE INDEX "${model.name}_${idx.join('_')}_key" ON "${model.name}"(${idx.map((c) => `"${c}"`).join(', ')});\n`);
    }
  }
  for (const model of schema.models) {
    for (const field of model.fields.filter((f) => f.relation)) {
      const { fields, references, onDelete } = field.relation!;
      out.push(`-- AddForeignKey\nALTER TABLE "${model.name}" ADD CONSTRAINT "${model.name}_${fields.join('_')}_fkey" FOREIGN KEY (${fields.map((c) => `"${c}"`).join(', ')}) REFERENCES "${field.type}"(${references.map((c) => `"${c}"`).join(', ')}) ON DELETE ${ON_DELETE[onDelete ?? 'Restrict']} ON UPDATE CASCADE;\n`);
    }
  }
  return out.join('\n');
}
