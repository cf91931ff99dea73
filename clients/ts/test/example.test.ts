/**
 * The example product page (example/index.html) in Debian's headless Chromium, served by a
 * stand-in for the site's backend that mints each visitor's token: what a visitor sees.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { CaseSeverity, Channel, ConsentStatus, JourneyStage, Purpose } from "../src/index.js";
import { nodeClient } from "../src/node.js";
import { freePort, TestServer } from "./server.js";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const root = resolve(fileURLToPath(import.meta.url), "../../..");
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;

let server: TestServer;
let site: Server;
let siteUrl: string;

before(async () => {
  if (skip) {
    return;
  }
  const port = await freePort();
  siteUrl = `http://127.0.0.1:${port}`;
  server = await TestServer.start({ NBA_HTTP_CORS_ORIGINS: siteUrl });
  site = siteBackend(server);
  await new Promise<void>((done) => site.listen(port, "127.0.0.1", done));
  const feed = nodeClient({ baseUrl: server.grpcUrl, token: server.token({ roles: ["feed"] }) });
  for (const customer of ["loyal-lena", "case-carl"]) {
    await feed.recordEvent({ customerId: customer, payload: { case: "journeyStageChanged", value: { journey: "broadband", stage: JourneyStage.LOYALTY } } }, 60_000);
    await feed.recordEvent({ customerId: customer, payload: { case: "consentChanged", value: { channel: Channel.WEB, purpose: Purpose.MARKETING, status: ConsentStatus.GRANTED } } }, 60_000);
  }
  await feed.recordEvent({ customerId: "case-carl", payload: { case: "serviceCaseOpened", value: { caseId: "K1", product: "broadband", severity: CaseSeverity.HIGH } } }, 60_000);
});

after(async () => {
  site?.close();
  await server?.stop();
});

/** The site: the page with the visitor's token, and the client's scripts. */
function siteBackend(nextbest: TestServer): Server {
  const types: Record<string, string> = { ".js": "text/javascript", ".html": "text/html", ".map": "application/json" };
  return createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://site");
    if (url.pathname === "/") {
      const customer = url.searchParams.get("customer") ?? "";
      const page = readFileSync(join(root, "example/index.html"), "utf8")
        .replace("{{NEXTBEST_URL}}", url.searchParams.get("nextbest") ?? nextbest.httpUrl)
        .replace("{{NEXTBEST_TOKEN}}", nextbest.token({ roles: ["site"], customer_id: customer }))
        .replace("{{CUSTOMER_ID}}", customer);
      response.writeHead(200, { "Content-Type": "text/html" }).end(page);
      return;
    }
    const file = normalize(join(root, url.pathname));
    if (!file.startsWith(root) || !existsSync(file) || !/^\/(dist|node_modules)\//.test(url.pathname)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
}

/** The page as a visitor's browser has it once its scripts ran. */
async function visit(query: string): Promise<string> {
  return new Promise((done, failed) => {
    execFile(
      CHROMIUM,
      ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--virtual-time-budget=30000", "--dump-dom", `${siteUrl}/?${query}`],
      { timeout: 300_000, maxBuffer: 10 * 1024 * 1024 },
      (error, stdout) => (error ? failed(error) : done(stdout)),
    );
  });
}

function shown(dom: string): { source: string; title: string } {
  const match = /<section id="next-best-action" data-source="([^"]*)"><h2 class="action">([^<]*)<\/h2>/.exec(dom);
  assert.ok(match, `no action rendered in:\n${dom}`);
  return { source: match[1], title: match[2] };
}

test("a consenting loyal customer sees the cross-sell offer", { skip }, async () => {
  assert.deepEqual(shown(await visit("customer=loyal-lena")), { source: "nextbest", title: "cross-sell-offer" });
});

test("a customer with an open case sees the case update", { skip }, async () => {
  assert.deepEqual(shown(await visit("customer=case-carl")), { source: "nextbest", title: "case-update" });
});

test("with the server down the page shows the fallback", { skip }, async () => {
  const closed = `http://127.0.0.1:${await freePort()}`;

  assert.deepEqual(shown(await visit(`customer=loyal-lena&nextbest=${encodeURIComponent(closed)}`)), {
    source: "fallback",
    title: "Free installation this month",
  });
});
