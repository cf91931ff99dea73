/** The client for Node (server-side rendering): HTTP/2 gRPC to the server's gRPC port. */
import { createGrpcTransport } from "@connectrpc/connect-node";
import { bearer, NextBest, type Token } from "./client.js";

export * from "./index.js";

/** Where and how a Node service calls the server. */
export interface NodeClientOptions {
  /** The gRPC port, e.g. `http://127.0.0.1:9090` (or `https://` with TLS). */
  baseUrl: string;
  /** The caller's API key or JWT, when the server has callers configured. */
  token?: Token;
  /** The default deadline of `decide`, in milliseconds. */
  decideDeadlineMs?: number;
}

export function nodeClient(options: NodeClientOptions): NextBest {
  const transport = createGrpcTransport({
    baseUrl: options.baseUrl,
    interceptors: options.token === undefined ? [] : [bearer(options.token)],
  });
  return new NextBest({ transport, decideDeadlineMs: options.decideDeadlineMs });
}
