/** The client for browsers: the Connect protocol (JSON over HTTP) to the server's HTTP port. */
import { createConnectTransport } from "@connectrpc/connect-web";
import { bearer, NextBest, type Token } from "./client.js";

export * from "./index.js";

/** Where and how a page calls the server. */
export interface WebClientOptions {
  /** The HTTP port, e.g. `https://nba.example.com`; the page's origin must be in NBA_HTTP_CORS_ORIGINS. */
  baseUrl: string;
  /**
   * A short-lived, customer-scoped token minted by the site's backend (README "Tokens for
   * browsers"), or a function returning the current one. Never an API key.
   */
  token?: Token;
  /** The default deadline of `decide`, in milliseconds. */
  decideDeadlineMs?: number;
  /** The fetch to use; the global one by default. */
  fetch?: typeof globalThis.fetch;
}

export function webClient(options: WebClientOptions): NextBest {
  const transport = createConnectTransport({
    baseUrl: options.baseUrl,
    interceptors: options.token === undefined ? [] : [bearer(options.token)],
    fetch: options.fetch,
  });
  return new NextBest({ transport, decideDeadlineMs: options.decideDeadlineMs });
}
