// Printable documents of the cooperation model: an invoice of the quarterly billing run (Liite 6) and the
// anonymised statistics with a chart of the caseload per full-time equivalent. Plain HTML with inline CSS
// and server-side SVG: nothing is loaded from elsewhere, so they print and render in a closed network.
// Every value is escaped; money is formatted from integer cents.
import { BILLED_PARTY, BILLER, InvoiceLine, formatEuros } from './costs';
import type { Authority } from '../law/categories';

export const escapeHtml = (value: unknown) => String(value ?? '')
  .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const STYLE = `
  body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2rem; color: #111; max-width: 60rem; }
  h1 { font-size: 1.5rem; margin-bottom: .25rem; } h2 { font-size: 1.15rem; margin-top: 1.5rem; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
  th, td { border: 1px solid #999; padding: .3rem .5rem; text-align: left; vertical-align: top; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  tfoot td { font-weight: bold; } .muted { color: #555; font-size: .85rem; }
  .level-1 td:first-child { padding-left: 1.2rem; } .level-2 td:first-child { padding-left: 2.4rem; }
  @media print { body { margin: 0; } }`;

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}</body></html>`;

export interface InvoiceDocument {
  number: string;
  year: number;
  quarter: number;
  party: Authority;
  issuedOn: string;
  totalCents: number;
  lines: InvoiceLine[];
}

/** The invoice of one party for one quarter, with each cost's arithmetic (Liite 6 "Laskutus"). */
export function invoiceHtml(invoice: InvoiceDocument): string {
  const rows = invoice.lines.map((l) => `<tr>
    <td>${escapeHtml(l.incurredOn)}</td><td>${escapeHtml(l.description)}</td>
    <td class="num">${formatEuros(l.amountCents)}</td><td class="num">${l.numerator}/${l.denominator}</td>
    <td class="num">${formatEuros(l.shareCents)}</td><td class="muted">${escapeHtml(l.rule)}</td></tr>`).join('');
  return page(`Invoice ${invoice.number}`, `
<h1>Invoice ${escapeHtml(invoice.number)}</h1>
<p>Joint costs of the multi-agency cooperation model, quarter ${invoice.quarter}/${invoice.year}
(cooperation agreement, Liite 6; 381/2023 § 10)</p>
<table>
  <tr><th>Biller</th><td>${escapeHtml(BILLER)}</td></tr>
  <tr><th>Billed party</th><td>${escapeHtml(BILLED_PARTY[invoice.party])}</td></tr>
  <tr><th>Issued on</th><td>${escapeHtml(invoice.issuedOn)}</td></tr>
</table>
<h2>Costs and this party's share</h2>
<table>
  <thead><tr><th>Incurred</th><th>Cost</th><th class="num">Cost</th><th class="num">Share</th><th class="num">Amount due</th><th>Arithmetic</th></tr></thead>
  <tbody>${rows}</tbody>
  <tfoot><tr><td colspan="4">Total due</td><td class="num" data-total>${formatEuros(invoice.totalCents)}</td><td></td></tr></tfoot>
</table>
<p class="muted">Shares are rounded to whole cents so that the parties' shares of each cost add up to the cost exactly
(largest remainder; an odd cent goes to the employment authority first). Each party pays its own staff itself (Liite 2).</p>`);
}

export interface StatisticsCellView { key: string; label: string; parent: string | null; level: number; count: number | null; suppressed: boolean }
export interface StatisticsTableView { name: string; description: string; additive: boolean; cells: StatisticsCellView[] }
export interface CaseloadView { party: string; title: string; fte: number | null; customers: number | null; customersPerFte: number | null; estimatedCustomersPerFte: number | null }
export interface StatisticsSeries { period: string; caseload: CaseloadView[] }

const tableHtml = (t: StatisticsTableView) => `
<h2>${escapeHtml(t.name)}</h2><p class="muted">${escapeHtml(t.description)}</p>
<table><thead><tr><th>${t.additive ? '' : 'Persons with'}</th><th class="num">Persons</th></tr></thead><tbody>
${t.cells.map((c) => `<tr class="level-${c.level}"><td>${escapeHtml(c.label)}</td><td class="num">${c.suppressed ? '<abbr title="suppressed: fewer than the minimum, or recoverable from other cells">&lt;suppressed&gt;</abbr>' : c.count}</td></tr>`).join('')}
</tbody></table>`;

const fmt = (n: number | null, digits = 1) => (n === null || n === undefined ? '–' : n.toFixed(digits));

/**
 * A bar chart (SVG) of customers per full-time equivalent of each title for each period, with the
 * estimate's customers per FTE as a dashed red mark: where the caseload runs over or under the plan.
 * The axis follows the actual caseloads; an estimate beyond it is written at the edge.
 */
export function caseloadChartSvg(series: readonly StatisticsSeries[]): string {
  const titles = [...new Set(series.flatMap((s) => s.caseload.filter((c) => (c.fte ?? 0) > 0).map((c) => `${c.party}|${c.title}`)))];
  const actuals = series.flatMap((s) => s.caseload.map((c) => c.customersPerFte ?? 0));
  const max = Math.max(10, ...actuals) * 1.3;
  const width = 940; const barHeight = 16; const rowHeight = (barHeight + 2) * Math.max(1, series.length) + 12; const left = 300; const plot = width - left - 90;
  const height = titles.length * rowHeight + 40;
  const colours = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#17becf'];
  const x = (value: number) => left + (Math.min(value, max) / max) * plot;
  const bars = titles.map((key, row) => {
    const [party, title] = key.split('|');
    const y0 = 34 + row * rowHeight;
    const full = `${title} (${party.toLowerCase()})`;
    const shown = full.length > 44 ? `${full.slice(0, 43)}…` : full;
    const label = `<text x="${left - 8}" y="${y0 + rowHeight / 2}" text-anchor="end" font-size="12"><title>${escapeHtml(full)}</title>${escapeHtml(shown)}</text>`;
    const perPeriod = series.map((s, i) => {
      const c = s.caseload.find((k) => `${k.party}|${k.title}` === key);
      const y = y0 + i * (barHeight + 2);
      const estimate = c?.estimatedCustomersPerFte ?? null;
      const mark = estimate === null ? ''
        : estimate > max
          ? `<text x="${left + plot + 4}" y="${y + 12}" font-size="10" fill="#d62728">est. ${fmt(estimate, 0)} →</text>`
          : `<line x1="${x(estimate)}" x2="${x(estimate)}" y1="${y}" y2="${y + barHeight}" stroke="#d62728" stroke-dasharray="3,2" stroke-width="2"/>`;
      if (!c || c.customersPerFte === null) return `<text x="${left + 4}" y="${y + 12}" font-size="11" fill="#555">${escapeHtml(s.period)}: suppressed</text>${mark}`;
      const w = x(c.customersPerFte) - left;
      return `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${colours[i % colours.length]}"><title>${escapeHtml(s.period)}: ${fmt(c.customersPerFte)} customers per FTE</title></rect>
<text x="${left + w + 4}" y="${y + 12}" font-size="11">${fmt(c.customersPerFte)}</text>${mark}`;
    }).join('');
    return label + perPeriod;
  }).join('');
  const legend = series.map((s, i) => `<rect x="${10 + i * 95}" y="6" width="12" height="12" fill="${colours[i % colours.length]}"/><text x="${10 + i * 95 + 16}" y="16" font-size="12">${escapeHtml(s.period)}</text>`).join('')
    + `<line x1="${10 + series.length * 95}" x2="${10 + series.length * 95 + 14}" y1="12" y2="12" stroke="#d62728" stroke-dasharray="3,2" stroke-width="2"/><text x="${10 + series.length * 95 + 18}" y="16" font-size="12">estimate (Liite 2)</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Customers per full-time equivalent by title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${legend}${bars}</svg>`;
}

/** The statistics of one period as a page: the chart over `series`, then every register's tables. */
export function statisticsHtml(input: {
  period: string; referenceDate: string; minimumCount: number;
  tables: { register: string; table: StatisticsTableView }[];
  series: readonly StatisticsSeries[];
  errors: string[];
}): string {
  const latest = input.series.at(-1);
  const caseloadRows = (latest?.caseload ?? []).map((c) => `<tr><td>${escapeHtml(c.title)}</td><td>${escapeHtml(c.party)}</td>
    <td class="num">${fmt(c.fte, 2)}</td><td class="num">${c.customers ?? '&lt;suppressed&gt;'}</td><td class="num">${fmt(c.customersPerFte)}</td><td class="num">${fmt(c.estimatedCustomersPerFte)}</td></tr>`).join('');
  return page(`Cooperation model statistics ${input.period}`, `
<h1>Cooperation model: anonymised statistics ${escapeHtml(input.period)}</h1>
<p>The situation on ${escapeHtml(input.referenceDate)}. Counts of persons only; a cell that counts fewer than
${input.minimumCount} persons, or that could be recovered from a total and its other cells, is shown as &lt;suppressed&gt;
(seed 004 § 5: planning and development use anonymised data only).</p>
${input.errors.length ? `<p role="alert">Missing: ${input.errors.map(escapeHtml).join('; ')}</p>` : ''}
<h2>Customers per full-time equivalent by title</h2>
${caseloadChartSvg(input.series)}
<table><thead><tr><th>Title</th><th>Party</th><th class="num">FTE</th><th class="num">Customers</th><th class="num">Customers per FTE</th><th class="num">Estimate per FTE</th></tr></thead>
<tbody>${caseloadRows}</tbody></table>
${input.tables.map(({ register, table }) => tableHtml({ ...table, name: `${table.name} (${register})` })).join('')}`);
}
