package io.nextbest.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.MessageLite;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

/**
 * Drives the server with h2load (nghttp2's HTTP/2 load generator, C, one thread per
 * process), which costs the machine a fraction of what a gRPC-java client does: the
 * suite's own open-loop tool saturates before the server does on two shared cores.
 *
 * <p>
 * Each request is one gRPC frame (a zero compression flag, the length, the serialized
 * request) read from a file. h2load sends one body per process, so distinct customers are
 * distinct processes, each with its own connection; the echo baseline is measured with
 * the same number of processes, connections and streams, so that the ratio holds the
 * generator's cost alike on both sides. Latencies come from h2load's per-request log
 * (start of the request to the end of the response). h2load only sees HTTP statuses, not
 * gRPC's: every body is decided once through the gRPC client before it is used, and the
 * response bytes per request are reported beside the figures.
 */
final class H2Load {

	private static final Pattern REQUESTS = Pattern.compile(
			"requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored");

	private static final Pattern STATUS = Pattern
		.compile("status codes: (\\d+) 2xx, (\\d+) 3xx, (\\d+) 4xx, (\\d+) 5xx");

	private static final Pattern DATA = Pattern
		.compile("traffic: .*?\\((\\d+)\\) total, .*?\\((\\d+)\\) headers.*?, .*?\\((\\d+)\\) data");

	/** gRPC frames over HTTP/2 without TLS (h2c), as a gRPC client sends them. */
	static final Protocol GRPC = Protocol.GRPC;

	private final int port;

	private final Path directory;

	H2Load(int port, Path directory) throws IOException {
		this.port = port;
		this.directory = Files.createDirectories(directory);
	}

	/** Whether h2load is on the path. */
	static boolean available() {
		try {
			Process process = new ProcessBuilder("h2load", "--version").redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Writes a message as one uncompressed gRPC frame, the body of a request. */
	Path frame(String name, MessageLite message) {
		byte[] bytes = message.toByteArray();
		ByteBuffer frame = ByteBuffer.allocate(5 + bytes.length);
		frame.put((byte) 0).putInt(bytes.length).put(bytes);
		try {
			return Files.write(this.directory.resolve(name + ".grpc"), frame.array());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Runs one h2load process per body at once for a fixed duration and adds them up.
	 * @param method the gRPC method's path, e.g. {@code nba.v1.EchoService/Echo}
	 * @param streams the streams in flight per connection
	 * @param rate the requests per second offered in all, or 0 for as many as the streams
	 * allow (saturation)
	 */
	Result run(String method, List<Path> bodies, int streams, double rate, Duration duration)
			throws IOException, InterruptedException {
		return run(GRPC, this.port, method, bodies, 1, streams, rate, duration);
	}

	/**
	 * Runs one h2load process per body at once for a fixed duration and adds them up.
	 * @param protocol how the requests are sent: gRPC over h2c, or JSON over HTTP/1.1
	 * @param port the port to call
	 * @param path the path, e.g. {@code nba.v1.EchoService/Echo}
	 * @param connections the connections per process
	 * @param streams the requests in flight per connection (HTTP/1.1: 1, no pipelining)
	 * @param rate the requests per second offered in all, or 0 for as many as the streams
	 * allow (saturation)
	 */
	Result run(Protocol protocol, int port, String path, List<Path> bodies, int connections, int streams, double rate,
			Duration duration) throws IOException, InterruptedException {
		List<Process> processes = new ArrayList<>();
		List<Path> logs = new ArrayList<>();
		for (int i = 0; i < bodies.size(); i++) {
			Path log = this.directory.resolve("h2load-" + i + ".log");
			Files.deleteIfExists(log);
			logs.add(log);
			List<String> command = new ArrayList<>(List.of("h2load", "-c", Integer.toString(connections), "-t", "1",
					"-m", Integer.toString(streams), "-D", Long.toString(duration.toSeconds()), "-d",
					bodies.get(i).toString(), "--log-file", log.toString()));
			command.addAll(protocol.options());
			if (rate > 0) {
				// h2load's rate is per connection.
				command.addAll(List.of("--rps", String.format("%.3f", rate / bodies.size() / connections)));
			}
			command.add("http://127.0.0.1:" + port + "/" + path);
			processes.add(new ProcessBuilder(command).redirectErrorStream(true).start());
		}
		long succeeded = 0;
		long failed = 0;
		long ok = 0;
		long notOk = 0;
		long dataBytes = 0;
		double seconds = duration.toSeconds();
		for (Process process : processes) {
			String output = new String(process.getInputStream().readAllBytes());
			if (process.waitFor() != 0) {
				throw new IllegalStateException("h2load failed:\n" + output);
			}
			Matcher requests = REQUESTS.matcher(output);
			Matcher status = STATUS.matcher(output);
			Matcher data = DATA.matcher(output);
			if (!requests.find() || !status.find() || !data.find()) {
				throw new IllegalStateException("unexpected h2load output:\n" + output);
			}
			succeeded += Long.parseLong(requests.group(4));
			failed += Long.parseLong(requests.group(5)) + Long.parseLong(requests.group(6));
			ok += Long.parseLong(status.group(1));
			notOk += Long.parseLong(status.group(2)) + Long.parseLong(status.group(3))
					+ Long.parseLong(status.group(4));
			dataBytes += Long.parseLong(data.group(3));
		}
		long[] latencies = latencies(logs);
		return new Result(succeeded / seconds, succeeded, failed, notOk, (ok > 0) ? dataBytes / (double) ok : 0,
				percentile(latencies, 0.50), percentile(latencies, 0.99), percentile(latencies, 0.999));
	}

	/** Writes a message in the proto3 JSON mapping, the body of a Connect request. */
	Path json(String name, MessageOrBuilder message) {
		try {
			return Files.writeString(this.directory.resolve(name + ".json"),
					JsonFormat.printer().omittingInsignificantWhitespace().print(message));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** How h2load sends the requests. */
	enum Protocol {

		/** gRPC frames over h2c. */
		GRPC(List.of("-H", "content-type: application/grpc", "-H", "te: trailers")),

		/**
		 * Connect unary calls in JSON over HTTP/1.1, as curl, a browser's fetch behind a
		 * proxy and most HTTP libraries send them; a request at a time per connection.
		 */
		CONNECT_JSON(List.of("--h1", "-H", "content-type: application/json", "-H", "connect-protocol-version: 1")),

		/**
		 * The same calls over h2c (HTTP/2 with prior knowledge), as a site's backend
		 * (connect-node) or a proxy can send them: many at once on one connection.
		 */
		CONNECT_JSON_H2C(List.of("-H", "content-type: application/json", "-H", "connect-protocol-version: 1"));

		private final List<String> options;

		Protocol(List<String> options) {
			this.options = options;
		}

		List<String> options() {
			return this.options;
		}

	}

	/** The durations of the successful requests in the logs, in microseconds, sorted. */
	private static long[] latencies(List<Path> logs) throws IOException {
		List<long[]> parts = new ArrayList<>();
		int total = 0;
		for (Path log : logs) {
			List<String> lines = Files.readAllLines(log);
			long[] part = new long[lines.size()];
			int n = 0;
			for (String line : lines) {
				String[] columns = line.split("\t");
				if (columns.length >= 3 && columns[1].equals("200")) {
					part[n++] = Long.parseLong(columns[2].strip());
				}
			}
			parts.add(Arrays.copyOf(part, n));
			total += n;
		}
		long[] all = new long[total];
		int at = 0;
		for (long[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		Arrays.sort(all);
		return all;
	}

	private static long percentile(long[] sorted, double quantile) {
		return (sorted.length == 0) ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))];
	}

	/**
	 * What the processes did together: requests per second and latencies in microseconds;
	 * {@code notOk} answered with an HTTP status other than 200 and {@code failed} got no
	 * answer; {@code bytesPerResponse} is the DATA bytes per answer (gRPC frames, an
	 * error answer has none).
	 */
	record Result(double perSecond, long succeeded, long failed, long notOk, double bytesPerResponse, long p50,
			long p99, long p999) {

		@Override
		public String toString() {
			return String.format(
					"%,.0f/s (%,d ok, %d failed, %d not 200, %.0f response bytes each), p50 %d p99 %d " + "p99.9 %d us",
					this.perSecond, this.succeeded, this.failed, this.notOk, this.bytesPerResponse, this.p50, this.p99,
					this.p999);
		}

	}

}
