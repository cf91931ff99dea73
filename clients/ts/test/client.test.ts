/**
 * The client against the real server on loopback, over both transports: HTTP/2 gRPC for
 * Node and the Connect protocol for browsers (connect-web on Node's own fetch).
 */
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { after, before, describe, test } from "node:test";
import { Channel, Code, ConnectError, ConsentStatus, Decision, EventDisposition, JourneyStage, NextBest, Outcome, Purpose } from "../src/index.js";
import { nodeClient } from "../src/node.js";
import { webClient } from "../src/web.js";
import { freePort, TestServer } from "./server.js";

// A first call to a fresh server loads its rules and classes: generous, the deadline tests set their own.
const SLOW_START_MS = 60_000;

let server: TestServer;

before(async () => {
  server = await TestServer.start();
  const feed = nodeClient({ baseUrl: server.grpcUrl, token: server.token({ roles: ["feed"] }) });
  // A loyal broadband customer who consents to marketing on the web: the README's ann.
  await feed.recordEvent(
    { customerId: "ann", payload: { case: "journeyStageChanged", value: { journey: "broadband", stage: JourneyStage.LOYALTY } } },
    SLOW_START_MS,
  );
  await feed.recordEvent(
    { customerId: "ann", payload: { case: "consentChanged", value: { channel: Channel.WEB, purpose: Purpose.MARKETING, status: ConsentStatus.GRANTED } } },
    SLOW_START_MS,
  );
});

after(async () => {
  await server?.stop();
});

const transports: Record<string, (token?: string) => NextBest> = {
  "Node, HTTP/2 gRPC": (token) => nodeClient({ baseUrl: server.grpcUrl, token, decideDeadlineMs: SLOW_START_MS }),
  "browser, Connect": (token) => webClient({ baseUrl: server.httpUrl, token, decideDeadlineMs: SLOW_START_MS }),
};

for (const [name, connect] of Object.entries(transports)) {
  describe(name, () => {
    test("decides for a customer", async () => {
      const client = connect(server.token({ roles: ["site"] }));

      const decision = await client.decide("ann", [Channel.WEB], { placement: "home-hero", attributes: { segment: "test" } });

      assert.ok(decision instanceof Decision);
      assert.notEqual(decision.decisionId, "");
      assert.equal(decision.channel(Channel.WEB)?.channel, Channel.WEB);
    });

    test("records an outcome of a decision", async () => {
      const client = connect(server.token({ roles: ["site"] }));
      const decision = await client.decide("ann", [Channel.WEB]);
      const action = decision.action(Channel.WEB);
      assert.ok(action, "the web channel has an action for ann");

      const recorded = await client.recordOutcome(decision, action, Outcome.IMPRESSION);

      assert.equal(recorded.disposition, EventDisposition.APPLIED);
    });

    test("an invalid request is an error naming the field", async () => {
      const client = connect(server.token({ roles: ["site"] }));

      await assert.rejects(client.decide("", [Channel.WEB]), (error: unknown) => {
        assert.ok(error instanceof ConnectError);
        assert.equal(error.code, Code.InvalidArgument);
        assert.match(error.rawMessage, /customer_id/);
        return true;
      });
    });

    test("a token for one customer is refused for another", async () => {
      const client = connect(server.token({ roles: ["site"], customer_id: "ann" }));

      assert.ok((await client.decide("ann", [Channel.WEB])) instanceof Decision);
      await assert.rejects(client.decide("bob", [Channel.WEB]), (error: unknown) => {
        assert.equal(ConnectError.from(error).code, Code.PermissionDenied);
        return true;
      });
    });

    test("without a credential nothing is decided, and the fallback is returned", async () => {
      const result = await connect().decide("ann", [Channel.WEB], { fallback: "house-ad" });

      assert.equal(result.ok, false);
      assert.ok(!result.ok);
      assert.equal(result.fallback, "house-ad");
      assert.equal(result.error.code, Code.Unauthenticated);
    });
  });
}

/** A server that takes connections and never answers: any deadline passes. */
async function silentServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const silent: Server = createServer((socket) => sockets.push(socket));
  const port = await freePort();
  await new Promise<void>((done) => silent.listen(port, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => {
      sockets.forEach((socket) => socket.destroy());
      silent.close(() => done());
    }),
  };
}

describe("deadlines and fallbacks", () => {
  test("a server that does not answer within the deadline gives the fallback", async () => {
    const silent = await silentServer();
    try {
      for (const client of [nodeClient({ baseUrl: silent.url }), webClient({ baseUrl: silent.url })]) {
        const result = await client.decide("ann", [Channel.WEB], { deadlineMs: 100, fallback: null });

        assert.ok(!result.ok);
        assert.equal(result.fallback, null);
        assert.equal(result.error.code, Code.DeadlineExceeded);
      }
    } finally {
      await silent.close();
    }
  });

  test("without a fallback the deadline is an error", async () => {
    const silent = await silentServer();
    try {
      await assert.rejects(nodeClient({ baseUrl: silent.url }).decide("ann", [Channel.WEB], { deadlineMs: 100 }), (error: unknown) => {
        assert.equal(ConnectError.from(error).code, Code.DeadlineExceeded);
        return true;
      });
    } finally {
      await silent.close();
    }
  });

  test("a stopped server gives the fallback", async () => {
    const token = server.token({ roles: ["site"] });
    // connect-node sees the connection refused; a browser's fetch only says that it failed.
    const clients: [NextBest, Code][] = [
      [nodeClient({ baseUrl: server.grpcUrl, token }), Code.Unavailable],
      [webClient({ baseUrl: server.httpUrl, token }), Code.Unknown],
    ];
    await server.stop();

    for (const [client, code] of clients) {
      const result = await client.decide("ann", [Channel.WEB], { deadlineMs: 5_000, fallback: "house-ad" });

      assert.ok(!result.ok);
      assert.equal(result.fallback, "house-ad");
      assert.equal(result.error.code, code, result.error.message);
    }
  });
});
