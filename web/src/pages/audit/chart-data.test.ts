import { describe, expect, it } from 'vitest';
import { actionsPerDay } from './chart-data';

const at = (day: string, action: string) => ({ action, created_at: `${day}T12:00:00` });

describe('actionsPerDay', () => {
  it('counts per day and action, fills gaps, groups rare actions as other', () => {
    const { data, keys } = actionsPerDay(
      [
        at('2026-12-01', 'user.invited'),
        at('2026-12-01', 'user.invited'),
        at('2026-12-01', 'auth.login'),
        at('2026-12-03', 'auth.login'),
        at('2026-12-03', 'role.created'),
      ],
      2,
      1,
    );
    expect(keys).toEqual(['auth.login', 'user.invited', 'other']);
    expect(data.map((d) => d.day)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    expect(data[0]).toMatchObject({ total: 3, 'user.invited': 2, 'auth.login': 1, other: 0 });
    expect(data[1]).toMatchObject({ total: 0 });
    expect(data[2]).toMatchObject({ total: 2, 'auth.login': 1, other: 1 });
  });

  it('shows at least minDays days ending on the last one', () => {
    const { data } = actionsPerDay([at('2026-12-10', 'auth.login')]);
    expect(data.map((d) => d.day)).toEqual([
      '2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10',
    ]);
    expect(data[6]).toMatchObject({ total: 1, 'auth.login': 1 });
  });

  it('returns nothing for no entries', () => {
    expect(actionsPerDay([])).toEqual({ data: [], keys: [] });
  });
});
