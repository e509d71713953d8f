import { Bar, CartesianGrid, Cell, ComposedChart, LabelList, Legend, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMs, type TimingBar } from '@/lib/turn-timings';

const STAGES = [
  { key: 'stt', name: 'Speech recognition', color: 'var(--chart-2)' },
  { key: 'llm', name: 'LLM first token', color: 'var(--chart-1)' },
  { key: 'tts', name: 'TTS first byte', color: 'var(--chart-3)' },
] as const;

const NAMES: Record<string, string> = { stt: 'Speech recognition', llm: 'LLM first token', tts: 'TTS first byte', wait: 'First audio' };

function TurnTick({ x, y, payload, bars }: { x?: number; y?: number; payload?: { value: string; index: number }; bars: TimingBar[] }) {
  const bar = bars[payload?.index ?? -1];
  return (
    <g transform={`translate(${x ?? 0},${y ?? 0})`}>
      <text dy={12} textAnchor="middle" fontSize={12} fill="var(--muted-foreground)">
        {payload?.value}
      </text>
      {bar?.note && (
        <text dy={26} textAnchor="middle" fontSize={10} fill={bar.note === 'barge-in' ? 'var(--destructive)' : 'var(--muted-foreground)'}>
          {bar.note}
        </text>
      )}
    </g>
  );
}

function Diamond({ cx, cy }: { cx?: number; cy?: number }) {
  if (cx === undefined || cy === undefined || !Number.isFinite(cx) || !Number.isFinite(cy)) return null;
  const r = 5;
  return <path d={`M${cx},${cy - r}L${cx + r},${cy}L${cx},${cy + r}L${cx - r},${cy}Z`} fill="var(--foreground)" stroke="var(--card)" strokeWidth={1.5} />;
}

/**
 * Per turn, the stages the caller waits through as stacked bars (speech recognition, the LLM's
 * first token, the first synthesised audio), and the first agent audio as a labelled mark.
 * Interrupted turns are paler and marked "barge-in". Loaded on demand.
 */
export function TurnTimingsChart({ bars }: { bars: TimingBar[] }) {
  return (
    <div className="h-64 w-full" data-testid="timings-chart" data-turns={bars.length}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={bars} margin={{ top: 18, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
          <XAxis dataKey="label" tickLine={false} axisLine={false} interval={0} height={36} tick={<TurnTick bars={bars} />} />
          <YAxis
            tickFormatter={(v) => (Number(v) >= 1000 ? `${Number(v) / 1000} s` : `${v} ms`)}
            tick={{ fontSize: 12, fill: 'var(--muted-foreground)' }}
            tickLine={false}
            axisLine={false}
            width={64}
          />
          <Tooltip
            cursor={{ fill: 'var(--muted)', opacity: 0.5 }}
            labelFormatter={(l, payload) => {
              const b = payload?.[0]?.payload as TimingBar | undefined;
              const extra = b?.interrupted ? ' · the caller barged in' : b?.input === 'dtmf' ? ' · key presses' : '';
              return `Turn ${l}${extra}`;
            }}
            formatter={(value, name) => [formatMs(Number(value)), NAMES[String(name)] ?? name]}
            contentStyle={{
              background: 'var(--popover)',
              border: '1px solid var(--border)',
              borderRadius: 8,
              color: 'var(--popover-foreground)',
              fontSize: 12,
            }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} iconType="circle" iconSize={8} itemSorter={null} />
          {STAGES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} stackId="turn" fill={s.color} maxBarSize={40} isAnimationActive={false}>
              {bars.map((b) => (
                <Cell key={b.turn} fillOpacity={b.interrupted ? 0.45 : 1} />
              ))}
            </Bar>
          ))}
          <Scatter dataKey="wait" name="First audio" fill="var(--foreground)" shape={<Diamond />} isAnimationActive={false}>
            <LabelList
              dataKey="wait"
              content={(p) => {
                const v = Number(p.value);
                if (!Number.isFinite(v) || v <= 0) return null;
                const x = Number(p.x ?? 0) + Number(p.width ?? 0) / 2;
                return (
                  <text x={x} y={Number(p.y ?? 0) - 4} textAnchor="middle" fontSize={11} fill="var(--foreground)">
                    {formatMs(v)}
                  </text>
                );
              }}
            />
          </Scatter>
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
