// The playground: GraphiQL with its assets bundled from npm (@graphql-yoga/render-graphiql), so it
// works in a closed network, where the CDN-loaded Apollo Sandbox shows nothing. In development a bar
// above it switches between the token presets; the page then carries a fresh token for that preset.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
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
 * Whether a page asked for by the name `host` (the request's Host header, with or without a port) may carry a
 * development token: `localhost` and its subdomains, any IP address, and the names in PLAYGROUND_ALLOWED_HOSTS
 * (comma-separated), as Vite's dev server decides (`server.allowedHosts`). Another name could be a DNS-rebinding
 * attack: a site whose name is made to point at this machine reads the page as its own origin, the token in it
 * too (found by an outsider, session 28). Returns false for a missing or unreadable Host.
 */
export function tokenHostAllowed(host: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  // The header as it is, a name or an address and an optional port: not read as a URL, which would take
  // `evil.example:80@localhost` for localhost and `0x7f000001` for 127.0.0.1 (found by an outsider, session 28).
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:@/\\[\]\s]+))(?::\d{1,5})?$/i.exec(host ?? '');
  if (!match) return false;
  const hostname = (match[1] ?? match[2]).toLowerCase();
  if (hostname === 'localhost' || hostname.endsWith('.localhost') || isIP(hostname) !== 0) return true;
  return (env.PLAYGROUND_ALLOWED_HOSTS ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean).includes(hostname);
}

/**
 * Serves the playground; `devAuth` is set only when development tokens are in use, and even then tokens
 * are minted only in development mode (never with NODE_ENV=production, whatever else is set), and only into a
 * page asked for by this machine's name (`tokenHostAllowed`).
 */
export function playground(configuredDevAuth: AuthConfig | undefined) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const devAuth = isDevelopmentMode() ? configuredDevAuth : undefined;
    const url = new URL(req.url ?? '/', 'http://localhost');
    let preset = url.searchParams.get('as') ?? DEFAULT_PRESET;
    let headers = '{}';
    let refused: string | undefined;
    const hostAllowed = tokenHostAllowed(req.headers.host);
    if (devAuth && !hostAllowed) {
      refused = `no token for a page asked for as "${String(req.headers.host ?? '').slice(0, 60)}": only localhost, an IP address or a name in PLAYGROUND_ALLOWED_HOSTS`;
    }
    if (devAuth && hostAllowed) {
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
