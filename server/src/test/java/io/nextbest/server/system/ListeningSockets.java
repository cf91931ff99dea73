package io.nextbest.server.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.springframework.context.ApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * What listens on a TCP port of this machine, read from Linux's /proc/net/tcp and tcp6,
 * so that a test can tell where a server bound without sending traffic anywhere.
 */
public final class ListeningSockets {

	/** Loopback as /proc/net writes it: 127.0.0.1, ::ffff:127.0.0.1 and ::1. */
	public static final List<String> LOOPBACK = List.of("0100007F", "v6:0000000000000000FFFF00000100007F",
			"v6:00000000000000000000000001000000");

	private ListeningSockets() {
	}

	/**
	 * @param port a TCP port
	 * @return the local addresses of the sockets listening on it, in /proc/net's hex form
	 * ({@code v6:} before an IPv6 one)
	 */
	public static List<String> addresses(int port) {
		String hexPort = String.format(Locale.ROOT, "%04X", port);
		List<String> addresses = new ArrayList<>();
		for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			List<String> lines;
			try {
				lines = Files.readAllLines(Path.of(file));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			for (String line : lines.subList(1, lines.size())) {
				String[] fields = line.trim().split("\\s+");
				String[] local = fields[1].split(":");
				// State 0A is LISTEN.
				if (local[1].equals(hexPort) && fields[3].equals("0A")) {
					addresses.add(file.endsWith("6") ? "v6:" + local[0] : local[0]);
				}
			}
		}
		return addresses;
	}

	/**
	 * @param server a running server
	 * @return the TCP port its gRPC server listens on
	 */
	public static int grpcPort(ApplicationContext server) {
		return server.getBeansOfType(GrpcServerLifecycle.class)
			.values()
			.stream()
			.mapToInt(GrpcServerLifecycle::getPort)
			.filter((p) -> p > 0)
			.findFirst()
			.orElseThrow();
	}

	/**
	 * @param server a running server
	 * @return the TCP port its management endpoint (Actuator) listens on
	 */
	public static int managementPort(ApplicationContext server) {
		return server.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
	}

	/**
	 * @param server a running server
	 * @return the TCP port its HTTP server listens on
	 */
	public static int httpPort(ApplicationContext server) {
		return server.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	/**
	 * @return the TCP ports this JVM listens on, on any address: the sockets among its
	 * open files that /proc/net lists in state LISTEN
	 */
	public static Set<Integer> portsOfThisProcess() {
		Set<String> inodes = new HashSet<>();
		try (Stream<Path> files = Files.list(Path.of("/proc/self/fd"))) {
			for (Path fd : files.toList()) {
				try {
					String target = Files.readSymbolicLink(fd).toString();
					if (target.startsWith("socket:[")) {
						inodes.add(target.substring("socket:[".length(), target.length() - 1));
					}
				}
				catch (IOException closedMeanwhile) {
					// A descriptor closed while the directory was read.
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Set<Integer> ports = new TreeSet<>();
		for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			List<String> lines;
			try {
				lines = Files.readAllLines(Path.of(file));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			for (String line : lines.subList(1, lines.size())) {
				String[] fields = line.trim().split("\\s+");
				if (fields[3].equals("0A") && inodes.contains(fields[9])) {
					ports.add(Integer.parseInt(fields[1].split(":")[1], 16));
				}
			}
		}
		return ports;
	}

}
