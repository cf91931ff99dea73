/**
 * The real server jar, started on loopback for the tests: free ports, a database and an
 * audit log in a temporary directory, the repository's rules, and JWTs signed by a key made
 * here, so no identity provider is needed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repository = resolve(fileURLToPath(import.meta.url), "../../../../..");

export const jar = process.env.NEXTBEST_SERVER_JAR ?? join(repository, "server/target/nextbest-server-exec.jar");

export async function freePort(): Promise<number> {
  return new Promise((done, failed) => {
    const server = createServer();
    server.once("error", failed);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

export class TestServer {
  private constructor(
    private readonly process: ChildProcess,
    readonly grpcUrl: string,
    readonly httpUrl: string,
    private readonly signingKey: KeyObject,
    readonly output: string[],
  ) {}

  /** @param settings more of the server's environment variables */
  static async start(settings: Record<string, string> = {}): Promise<TestServer> {
    if (!existsSync(jar)) {
      throw new Error(`${jar} is missing: build it first (mvn -pl server -am package -DskipTests)`);
    }
    const directory = mkdtempSync(join(tmpdir(), "nextbest-ts-"));
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const publicKeyFile = join(directory, "jwt.pem");
    writeFileSync(publicKeyFile, String(publicKey.export({ type: "spki", format: "pem" })));
    const [grpc, http, cluster] = [await freePort(), await freePort(), await freePort()];
    const child = spawn("java", ["-Xmx384m", "-jar", jar], {
      cwd: directory,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NBA_GRPC_PORT: String(grpc),
        NBA_HTTP_PORT: String(http),
        NBA_MANAGEMENT_PORT: "-1",
        NBA_CLUSTER_PORT: String(cluster),
        NBA_CLUSTER_NAME: `ts-client-${process.pid}`,
        NBA_STORE_URL: `jdbc:h2:file:${join(directory, "data", "nextbest")};WRITE_DELAY=0`,
        NBA_RULES_DIR: join(repository, "rules"),
        NBA_RULES_WATCH: "false",
        NBA_RULES_COMPILER: "in-server",
        NBA_AUDIT_LOG: join(directory, "audit.log"),
        NBA_JWT_PUBLIC_KEY: publicKeyFile,
        ...settings,
      },
    });
    const output: string[] = [];
    const started = new Promise<void>((done, failed) => {
      const read = (chunk: Buffer) => {
        const text = chunk.toString();
        output.push(text);
        if (text.includes("Started NextBestServer")) {
          done();
        }
      };
      child.stdout?.on("data", read);
      child.stderr?.on("data", read);
      child.once("exit", (code) => failed(new Error(`the server exited (${code}) before it started:\n${output.join("")}`)));
    });
    await started;
    return new TestServer(child, `http://127.0.0.1:${grpc}`, `http://127.0.0.1:${http}`, privateKey, output);
  }

  /** A JWT the server trusts, for ten minutes. */
  token(claims: Record<string, unknown>): string {
    const now = Math.floor(Date.now() / 1000);
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ sub: "ts-test", iat: now, exp: now + 600, ...claims })}`;
    const signature = createSign("RSA-SHA256").update(unsigned).sign(this.signingKey).toString("base64url");
    return `${unsigned}.${signature}`;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null) {
      return;
    }
    const exited = new Promise((done) => this.process.once("exit", done));
    this.process.kill("SIGTERM");
    await exited;
  }
}
