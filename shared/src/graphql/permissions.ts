// graphql-shield over a subgraph, derived from its field classification: each category gets one named
// rule that asks the law (../law/rules.ts); no field is readable that the classification does not name
// (fallbackRule: deny). Denials answer FORBIDDEN, revealing nothing.
import { GraphQLResolveInfo } from 'graphql';
import { IRules, allow, deny, rule, shield } from 'graphql-shield';
import type { Classification } from '../law/classification';
import { CategoryName } from '../law/categories';
import { forbidden } from './errors';
import type { RequestLaw } from './request-law';

/** Whose data is this field about? Customer entities carry `id`; every other row carries `customerId`. */
export function customerIdOf(parent: unknown, args: Record<string, unknown>, info: GraphQLResolveInfo): string | undefined {
  if (info.parentType.name === 'Customer') return (parent as { id?: string }).id;
  if (parent && typeof parent === 'object' && 'customerId' in parent) return (parent as { customerId: string }).customerId;
  const input = args.input as { customerId?: string } | undefined;
  return (args.customerId as string | undefined) ?? input?.customerId;
}

function lawfulAccessTo(category: CategoryName) {
  return rule(`lawful access to ${category}`, { cache: 'no_cache' })(
    async (parent, args, ctx: { law: RequestLaw }, info: GraphQLResolveInfo) => {
      const customerId = customerIdOf(parent, args, info);
      const operation = info.parentType.name === 'Mutation' ? 'write' : 'read';
      const decision = await ctx.law.decide(category, customerId, operation);
      if (!decision.allowed) return forbidden();
      if (customerId) ctx.law.recordUse(customerId, category, `${info.parentType.name}.${info.fieldName}`, operation, decision.consentId);
      return true;
    },
  );
}

export function permissionsFor(classification: Classification) {
  const rules: Record<string, Record<string, ReturnType<typeof lawfulAccessTo>>> = {};
  const byCategory = new Map<CategoryName, ReturnType<typeof lawfulAccessTo>>();
  for (const [typeField, category] of classification) {
    const [type, field] = typeField.split('.');
    if (!byCategory.has(category)) byCategory.set(category, lawfulAccessTo(category));
    (rules[type] ??= {})[field] = byCategory.get(category)!;
  }
  const tree: IRules = {
    ...rules,
    // Federation's own entry points: the SDL for composition, and entity resolution, whose fields are
    // then guarded by the entity types' own rules (so `_entities` is no way around them).
    Query: { ...rules.Query, _service: allow, _entities: allow },
    _Service: { sdl: allow },
  };
  return shield(tree, { fallbackRule: deny, fallbackError: forbidden, allowExternalErrors: true, debug: false });
}
