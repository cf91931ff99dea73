package io.nextbest.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;

import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.DecisionServiceGrpc;
import io.nextbest.api.v1.EchoRequest;

/**
 * Connect JSON Decide on the HTTP port against gRPC Decide on the gRPC port, the same
 * requests, both driven by h2load ({@link H2Load}) in the same run: throughput at
 * saturation and latency at 1,000 calls per second. gRPC goes as a gRPC client sends it
 * (h2c, one connection per h2load process with several streams); Connect as curl, a
 * site's backend or a proxy in front of browsers sends it (JSON over HTTP/1.1, one call
 * at a time per connection, as many connections per process as gRPC has streams), so both
 * arms keep the same number of calls in flight. Echo is measured the same two ways, the
 * ceiling of each protocol with no decision behind it, and from a single h2load process,
 * the generator's own ceiling. Each round alternates the arms, and which goes first;
 * every ratio is the median of the rounds' ratios.
 */
final class ConnectSteps {

	static final double FIXED_RATE = 1_000;

	/** The calls each arm makes of each rpc before anything is measured. */
	static final long WARM_UP_CALLS = 30_000;

	/** The longest a warm-up of one arm and rpc runs on a slow machine. */
	static final Duration WARM_UP_LIMIT = Duration.ofSeconds(60);

	private static final String ECHO = "nba.v1.EchoService/Echo";

	private static final String DECIDE = "nba.v1.DecisionService/Decide";

	private ConnectSteps() {
	}

	/**
	 * @param processes the h2load processes, hence the distinct customers
	 * @param inFlight the calls in flight per process at saturation: gRPC streams on one
	 * connection, or Connect's connections
	 * @param rounds how many times each figure is measured
	 * @param measured how long each measurement runs
	 */
	static Figures measure(ManagedChannel channel, long serverPid, int grpcPort, int httpPort, int customers,
			int processes, int inFlight, int rounds, Duration measured) throws Exception {
		H2Load load = new H2Load(grpcPort, Path.of("benchmarks/target/connect"));
		List<Path> grpcDecide = new ArrayList<>();
		List<Path> connectDecide = new ArrayList<>();
		List<Path> grpcEcho = new ArrayList<>();
		List<Path> connectEcho = new ArrayList<>();
		DecisionServiceGrpc.DecisionServiceBlockingStub check = DecisionServiceGrpc.newBlockingStub(channel);
		EchoRequest echo = EchoRequest.newBuilder().setPayload(ByteString.copyFrom(new byte[64])).build();
		for (int i = 0; i < processes; i++) {
			DecideRequest request = H2LoadSteps.request(Population.customerId((int) ((i * 2_654_435_761L) % customers)),
					i);
			// h2load sees HTTP statuses only: each body is decided once both ways first,
			// and
			// the two decisions must agree, so that neither arm measures errors or a
			// different answer.
			DecideResponse viaGrpc = check.decide(request);
			Path json = load.json("decide-" + i, request);
			DecideResponse viaConnect = connectDecide(httpPort, json);
			if (!viaConnect.getChannelsList().equals(viaGrpc.getChannelsList())) {
				throw new IllegalStateException("Connect and gRPC decided differently for " + request.getCustomerId()
						+ ":\n" + viaConnect + "\n" + viaGrpc);
			}
			grpcDecide.add(load.frame("decide-" + i, request));
			connectDecide.add(json);
			grpcEcho.add(load.frame("echo-" + i, echo));
			connectEcho.add(load.json("echo-" + i, echo));
		}
		Arm grpc = new Arm(load, H2Load.Protocol.GRPC, grpcPort, 1, inFlight);
		Arm connect = new Arm(load, H2Load.Protocol.CONNECT_JSON, httpPort, inFlight, 1);
		// Connect over h2c, shaped as gRPC is: one connection per process with as many
		// streams.
		Arm connectH2c = new Arm(load, H2Load.Protocol.CONNECT_JSON_H2C, httpPort, 1, inFlight);
		double loadBefore = loadAverage();
		Suite.log("Connect: warming up, " + processes + " processes, " + inFlight + " calls in flight each");
		warmUp(grpc, ECHO, grpcEcho);
		warmUp(connect, ECHO, connectEcho);
		warmUp(grpc, DECIDE, grpcDecide);
		warmUp(connect, DECIDE, connectDecide);
		warmUp(connectH2c, DECIDE, connectDecide);
		List<H2Load.Result> grpcSaturation = new ArrayList<>();
		List<H2Load.Result> connectSaturation = new ArrayList<>();
		List<H2Load.Result> grpcEchoSaturation = new ArrayList<>();
		List<H2Load.Result> connectEchoSaturation = new ArrayList<>();
		List<H2Load.Result> grpcFixed = new ArrayList<>();
		List<H2Load.Result> connectFixed = new ArrayList<>();
		List<H2Load.Result> grpcGenerator = new ArrayList<>();
		List<H2Load.Result> h2cSaturation = new ArrayList<>();
		List<H2Load.Result> h2cFixed = new ArrayList<>();
		double[] grpcCpu = new double[rounds];
		double[] connectCpu = new double[rounds];
		List<H2Load.Result> connectGenerator = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			// Which arm goes first alternates from round to round.
			boolean grpcFirst = round % 2 == 0;
			Arm first = grpcFirst ? grpc : connect;
			Arm second = grpcFirst ? connect : grpc;
			List<Path> firstDecide = grpcFirst ? grpcDecide : connectDecide;
			List<Path> secondDecide = grpcFirst ? connectDecide : grpcDecide;
			List<Path> firstEcho = grpcFirst ? grpcEcho : connectEcho;
			List<Path> secondEcho = grpcFirst ? connectEcho : grpcEcho;
			// The server's CPU (user and system, all its threads) around each run at
			// saturation, per call answered: the cost of a call, whatever the machine's
			// other load leaves the server.
			long cpuBefore = cpuNanos(serverPid);
			H2Load.Result a = log(first + " Decide saturation", first.run(DECIDE, firstDecide, 0, measured));
			long cpuBetween = cpuNanos(serverPid);
			H2Load.Result b = log(second + " Decide saturation", second.run(DECIDE, secondDecide, 0, measured));
			long cpuAfter = cpuNanos(serverPid);
			(grpcFirst ? grpcSaturation : connectSaturation).add(a);
			(grpcFirst ? connectSaturation : grpcSaturation).add(b);
			double firstCpu = (cpuBetween - cpuBefore) / 1_000.0 / Math.max(1, a.succeeded());
			double secondCpu = (cpuAfter - cpuBetween) / 1_000.0 / Math.max(1, b.succeeded());
			grpcCpu[round] = grpcFirst ? firstCpu : secondCpu;
			connectCpu[round] = grpcFirst ? secondCpu : firstCpu;
			Suite.log(String.format(
					"Connect step: server CPU per Decide at saturation: gRPC %.0f us, Connect JSON %.0f us",
					grpcCpu[round], connectCpu[round]));
			a = log(first + " Decide at 1,000/s", first.run(DECIDE, firstDecide, FIXED_RATE, measured));
			b = log(second + " Decide at 1,000/s", second.run(DECIDE, secondDecide, FIXED_RATE, measured));
			(grpcFirst ? grpcFixed : connectFixed).add(a);
			(grpcFirst ? connectFixed : grpcFixed).add(b);
			a = log(first + " echo saturation", first.run(ECHO, firstEcho, 0, measured));
			b = log(second + " echo saturation", second.run(ECHO, secondEcho, 0, measured));
			(grpcFirst ? grpcEchoSaturation : connectEchoSaturation).add(a);
			(grpcFirst ? connectEchoSaturation : grpcEchoSaturation).add(b);
			// Connect over h2c, after both: a figure beside the step's targets.
			h2cSaturation
				.add(log(connectH2c + " Decide saturation", connectH2c.run(DECIDE, connectDecide, 0, measured)));
			h2cFixed.add(log(connectH2c + " Decide at 1,000/s",
					connectH2c.run(DECIDE, connectDecide, FIXED_RATE, measured)));
			// The generator's ceiling: one h2load process with every call in flight.
			grpcGenerator.add(log("gRPC echo saturation, one h2load process",
					grpc.alone(processes).run(ECHO, grpcEcho.subList(0, 1), 0, measured)));
			connectGenerator.add(log("Connect echo saturation, one h2load process",
					connect.alone(processes).run(ECHO, connectEcho.subList(0, 1), 0, measured)));
		}
		double loadAfter = loadAverage();
		double[] saturationRatio = new double[rounds];
		double[] p50Ratio = new double[rounds];
		double[] p99Ratio = new double[rounds];
		double[] echoRatio = new double[rounds];
		double[] cpuRatio = new double[rounds];
		double[] h2cSaturationRatio = new double[rounds];
		double[] h2cP99Ratio = new double[rounds];
		for (int round = 0; round < rounds; round++) {
			h2cSaturationRatio[round] = h2cSaturation.get(round).perSecond() / grpcSaturation.get(round).perSecond();
			h2cP99Ratio[round] = h2cFixed.get(round).p99() / (double) grpcFixed.get(round).p99();
			cpuRatio[round] = connectCpu[round] / grpcCpu[round];
			saturationRatio[round] = connectSaturation.get(round).perSecond() / grpcSaturation.get(round).perSecond();
			p50Ratio[round] = connectFixed.get(round).p50() / (double) grpcFixed.get(round).p50();
			p99Ratio[round] = connectFixed.get(round).p99() / (double) grpcFixed.get(round).p99();
			echoRatio[round] = connectEchoSaturation.get(round).perSecond() / grpcEchoSaturation.get(round).perSecond();
		}
		return new Figures(processes, inFlight, rounds, measured, loadBefore, loadAfter, median(grpcSaturation),
				median(connectSaturation), medianP99(grpcFixed), medianP99(connectFixed), median(grpcEchoSaturation),
				median(connectEchoSaturation), median(grpcGenerator), median(connectGenerator), median(grpcCpu),
				median(connectCpu), median(h2cSaturation), medianP99(h2cFixed),
				new Ratios(median(saturationRatio), median(p50Ratio), median(p99Ratio), median(echoRatio),
						median(cpuRatio), median(h2cSaturationRatio), median(h2cP99Ratio)));
	}

	/**
	 * Calls at saturation until {@link #WARM_UP_CALLS} have succeeded (or
	 * {@link #WARM_UP_LIMIT} has passed): a warm-up by duration leaves the slower arm
	 * with a JIT that has seen a fraction of the faster one's calls, and its CPU per call
	 * kept falling long after such a warm-up.
	 */
	private static void warmUp(Arm arm, String path, List<Path> bodies) throws IOException, InterruptedException {
		long succeeded = 0;
		long started = System.nanoTime();
		while (succeeded < WARM_UP_CALLS && System.nanoTime() - started < WARM_UP_LIMIT.toNanos()) {
			succeeded += arm.run(path, bodies, 0, Duration.ofSeconds(5)).succeeded();
		}
		Suite.log("Connect: warmed up " + arm + " " + path + " with " + succeeded + " calls");
	}

	/**
	 * One Connect call through the JDK's HTTP client, read back as the gRPC answer is.
	 */
	private static DecideResponse connectDecide(int httpPort, Path json) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/" + DECIDE))
				.header("Content-Type", "application/json")
				.timeout(Duration.ofMinutes(1))
				.POST(HttpRequest.BodyPublishers.ofString(Files.readString(json)))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(
					"Connect Decide answered " + response.statusCode() + ": " + response.body());
		}
		DecideResponse.Builder decision = DecideResponse.newBuilder();
		JsonFormat.parser().merge(response.body(), decision);
		return decision.build();
	}

	/**
	 * The CPU time a process has used, user and system, from Linux's
	 * {@code /proc/<pid>/stat}; 0 elsewhere.
	 */
	static long cpuNanos(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// The fields after the command's name, which is in parentheses and may hold
			// spaces: utime and stime are the 14th and 15th of the line.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			// USER_HZ: 100 on Linux.
			return ticks * 10_000_000L;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/** The one-minute load average of the machine (Linux), or -1 elsewhere. */
	static double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	private static H2Load.Result log(String what, H2Load.Result result) {
		Suite.log("Connect step: " + what + ": " + result);
		return result;
	}

	private static H2Load.Result median(List<H2Load.Result> results) {
		return median(results, Comparator.comparingDouble(H2Load.Result::perSecond));
	}

	private static H2Load.Result medianP99(List<H2Load.Result> results) {
		return median(results, Comparator.comparingLong(H2Load.Result::p99));
	}

	private static H2Load.Result median(List<H2Load.Result> results, Comparator<H2Load.Result> order) {
		List<H2Load.Result> sorted = new ArrayList<>(results);
		sorted.sort(order);
		return sorted.get(sorted.size() / 2);
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	/**
	 * A way of calling: the protocol, its port, and how the calls in flight of a process
	 * are spread: over connections, or over streams of one connection.
	 */
	private record Arm(H2Load load, H2Load.Protocol protocol, int port, int connections, int streams) {

		H2Load.Result run(String path, List<Path> bodies, double rate, Duration duration)
				throws IOException, InterruptedException {
			return this.load.run(this.protocol, this.port, path, bodies, this.connections, this.streams, rate,
					duration);
		}

		/**
		 * The same arm from one process, with the calls in flight of {@code processes}.
		 */
		Arm alone(int processes) {
			return (this.streams > 1)
					? new Arm(this.load, this.protocol, this.port, this.connections, this.streams * processes)
					: new Arm(this.load, this.protocol, this.port, this.connections * processes, this.streams);
		}

		@Override
		public String toString() {
			return switch (this.protocol) {
				case GRPC -> "gRPC";
				case CONNECT_JSON -> "Connect JSON";
				case CONNECT_JSON_H2C -> "Connect JSON over h2c";
			};
		}

	}

	/**
	 * The medians of the rounds; the machine's one-minute load average before and after;
	 * the server's CPU per Decide at saturation in microseconds.
	 */
	record Figures(int processes, int inFlight, int rounds, Duration measured, double loadBefore, double loadAfter,
			H2Load.Result grpcSaturation, H2Load.Result connectSaturation, H2Load.Result grpcFixed,
			H2Load.Result connectFixed, H2Load.Result grpcEcho, H2Load.Result connectEcho, H2Load.Result grpcGenerator,
			H2Load.Result connectGenerator, double grpcCpuPerCall, double connectCpuPerCall,
			H2Load.Result h2cSaturation, H2Load.Result h2cFixed, Ratios ratios) {

	}

	/**
	 * Medians of each round's Connect / gRPC ratios: Decide's throughput at saturation,
	 * its p50 and p99 at 1,000/s, echo's throughput at saturation, the server's CPU per
	 * Decide at saturation; Connect over h2c: Decide's throughput at saturation and its
	 * p99 at 1,000/s.
	 */
	record Ratios(double saturation, double p50, double p99, double echo, double cpu, double h2cSaturation,
			double h2cP99) {

	}

}
