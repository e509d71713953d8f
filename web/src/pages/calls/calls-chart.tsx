import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { durationTicks, formatDuration, type CallDay } from '@/lib/calls';

function shortDay(day: string) {
  return new Date(`${day}T12:00:00`).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

/** Calls per day (bars) and their average duration (line, right axis). Loaded on demand. */
export function CallsChart({ data }: { data: CallDay[] }) {
  const ticks = durationTicks(Math.max(0, ...data.map((d) => d.avgSecs ?? 0)));
  return (
    <div className="h-48 w-full" data-testid="calls-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 0, bottom: 0, left: -20 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="day"
            tickFormatter={shortDay}
            tick={{ fontSize: 12, fill: 'var(--muted-foreground)' }}
            tickLine={false}
            axisLine={false}
            minTickGap={16}
          />
          <YAxis yAxisId="calls" allowDecimals={false} tick={{ fontSize: 12, fill: 'var(--muted-foreground)' }} tickLine={false} axisLine={false} />
          <YAxis
            yAxisId="secs"
            orientation="right"
            domain={[0, ticks[ticks.length - 1]]}
            ticks={ticks}
            tickFormatter={(v) => formatDuration(Number(v))}
            tick={{ fontSize: 12, fill: 'var(--muted-foreground)' }}
            tickLine={false}
            axisLine={false}
            width={48}
          />
          <Tooltip
            cursor={{ fill: 'var(--muted)', opacity: 0.5 }}
            labelFormatter={(l) => shortDay(String(l))}
            formatter={(value, name) =>
              name === 'Average duration' ? [formatDuration(Number(value)), name] : [Number(value).toLocaleString(), name]
            }
            contentStyle={{
              background: 'var(--popover)',
              border: '1px solid var(--border)',
              borderRadius: 8,
              color: 'var(--popover-foreground)',
              fontSize: 12,
            }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} iconType="circle" iconSize={8} />
          <Bar yAxisId="calls" dataKey="calls" name="Calls" fill="var(--chart-1)" radius={[4, 4, 0, 0]} maxBarSize={32} isAnimationActive={false} />
          <Line
            yAxisId="secs"
            dataKey="avgSecs"
            name="Average duration"
            type="monotone"
            stroke="var(--chart-3)"
            strokeWidth={2}
            dot={{ r: 2.5, fill: 'var(--chart-3)' }}
            activeDot={{ r: 4 }}
            connectNulls
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
