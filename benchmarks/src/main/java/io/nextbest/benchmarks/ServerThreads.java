package io.nextbest.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the server process spends its CPU, by kind of thread, read from Linux's
 * {@code /proc/<pid>/task}: what a window of the benchmark cost each kind, in cores.
 * Elsewhere every figure is zero and {@link #available()} says so.
 */
final class ServerThreads {

	/** Kinds of server thread, by the names the JVM and the server give them. */
	enum Kind {

		/** gRPC and Netty threads: decoding, deciding, answering. */
		SERVING("serving (gRPC)"),

		/** The JVM's just-in-time compiler threads (C1, C2). */
		JIT("JIT compiler"),

		/** The rule reload thread: reading, compiling and checking a rule set. */
		RELOAD("rule reload"),

		/** The JVM's garbage collector threads. */
		GC("garbage collector"),

		/** Everything else: Hazelcast, the store, Drools' own workers. */
		OTHER("other");

		private final String label;

		Kind(String label) {
			this.label = label;
		}

		static Kind of(String threadName) {
			if (threadName.startsWith("grpc-") || threadName.startsWith("nioEventLoop")
					|| threadName.startsWith("epollEventLoop")) {
				return SERVING;
			}
			if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
				return JIT;
			}
			if (threadName.startsWith("rules-reload") || threadName.startsWith("rules-follow")) {
				return RELOAD;
			}
			if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
				return GC;
			}
			return OTHER;
		}

	}

	/** Clock ticks per second of {@code /proc}'s CPU times (USER_HZ, 100 on Linux). */
	private static final double TICKS_PER_SECOND = 100;

	private final Path tasks;

	ServerThreads(long pid) {
		this.tasks = Path.of("/proc", Long.toString(pid), "task");
	}

	boolean available() {
		return Files.isDirectory(this.tasks);
	}

	/** CPU used so far by each thread, by thread id. */
	Snapshot snapshot() {
		Map<String, ThreadTime> threads = new HashMap<>();
		if (available()) {
			try (Stream<Path> task = Files.list(this.tasks)) {
				for (Path thread : task.toList()) {
					try {
						String stat = Files.readString(thread.resolve("stat"));
						// The name (field 2) is in parentheses and may hold spaces; user
						// and
						// system time are fields 14 and 15.
						String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
						String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
						threads.put(thread.getFileName().toString(),
								new ThreadTime(Kind.of(name), Long.parseLong(fields[11]) + Long.parseLong(fields[12])));
					}
					catch (IOException | RuntimeException ended) {
						// The thread ended between the listing and the read.
					}
				}
			}
			catch (IOException ex) {
				// The server ended: nothing more to count.
			}
		}
		return new Snapshot(System.nanoTime(), threads);
	}

	private record ThreadTime(Kind kind, long ticks) {
	}

	/** The threads' CPU times at one moment. */
	record Snapshot(long nanoTime, Map<String, ThreadTime> threads) {

		/** Cores used by each kind of thread from an earlier snapshot to this one. */
		Usage since(Snapshot earlier) {
			double seconds = (this.nanoTime - earlier.nanoTime) / 1e9;
			Map<Kind, Double> cores = new EnumMap<>(Kind.class);
			for (Kind kind : Kind.values()) {
				cores.put(kind, 0.0);
			}
			this.threads.forEach((id, thread) -> {
				ThreadTime before = earlier.threads.get(id);
				long ticks = thread.ticks() - ((before != null) ? before.ticks() : 0);
				cores.merge(thread.kind(), ticks / TICKS_PER_SECOND / seconds, Double::sum);
			});
			return new Usage(cores);
		}

	}

	/**
	 * Cores used by each kind of thread over a window.
	 *
	 * @param cores by kind
	 */
	record Usage(Map<Kind, Double> cores) {

		double total() {
			return this.cores.values().stream().mapToDouble(Double::doubleValue).sum();
		}

		/**
		 * Microseconds of the server's CPU per item done over the window, the JIT
		 * compiler left out: what an item costs the machine, which a busy machine
		 * disturbs far less than it does throughput.
		 * @param window the window these cores were used over
		 * @param items calls answered or events taken in it
		 */
		double microsPerItem(Duration window, long items) {
			return (total() - this.cores.get(Kind.JIT)) * window.toNanos() / 1e3 / Math.max(1, items);
		}

		/** Each kind's median over windows. */
		static Usage median(List<Usage> windows) {
			Map<Kind, Double> cores = new EnumMap<>(Kind.class);
			for (Kind kind : Kind.values()) {
				List<Double> values = windows.stream().map((w) -> w.cores().get(kind)).sorted().toList();
				cores.put(kind, values.isEmpty() ? 0.0 : values.get(values.size() / 2));
			}
			return new Usage(cores);
		}

		@Override
		public String toString() {
			return this.cores.entrySet()
				.stream()
				.map((e) -> String.format(Locale.ROOT, "%s %.2f", e.getKey().label, e.getValue()))
				.collect(Collectors.joining(", "));
		}

	}

}
