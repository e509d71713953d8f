import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { Linkified, splitLinks } from './linkify';

describe('splitLinks', () => {
  it('finds http(s) links and leaves trailing punctuation as text', () => {
    expect(splitLinks('Open http://127.0.0.1:8080/verify-email?token=abc. Thanks')).toEqual([
      { type: 'text', value: 'Open ' },
      { type: 'link', value: 'http://127.0.0.1:8080/verify-email?token=abc' },
      { type: 'text', value: '. Thanks' },
    ]);
    expect(splitLinks('no links here')).toEqual([{ type: 'text', value: 'no links here' }]);
  });

  it('renders clickable anchors', () => {
    render(<Linkified text={'a https://x.test/a\nb https://y.test/b'} />);
    const links = screen.getAllByTestId('email-link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://x.test/a', 'https://y.test/b']);
  });
});
