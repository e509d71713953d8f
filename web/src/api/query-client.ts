import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { ApiError, errorMessage, setCsrfToken } from './client';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: {
      /** The form shows the error itself (inline alert); skip the toast. */
      inlineError?: boolean;
    };
  }
}

function isUnauthenticated(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401 && err.code === 'unauthenticated';
}

export function createQueryClient(): QueryClient {
  const qc: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (err, query) => {
        // A session that expired mid-use: forget the user, the route guard sends them to /login.
        if (isUnauthenticated(err) && query.queryKey[0] !== 'me') {
          setCsrfToken(null);
          qc.setQueryData(['me'], null);
        }
      },
    }),
    mutationCache: new MutationCache({
      onError: (err, _vars, _ctx, mutation) => {
        if (isUnauthenticated(err)) {
          setCsrfToken(null);
          qc.setQueryData(['me'], null);
          return;
        }
        if (!mutation.meta?.inlineError) toast.error(errorMessage(err));
      },
    }),
    defaultOptions: {
      queries: {
        retry: (count, err) =>
          !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 15_000,
      },
    },
  });
  return qc;
}
