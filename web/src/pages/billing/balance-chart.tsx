import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LedgerEntry } from '@/api/types';
import { balanceSeries } from './chart-data';

const day = (t: number) => new Date(t).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
const clock = (t: number) => new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
const dayTime = (t: number) =>
  new Date(t).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** The balance over time (a step line: each ledger entry changes it at once). */
export function BalanceChart({ entries }: { entries: LedgerEntry[] }) {
  const data = balanceSeries(entries);
  if (data.length === 0) return null;
  // Within two days, days would repeat on every tick; show clock times instead.
  const span = data[data.length - 1].t - data[0].t;
  const tick = span < 2 * 24 * 3600 * 1000 ? clock : day;
  // Up to five evenly spread ticks, none repeating a label (a short span has few distinct minutes).
  const ticks: number[] = [];
  const labels = new Set<string>();
  for (let i = 0; i < 5; i++) {
    const t = data[0].t + (span * i) / 4;
    const label = tick(t);
    if (!labels.has(label)) {
      labels.add(label);
      ticks.push(t);
    }
  }
  return (
    <div className="h-56 w-full" data-testid="balance-chart">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 24, bottom: 0, left: -16 }}>
          <defs>
            <linearGradient id="balance-fill" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor="var(--chart-1)" stopOpacity={0.35} />
              <stop offset="100%" stopColor="var(--chart-1)" stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            ticks={ticks}
            tickFormatter={tick}
            tick={{ fontSize: 12, fill: 'var(--muted-foreground)' }}
            tickLine={false}
            axisLine={false}
            minTickGap={24}
          />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: 'var(--muted-foreground)' }} tickLine={false} axisLine={false} />
          <Tooltip
            labelFormatter={(l) => dayTime(Number(l))}
            formatter={(v) => [Number(v).toLocaleString(), 'Balance']}
            contentStyle={{
              background: 'var(--popover)',
              border: '1px solid var(--border)',
              borderRadius: 8,
              color: 'var(--popover-foreground)',
              fontSize: 12,
            }}
          />
          <Area
            type="stepAfter"
            dataKey="balance"
            stroke="var(--chart-1)"
            strokeWidth={2}
            fill="url(#balance-fill)"
            isAnimationActive={false}
            dot={false}
            activeDot={{ r: 4 }}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
