// What crossed the wire for a page in the browser benchmarks: each finished response's encoded body
// and headers as Chromium counted them (0 for one its cache gave), and the Content-Encoding it came in.

/** Starts watching `page` (its frames too); the returned function lists every response so far. */
export function watchResponses(page) {
  const pending = [];
  page.on('requestfinished', (request) => {
    pending.push(request.sizes().then((sizes) => ({
      url: new URL(request.url()),
      body: sizes.responseBodySize,
      headers: sizes.responseHeadersSize,
      encoding: request.response().then((r) => r?.headers()['content-encoding'] ?? ''),
    })));
  });
  return async () => Promise.all(pending.map(async (p) => {
    const r = await p;
    return { ...r, file: r.url.pathname, encoding: await r.encoding };
  }));
}

export const kb = (bytes) => (bytes / 1024).toFixed(1);
export const onTheWire = (responses) => responses.reduce((n, r) => n + r.body + r.headers, 0);
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
