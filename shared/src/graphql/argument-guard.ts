// Control characters in the arguments of a read. PostgreSQL text cannot hold NUL, and no id, cursor or
// code contains one: such an argument is a probe or a mistake, never data. It gets a validation error
// that names the argument (not an internal error and an error-level log line), before anything runs.
// Writes are not checked here: their validation (shared/src/validation.ts `requireText` and friends)
// already names each input field.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ArgumentNode, GraphQLError, Kind, ValueNode, visit } from 'graphql';

// NUL to US, and DEL, except tab and the line breaks that free text may carry.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const refused = (name: string) => new GraphQLError(`Invalid ${name}: must not contain control characters`, {
  extensions: { code: 'BAD_USER_INPUT', field: name, http: { status: 400 } },
});

/** The path (e.g. `representations[0].id`) of the first string under `value` with a control character. */
function firstControlled(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return CONTROL.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstControlled(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = firstControlled(inner, `${path}.${key}`) ?? (CONTROL.test(key) ? path : undefined);
      if (found) return found;
    }
  }
  return undefined;
}

function firstControlledLiteral(node: ValueNode, path: string, variables: Record<string, unknown>): string | undefined {
  switch (node.kind) {
    case Kind.STRING: return CONTROL.test(node.value) ? path : undefined;
    case Kind.VARIABLE: return firstControlled(variables[node.name.value], path);
    case Kind.LIST:
      for (let i = 0; i < node.values.length; i++) {
        const found = firstControlledLiteral(node.values[i], `${path}[${i}]`, variables);
        if (found) return found;
      }
      return undefined;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const found = firstControlledLiteral(field.value, `${path}.${field.name.value}`, variables);
        if (found) return found;
      }
      return undefined;
    default: return undefined;
  }
}

/**
 * Refuses a query (not a mutation) any of whose arguments, literal or given as a variable, holds a
 * control character: `BAD_USER_INPUT` with `extensions.field` naming the argument, HTTP 400.
 */
export function readArgumentGuard<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation?.operation !== 'query') return;
          const variables = (request.variables ?? {}) as Record<string, unknown>;
          let found: string | undefined;
          // Fragments too: an argument may sit in a fragment the operation spreads.
          visit(document, {
            Argument(node: ArgumentNode) {
              found ??= firstControlledLiteral(node.value, node.name.value, variables);
              return found ? false : undefined;
            },
          });
          if (found) throw refused(found);
        },
      };
    },
  };
}
