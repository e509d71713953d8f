import { useSearch } from 'wouter';

/** One query-string parameter of the current URL ('' when absent). */
export function useQueryParam(name: string): string {
  const search = useSearch();
  return new URLSearchParams(search).get(name) ?? '';
}

/** Only same-site paths are allowed as a post-login destination. */
export function safeNext(next: string): string {
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
