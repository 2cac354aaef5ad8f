// Reads the `@category(is: "...")` marks of a subgraph's SDL: the one place where each field's legal
// data category is stated. The marks become (1) the classification map that the access rules use and
// (2) a line in each field's description, so that the playground shows the category next to the field.
// A field without a mark, or with an unknown category, stops the subgraph from starting.
import { readFileSync } from 'node:fs';
import {
  DocumentNode, FieldDefinitionNode, Kind, ObjectTypeDefinitionNode, ObjectTypeExtensionNode,
  StringValueNode, parse, visit,
} from 'graphql';
import { CATEGORIES, CategoryName, isCategoryName } from './categories';

/** `Type.field` → category. */
export type Classification = ReadonlyMap<string, CategoryName>;

export interface ClassifiedSchema {
  typeDefs: DocumentNode;
  classification: Classification;
}

export class ClassificationError extends Error {}

function categoryOf(field: FieldDefinitionNode, typeName: string): CategoryName {
  const mark = field.directives?.find((d) => d.name.value === 'category');
  const arg = mark?.arguments?.find((a) => a.name.value === 'is');
  if (!arg) throw new ClassificationError(`${typeName}.${field.name.value} has no @category: every field must name its legal data category`);
  if (arg.value.kind !== Kind.STRING || !isCategoryName(arg.value.value)) {
    throw new ClassificationError(`${typeName}.${field.name.value} names an unknown category`);
  }
  return arg.value.value;
}

function describe(field: FieldDefinitionNode, category: CategoryName): StringValueNode {
  const definition = CATEGORIES[category];
  const lines = [field.description?.value, `Category: ${category}. ${definition.title} (${definition.basis}).`];
  if ('restriction' in definition && definition.restriction) lines.push(`Restricted: ${definition.restriction}, only for role certificates that entitle to it.`);
  return { kind: Kind.STRING, value: lines.filter(Boolean).join('\n\n'), block: true };
}

export function classifySdl(sdl: string): ClassifiedSchema {
  const classification = new Map<string, CategoryName>();
  const classifyType = (node: ObjectTypeDefinitionNode | ObjectTypeExtensionNode) => ({
    ...node,
    fields: node.fields?.map((field) => {
      const category = categoryOf(field, node.name.value);
      classification.set(`${node.name.value}.${field.name.value}`, category);
      return {
        ...field,
        description: describe(field, category),
        directives: field.directives?.filter((d) => d.name.value !== 'category'),
      };
    }),
  });
  const typeDefs = visit(parse(sdl), {
    ObjectTypeDefinition: classifyType,
    ObjectTypeExtension: classifyType,
    DirectiveDefinition: (node) => (node.name.value === 'category' ? null : undefined),
  });
  return { typeDefs, classification };
}

export function classifySdlFile(path: string): ClassifiedSchema {
  return classifySdl(readFileSync(path, 'utf8'));
}
