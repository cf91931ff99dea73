package io.nextbest.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;

/**
 * The server as a separate JVM process on 127.0.0.1, so that a test can kill it the way
 * an operating system does: SIGKILL, with no shutdown hook and nothing flushed.
 * <p>
 * The test classpath puts {@link TestClock} in the process: every server process started
 * by this JVM serves at {@link #CLOCK}, a time that does not move, so that decisions do
 * not depend on the time of day, and tests date their events by it (the server refuses
 * events dated more than a few minutes ahead of its clock).
 */
final class ServerProcess implements AutoCloseable {

	/** The time of every server process this JVM starts. */
	static final Instant CLOCK = TestClock.noonToday();

	private static final Duration STARTUP = Duration.ofMinutes(3);

	/** The lowest port {@link #freePort} hands out. */
	private static final int FIRST_PORT = 20_000;

	private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

	private final String name;

	private final List<String> arguments;

	private final int port;

	private final Path log;

	private Process process;

	private ServerProcess(String name, int port, List<String> arguments) {
		this.name = name;
		this.port = port;
		this.arguments = arguments;
		this.log = Path.of("target", name + ".log");
	}

	/**
	 * Starts a server process, without waiting for it to serve.
	 * @param name names the log file, target/NAME.log
	 * @param arguments Spring Boot arguments on top of a free gRPC port on loopback and
	 * the sample rules (an argument for one of those replaces it)
	 * @return the process
	 */
	static ServerProcess start(String name, String... arguments) {
		int port = freePort();
		List<String> all = new ArrayList<>(List.of("--spring.grpc.server.port=" + port,
				"--spring.grpc.server.address=127.0.0.1", "--server.port=0", "--nextbest.rules.directory=../rules",
				"--management.server.port=0", "--management.server.address=127.0.0.1", "--test.clock=" + CLOCK));
		// An argument given replaces the default of the same setting.
		for (String argument : arguments) {
			String setting = argument.substring(0, argument.indexOf('=') + 1);
			all.removeIf((preset) -> !setting.isEmpty() && preset.startsWith(setting));
		}
		all.addAll(List.of(arguments));
		ServerProcess server = new ServerProcess(name, port, all);
		server.launch();
		return server;
	}

	/**
	 * A free TCP port on loopback, for a process to listen on later: taken below the
	 * kernel's ephemeral range where there is room, because a port of that range may be
	 * given meanwhile to any outgoing connection (members and the database connect to
	 * each other while a process starts) and the listener then fails to bind.
	 * @return the port
	 */
	static int freePort() {
		int below = ephemeralRangeStart();
		if (below > FIRST_PORT + 1_000) {
			for (int attempt = 0; attempt < 100; attempt++) {
				int port = ThreadLocalRandom.current().nextInt(FIRST_PORT, below);
				try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
					return socket.getLocalPort();
				}
				catch (IOException taken) {
					// In use: try another.
				}
			}
		}
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The first port of the kernel's ephemeral range, 0 where it cannot be read. */
	private static int ephemeralRangeStart() {
		try {
			// Read as lines: Files.readString trusts the size that /proc reports, and
			// returns its first byte only.
			return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	String target() {
		return "127.0.0.1:" + this.port;
	}

	Path log() {
		return this.log;
	}

	/**
	 * Waits until the server answers its health check.
	 * @return this process
	 */
	ServerProcess awaitServing() {
		ManagedChannel channel = Grpc.newChannelBuilder(target(), InsecureChannelCredentials.create()).build();
		try {
			long end = System.nanoTime() + STARTUP.toNanos();
			while (System.nanoTime() < end) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
							+ " while starting; see " + this.log.toAbsolutePath());
				}
				try {
					HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
						.withDeadlineAfter(2, TimeUnit.SECONDS)
						.check(HealthCheckRequest.getDefaultInstance());
					if (health.getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
						return this;
					}
				}
				catch (RuntimeException notYet) {
					// Not listening yet.
				}
				Thread.sleep(200);
			}
			throw new IllegalStateException(this.name + " did not start in " + STARTUP + "; see " + this.log);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			channel.shutdownNow();
		}
	}

	/** Kills the process with SIGKILL and waits until it is gone. */
	void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Asks the process to stop, with SIGTERM, as an orchestrator does; returns at once.
	 */
	void terminate() {
		this.process.destroy();
	}

	/**
	 * Waits for the process to end by itself.
	 * @param timeout how long at most
	 * @return its exit code
	 * @throws IllegalStateException when it is still running after the timeout
	 */
	int awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(this.name + " still runs " + timeout + " after it was asked to stop");
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Starts the process again with the same port and arguments.
	 * @return this process
	 */
	ServerProcess restart() {
		launch();
		return this;
	}

	/**
	 * Whether the log says something.
	 * @param text what to look for
	 * @return true once it is in the log
	 */
	boolean logged(String text) {
		try {
			return Files.readString(this.log).contains(text);
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
					kill();
				}
			}
			catch (InterruptedException ex) {
				kill();
				Thread.currentThread().interrupt();
			}
		}
	}

	private void launch() {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// The JDK access Hazelcast needs, as the test JVM got it.
		ManagementFactory.getRuntimeMXBean()
			.getInputArguments()
			.stream()
			.filter((argument) -> argument.startsWith("--add-"))
			.forEach(command::add);
		command.add("-Xmx384m");
		// Notice a killed member within seconds rather than a minute.
		command.add("-Dhazelcast.heartbeat.interval.seconds=1");
		command.add("-Dhazelcast.max.no.heartbeat.seconds=8");
		command.add("-Dhazelcast.wait.seconds.before.join=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(NextBestServer.class.getName());
		command.addAll(this.arguments);
		try {
			Files.createDirectories(this.log.getParent());
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
