/**
 * Problem details (RFC 9457) as the contract sends every error, with no
 * dependency on msw: the mock endpoint and the reference server build their
 * error bodies here alike.
 */
export const PROBLEM_BASE = 'https://dj-widgets.example/problems/';

export const problemBody = (status: number, slug: string, title: string, detail: string, extra: object = {}) => ({
  type: PROBLEM_BASE + slug,
  title,
  status,
  detail,
  ...extra,
});
