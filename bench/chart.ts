/**
 * The README's latency-versus-load chart, drawn as plain SVG from a benchmark result (no charting dependency):
 * ack p99 at each offered load, one line per app and kind of request, with each one's maximum throughput.
 */
export interface ChartSeries {
  name: string;
  color: string;
  /** Dashed for the bare app, solid for the bot. */
  dashed: boolean;
  maxPerSecond: number;
  loads: { rate: number; p99: number }[];
}

export function ackChart(series: ChartSeries[], title: string): string {
  const W = 680;
  const H = 380;
  const m = { l: 60, r: 20, t: 40, b: 50 };
  const rates = series[0]?.loads.map((l) => l.rate) ?? [];
  const maxY = Math.max(...series.flatMap((s) => s.loads.map((l) => l.p99))) * 1.25;
  const x = (i: number) => m.l + ((W - m.l - m.r) * (i + 0.5)) / rates.length;
  const y = (v: number) => H - m.b - ((H - m.t - m.b) * v) / maxY;
  const ticks = Array.from({ length: 5 }, (_, i) => (maxY * i) / 4);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12" role="img">`,
    `<title>${title}: ack p99 in milliseconds at each offered load, bare Bolt and the bot, commands and events</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${title}</text>`,
    ...ticks.map(
      (v) =>
        `<line x1="${m.l}" x2="${W - m.r}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/><text x="${m.l - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(1)}</text>`,
    ),
    `<text x="16" y="${H / 2}" transform="rotate(-90 16 ${H / 2})" text-anchor="middle">ack p99 (ms)</text>`,
    ...rates.map((r, i) => `<text x="${x(i)}" y="${H - m.b + 18}" text-anchor="middle">${r}/s</text>`),
    `<text x="${W / 2}" y="${H - 10}" text-anchor="middle">offered load (signed requests, evenly paced)</text>`,
  ];
  for (const [k, s] of series.entries()) {
    const dx = (k - (series.length - 1) / 2) * 5; // side by side, so equal values stay visible
    const pts = s.loads.map((l, i) => `${x(i) + dx},${y(l.p99)}`).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    for (const [i, l] of s.loads.entries())
      parts.push(`<circle cx="${x(i) + dx}" cy="${y(l.p99)}" r="4" fill="${s.color}"/>`);
    parts.push(
      `<line x1="${m.l + 10}" x2="${m.l + 30}" y1="${m.t + k * 18 + 6}" y2="${m.t + k * 18 + 6}" stroke="${s.color}" stroke-width="2"${dash}/><text x="${m.l + 36}" y="${m.t + k * 18 + 10}">${s.name} (max ${s.maxPerSecond}/s)</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
