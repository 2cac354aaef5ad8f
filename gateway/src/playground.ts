// The playground: GraphiQL with its assets bundled from npm (@graphql-yoga/render-graphiql), so it
// works in a closed network, where the CDN-loaded Apollo Sandbox shows nothing. In development a bar
// above it switches between the token presets; the page then carries a fresh token for that preset.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { renderGraphiQL as RenderGraphiQL } from '@graphql-yoga/render-graphiql';
import { PRESET_NAMES, UnknownPresetError, presetClaims } from '@cg/shared/src/auth/presets';
import { AuthConfig, AuthenticationError, TokenClaims, actorFromClaims, isDevelopmentMode, signDevToken } from '@cg/shared/src/auth/tokens';

const DEFAULT_PRESET = 'employment-expert';

/**
 * The playground's Content-Security-Policy: scripts only with this response's nonce (the page has one inline
 * script, render-graphiql's bundle) or from the blob: URLs it makes for its editor's workers; styles inline
 * (GraphiQL and its editor add them at run time); images and fonts from data: URLs; requests to this origin only.
 */
export const playgroundCsp = (nonce: string) =>
  `default-src 'none'; script-src 'nonce-${nonce}' blob:; worker-src blob:; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const EXAMPLE_QUERY = `# One query, four registers. Switch the preset above to see what each caller may see.
query Caseload {
  caseload(first: 3) {
    totalCount
    edges {
      node {
        id
        firstNames
        lastName
        homeMunicipality
        employmentPlan { goal nextReviewOn }
        services { name state provider }
        socialSituation { housing }
        employment { jobSeeker { employmentStatus jobSearchStartedOn } }
        wellbeing { workAbilityAssessments { assessedOn result } }
        kela { benefits { kind status dailyAmount } }
      }
    }
  }
}
`;

// GraphiQL's bundle is a 9 MB script held as a string: loaded on the first request for the playground,
// not at start, it costs about 75 MB of the gateway's memory only once someone opens the playground.
let renderGraphiQL: typeof RenderGraphiQL | undefined;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The bar above GraphiQL: the preset's name selected (for `customer:<id>` or `employer:<organisation id>` the
 * preset's kind, with the whole identity beside it: found by an outsider, the bar showed the first preset
 * instead), and why another was used when `?as=` named none that can act.
 */
function presetBar(current: string, nonce: string, refused?: string) {
  const kind = current.split(':')[0];
  const options = PRESET_NAMES.map((p) => `<option value="${p}"${p === kind ? ' selected' : ''}>${escapeHtml(p)}</option>`).join('');
  return `<div style="font:14px system-ui;padding:6px 12px;background:#10253f;color:#fff;display:flex;gap:12px;align-items:center">
<strong>Customer graph</strong><label>Acting as <select id="cg-preset">${options}</select></label>
<script nonce="${nonce}">document.getElementById('cg-preset').addEventListener('change', (e) => { location.search = '?as=' + encodeURIComponent(e.target.value); });</script>
${current !== kind ? `<code>${escapeHtml(current)}</code>` : ''}${refused ? `<span style="color:#ffb4a8">${escapeHtml(refused)}</span>` : ''}
<span style="opacity:.75">development tokens; each field's description names its legal data category</span></div>
<style>#root{height:calc(100vh - 36px)}</style>`;
}

/**
 * Serves the playground; `devAuth` is set only when development tokens are in use, and even then tokens
 * are minted only in development mode (never with NODE_ENV=production, whatever else is set).
 */
export function playground(configuredDevAuth: AuthConfig | undefined) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const devAuth = isDevelopmentMode() ? configuredDevAuth : undefined;
    const url = new URL(req.url ?? '/', 'http://localhost');
    let preset = url.searchParams.get('as') ?? DEFAULT_PRESET;
    let headers = '{}';
    let refused: string | undefined;
    if (devAuth) {
      let claims: TokenClaims;
      try {
        // As `npm run token` does: a preset that names no caller, or a token every service would refuse
        // (`employer:evil org`), is not signed; before (found by an outsider) the one answered 500, the other
        // handed out a token that was then refused.
        claims = presetClaims(preset);
        actorFromClaims(claims as never);
      } catch (error) {
        if (!(error instanceof UnknownPresetError || error instanceof AuthenticationError)) throw error;
        refused = `"${preset.slice(0, 60)}" cannot act (${error.message.slice(0, 120)}); showing ${DEFAULT_PRESET}`;
        preset = DEFAULT_PRESET;
        claims = presetClaims(preset);
      }
      headers = JSON.stringify({ Authorization: `Bearer ${await signDevToken(devAuth, claims)}` }, null, 2);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    renderGraphiQL ??= (require('@graphql-yoga/render-graphiql') as typeof import('@graphql-yoga/render-graphiql')).renderGraphiQL;
    // Only this response's scripts run: GraphiQL's and the bar's (an inline handler would not: the policy below).
    const nonce = randomBytes(16).toString('base64');
    const html = renderGraphiQL({
      title: 'Customer graph',
      endpoint: '/graphql',
      headers,
      shouldPersistHeaders: false,
      defaultQuery: EXAMPLE_QUERY,
    } as Parameters<typeof renderGraphiQL>[0])
      .replace('<body id="body" class="no-focus-outline">', `<body id="body" class="no-focus-outline">${devAuth ? presetBar(preset, nonce, refused) : ''}`);
    // Only this response's own script runs (its nonce), which may start GraphiQL's editor workers from blob:
    // URLs; the page talks only to this gateway and cannot be framed (found by an outsider: no policy at all,
    // on a page that carries an official's token).
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff',
      'content-security-policy': playgroundCsp(nonce),
    });
    res.end(html.replace('<script>', `<script nonce="${nonce}">`));
  };
}
