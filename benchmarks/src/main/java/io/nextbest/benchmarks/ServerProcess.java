package io.nextbest.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;

/**
 * The server under test, in a JVM of its own started from the executable jar, bound to
 * loopback on a free port with a Hazelcast cluster name of its own and a durable store in
 * a temporary directory, watching the rules directory it is given.
 */
final class ServerProcess implements AutoCloseable {

	/**
	 * Calls in flight the benchmark's server admits, in all and per connection: more than
	 * the open-loop tool ever keeps outstanding.
	 */
	static final int ADMISSION_MAX_CALLS = 25_000;

	private static final Pattern USED = Pattern.compile("used (\\d+)K");

	/** How the server is started, again by {@link #restart}. */
	private final ProcessBuilder builder;

	private Process process;

	private final int port;

	private final int httpPort;

	/**
	 * The embedded store's temporary directory, or null for a store of the environment's.
	 */
	private final Path store;

	private ServerProcess(ProcessBuilder builder, Process process, int port, int httpPort, Path store) {
		this.builder = builder;
		this.process = process;
		this.port = port;
		this.httpPort = httpPort;
		this.store = store;
	}

	static ServerProcess start(Path jar, Path rules, Path log, String heap, boolean flightRecording)
			throws IOException {
		int port = freePort();
		int httpPort = freePort();
		Files.createDirectories(log.getParent());
		List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xms" + heap, "-Xmx" + heap));
		// The collector as the README's deployment section advises, unless the
		// environment names other options to compare.
		String gc = System.getenv("NBA_BENCHMARK_SERVER_GC");
		command.addAll((gc != null && !gc.isBlank()) ? List.of(gc.strip().split("\\s+"))
				: List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20"));
		command.add("-Dhz.cluster-name=nextbest-benchmark");
		if (flightRecording) {
			command.add("-XX:StartFlightRecording=settings=profile,filename="
					+ log.resolveSibling("server.jfr").toAbsolutePath());
		}
		command.addAll(List.of("-jar", jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("NBA_GRPC_PORT", Integer.toString(port));
		builder.environment().put("NBA_GRPC_ADDRESS", "127.0.0.1");
		builder.environment().put("NBA_LOG_LEVEL", "WARN");
		// Free ports: the default fixed ones would stop a second run on the same machine.
		// The HTTP port serves the Connect calls of --only-connect; the management port
		// is
		// not read.
		builder.environment().put("NBA_MANAGEMENT_PORT", "-1");
		builder.environment().put("NBA_HTTP_PORT", Integer.toString(httpPort));
		// h2c on the HTTP port, for --only-connect's Connect JSON over h2c.
		builder.environment().putIfAbsent("NBA_HTTP2", "true");
		// A durable store of its own: the default file in the working directory keeps
		// every earlier run's customers and events, so a run would measure contexts grown
		// by the runs before it (and the file, grown to hundreds of megabytes, slowed the
		// server's start to minutes). A store given in the environment (PostgreSQL) is
		// used as it is: it should be an empty database.
		Path store = null;
		if (System.getenv("NBA_STORE_URL") == null) {
			store = Files.createTempDirectory("nextbest-benchmark-store-");
			builder.environment()
				.put("NBA_STORE_URL",
						"jdbc:h2:file:" + store.resolve("nextbest") + ";WRITE_DELAY=0;COMPRESS=TRUE;CACHE_SIZE=4096");
		}
		// Admission control as the benchmark sets it, unless the environment says
		// otherwise:
		// the open-loop tool keeps thousands of calls outstanding on one connection when
		// the server falls behind, and those should queue, not be refused at the server's
		// defaults (1,000 in all, 100 per connection).
		builder.environment().putIfAbsent("NBA_ADMISSION_MAX_CALLS", Integer.toString(ADMISSION_MAX_CALLS));
		builder.environment()
			.putIfAbsent("NBA_ADMISSION_MAX_CALLS_PER_CONNECTION", Integer.toString(ADMISSION_MAX_CALLS));
		builder.environment().put("NBA_RULES_DIR", rules.toAbsolutePath().toString());
		builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		Files.deleteIfExists(log);
		return new ServerProcess(builder, builder.start(), port, httpPort, store);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	int port() {
		return this.port;
	}

	/**
	 * @return a plaintext channel to the gRPC port, taking answers of up to 16 MB
	 */
	ManagedChannel plaintextChannel() {
		return NettyChannelBuilder
			.forAddress(new InetSocketAddress("127.0.0.1", this.port), InsecureChannelCredentials.create())
			.directExecutor()
			.maxInboundMessageSize(16 * 1024 * 1024)
			.build();
	}

	/**
	 * The heap of a server that holds a population in its map: about 2.5 KB a customer, a
	 * GiB for the rest, 2 GiB at least.
	 * @param customers the population
	 * @return the heap, for {@code -Xmx}
	 */
	static String heapFor(int customers) {
		return Math.max(2, (long) Math.ceil(customers * 2_500L / (double) (1L << 30)) + 1) + "g";
	}

	/** The HTTP port (Connect). */
	int httpPort() {
		return this.httpPort;
	}

	long pid() {
		return this.process.pid();
	}

	void awaitServing(ManagedChannel channel, Duration timeout) throws InterruptedException {
		long until = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < until) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The server exited with " + this.process.exitValue());
			}
			try {
				HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
					.withDeadlineAfter(1, TimeUnit.SECONDS)
					.check(HealthCheckRequest.getDefaultInstance());
				if (health.getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
					return;
				}
			}
			catch (RuntimeException notYet) {
				// Still starting: try to connect again now, not after the channel's
				// growing back-off.
				channel.resetConnectBackoff();
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("The server did not start within " + timeout);
	}

	/** Heap in use after a full collection, in bytes, as the JVM itself reports it. */
	long usedHeapAfterGc() throws IOException, InterruptedException {
		jcmd("GC.run");
		Thread.sleep(500);
		jcmd("GC.run");
		Matcher used = USED.matcher(jcmd("GC.heap_info"));
		if (!used.find()) {
			throw new IllegalStateException("jcmd GC.heap_info gave no heap usage");
		}
		return Long.parseLong(used.group(1)) * 1024;
	}

	/**
	 * The bytes of the embedded store's files as they are on disk now, while the server
	 * runs (H2 writes in place; nothing is compacted for the measurement).
	 * @return the size, or -1 for a store of the environment's
	 */
	long storeBytes() throws IOException {
		if (this.store == null) {
			return -1;
		}
		try (Stream<Path> files = Files.walk(this.store)) {
			long bytes = 0;
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				bytes += Files.size(file);
			}
			return bytes;
		}
	}

	private String jcmd(String command) throws IOException, InterruptedException {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Process run = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true)
			.start();
		String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		run.waitFor();
		return out;
	}

	private static String javaCommand() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * Stops the server as an orchestrator does and starts it again on the same port and
	 * store; returns how long the new one took from its start to serving.
	 */
	Duration restart(ManagedChannel channel, Duration timeout) throws IOException, InterruptedException {
		stop();
		long started = System.nanoTime();
		this.process = this.builder.start();
		awaitServing(channel, timeout);
		return Duration.ofNanos(System.nanoTime() - started);
	}

	private void stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Override
	public void close() throws InterruptedException {
		stop();
		if (this.store == null) {
			return;
		}
		try (Stream<Path> files = Files.walk(this.store)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			// A temporary directory left behind.
		}
	}

}
