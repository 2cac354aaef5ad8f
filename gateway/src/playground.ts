// The playground: GraphiQL with its assets bundled from npm (@graphql-yoga/render-graphiql), so it
// works in a closed network, where the CDN-loaded Apollo Sandbox shows nothing. In development a bar
// above it switches between the token presets; the page then carries a fresh token for that preset.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { renderGraphiQL as RenderGraphiQL } from '@graphql-yoga/render-graphiql';
import { PRESET_NAMES, presetClaims } from '@cg/shared/src/auth/presets';
import { AuthConfig, isDevelopmentMode, signDevToken } from '@cg/shared/src/auth/tokens';

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

function presetBar(current: string) {
  const options = PRESET_NAMES.map((p) => `<option value="${p}"${p === current ? ' selected' : ''}>${escapeHtml(p)}</option>`).join('');
  return `<div style="font:14px system-ui;padding:6px 12px;background:#10253f;color:#fff;display:flex;gap:12px;align-items:center">
<strong>Customer graph</strong><label>Acting as <select onchange="location.search='?as='+encodeURIComponent(this.value)">${options}</select></label>
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
    let preset = url.searchParams.get('as') ?? 'employment-expert';
    let headers = '{}';
    if (devAuth) {
      if (!PRESET_NAMES.includes(preset.split(':')[0])) preset = 'employment-expert';
      headers = JSON.stringify({ Authorization: `Bearer ${await signDevToken(devAuth, presetClaims(preset))}` }, null, 2);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    renderGraphiQL ??= (require('@graphql-yoga/render-graphiql') as typeof import('@graphql-yoga/render-graphiql')).renderGraphiQL;
    const html = renderGraphiQL({
      title: 'Customer graph',
      endpoint: '/graphql',
      headers,
      shouldPersistHeaders: false,
      defaultQuery: EXAMPLE_QUERY,
    } as Parameters<typeof renderGraphiQL>[0])
      .replace('<body id="body" class="no-focus-outline">', `<body id="body" class="no-focus-outline">${devAuth ? presetBar(preset) : ''}`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  };
}
