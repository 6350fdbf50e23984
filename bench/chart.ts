/**
 * The README's latency-versus-load chart, drawn as plain SVG from a benchmark result (no charting dependency):
 * ack p99 at each offered load, for the bare Bolt app and the bot's ack-only path, with their maximum throughput.
 */
type Load = { rate: number; p50: number; p99: number };
type Target = { throughput: { perSecond: number }; loads: Load[] };

export function ackChart(acks: { bare: Target; botHelp: Target }, title: string): string {
  const W = 640;
  const H = 360;
  const m = { l: 60, r: 20, t: 40, b: 50 };
  const rates = acks.bare.loads.map((l) => l.rate);
  const maxY = Math.max(...[acks.bare, acks.botHelp].flatMap((t) => t.loads.map((l) => l.p99))) * 1.2;
  const x = (i: number) => m.l + ((W - m.l - m.r) * (i + 0.5)) / rates.length;
  const y = (v: number) => H - m.b - ((H - m.t - m.b) * v) / maxY;
  const series = [
    { name: `bare Bolt (max ${acks.bare.throughput.perSecond}/s)`, color: '#8a8a8a', t: acks.bare },
    {
      name: `bot, ack-only path (max ${acks.botHelp.throughput.perSecond}/s)`,
      color: '#1f6feb',
      t: acks.botHelp,
    },
  ];
  const ticks = Array.from({ length: 5 }, (_, i) => (maxY * i) / 4);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12" role="img">`,
    `<title>${title}: ack p99 in milliseconds at each offered load, bare Bolt and the bot</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${title}</text>`,
    ...ticks.map(
      (v) =>
        `<line x1="${m.l}" x2="${W - m.r}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/><text x="${m.l - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(1)}</text>`,
    ),
    `<text x="16" y="${H / 2}" transform="rotate(-90 16 ${H / 2})" text-anchor="middle">ack p99 (ms)</text>`,
    ...rates.map((r, i) => `<text x="${x(i)}" y="${H - m.b + 18}" text-anchor="middle">${r}/s</text>`),
    `<text x="${W / 2}" y="${H - 10}" text-anchor="middle">offered load (signed slash commands, evenly paced)</text>`,
  ];
  for (const [k, s] of series.entries()) {
    const pts = s.t.loads.map((l, i) => `${x(i) + (k - 0.5) * 6},${y(l.p99)}`).join(' ');
    parts.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const [i, l] of s.t.loads.entries())
      parts.push(`<circle cx="${x(i) + (k - 0.5) * 6}" cy="${y(l.p99)}" r="4" fill="${s.color}"/>`);
    parts.push(
      `<rect x="${m.l + 10}" y="${m.t + k * 18}" width="12" height="12" fill="${s.color}"/><text x="${m.l + 28}" y="${m.t + k * 18 + 10}">${s.name}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
