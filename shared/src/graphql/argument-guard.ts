// Control characters in the arguments of a read. PostgreSQL text cannot hold NUL, and no id, cursor or
// code contains one: such an argument is a probe or a mistake, never data. It gets a validation error
// that names the argument (not an internal error and an error-level log line), before anything runs.
// Writes are not checked here: their validation (shared/src/validation.ts `requireText` and friends)
// already names each input field.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ArgumentNode, GraphQLError, Kind, ValueNode, visit } from 'graphql';

// NUL to US, DEL and the C1 controls, except tab and the line breaks that free text may carry.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

// No argument of a read nests deeper than a few levels (an entity representation is two). A variable nested a
// million levels deep (2 MB of brackets fit the subgraphs' request size) overflowed this walk's stack: an
// internal error where the caller should hear what is wrong.
const MAX_ARGUMENT_DEPTH = 32;

/** What is wrong with an argument: where, and why. */
interface Finding { path: string; problem: string }

const CONTROLLED = 'must not contain control characters';
const TOO_DEEP = `must not nest more than ${MAX_ARGUMENT_DEPTH} levels deep`;

const refused = ({ path, problem }: Finding) => new GraphQLError(`Invalid ${path}: ${problem}`, {
  extensions: { code: 'BAD_USER_INPUT', field: path, http: { status: 400 } },
});

/** The first string under `value` with a control character (path e.g. `representations[0].id`), or nesting too deep. */
function firstControlled(value: unknown, path: string, depth = 0): Finding | undefined {
  if (typeof value === 'string') return CONTROL.test(value) ? { path, problem: CONTROLLED } : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_ARGUMENT_DEPTH) return { path, problem: TOO_DEEP };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstControlled(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
  } else {
    for (const [key, inner] of Object.entries(value)) {
      const found = firstControlled(inner, `${path}.${key}`, depth + 1) ?? (CONTROL.test(key) ? { path, problem: CONTROLLED } : undefined);
      if (found) return found;
    }
  }
  return undefined;
}

function firstControlledLiteral(node: ValueNode, path: string, variables: Record<string, unknown>): Finding | undefined {
  switch (node.kind) {
    case Kind.STRING: return CONTROL.test(node.value) ? { path, problem: CONTROLLED } : undefined;
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
          let found: Finding | undefined;
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
