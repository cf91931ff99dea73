package io.nextbest.benchmarks;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;

import io.nextbest.api.v1.Campaign;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecisionServiceGrpc;
import io.nextbest.api.v1.EchoRequest;
import io.nextbest.api.v1.EchoServiceGrpc;
import io.nextbest.api.v1.Purpose;

/**
 * The whole benchmark suite in one run: starts the server from its executable jar, loads
 * a synthetic population through the event stream, measures the echo baseline, Decide,
 * bulk suppression, ingest and rule compilation, runs the JMH microbenchmarks, and writes
 * benchmarks/RESULTS.md with every figure as a ratio to the baseline of the same run.
 *
 * <p>
 * Options: {@code --customers N} (default 20000), {@code --jfr} (record the server with
 * Java Flight Recorder into benchmarks/target/server.jfr), {@code --no-jmh},
 * {@code --only-reload} (load the population, measure the live rule reload alone and
 * update its rows of an existing RESULTS.md), {@code --only-micro [REGEX]} (the JMH
 * microbenchmarks alone, those whose class names match), {@code --only-decide} (load the
 * population, measure echo, Decide and bulk suppression, print the figures and leave
 * RESULTS.md as it is), {@code --only-ingest} (warm up, measure ingest and heap per
 * context, print them and leave RESULTS.md as it is; with {@code --live} the population's
 * backfill is loaded first and its customers' next events, over the last 12 hours as a
 * live feed sends them, are measured), {@code --only-h2load} (load the population,
 * measure echo and Decide with h2load, visitors and bulk suppression, and write their
 * section of RESULTS.md; see {@link H2LoadSteps}), {@code --only-visitors} (load the
 * population, measure Decide for visitors against customers, print it),
 * {@code --only-connect} (load the population, measure Connect JSON Decide on the HTTP
 * port against gRPC Decide with h2load, and write their section of RESULTS.md; see
 * {@link ConnectSteps}), {@code --only-suppress-cli} (load the population, then
 * {@code nextbest suppress} on a million rows end to end against the server's own checks,
 * {@link SuppressCli}; prints them; {@code --cli-jar FILE[,FILE]} another build's tool,
 * or two run in turn, {@code --runs N}), {@code --only-whatif [CUSTOMERS]} (a what-if
 * over a stored population and Decide's p99 meanwhile, {@link WhatIfStep}),
 * {@code --only-scale
 * [SIZES]} (the scale step, {@link Scale}: populations of the comma-separated sizes,
 * 10,000, 1,000,000 and 5,000,000 by default, each in a server of its own; writes its
 * section of RESULTS.md), {@code --server-jar FILE} (another build's server). The context
 * store's microbenchmarks and the journey funnel's queries are measured in
 * {@code benchmarks/store}, which depends on the server's classes; this module measures
 * the server as a process and the engine as a library. Against a secured server (the
 * server inherits the environment, so {@code NBA_TLS_CERT} and the others secure it):
 * {@code --tls}, {@code --ca FILE}, {@code --cert FILE --key FILE}, {@code --token TOKEN}
 * (else {@code NEXTBEST_TOKEN}); see {@link Credentials}.
 */
public final class Suite {

	static final double DECIDE_RATE = 5_000;

	/** Events per RecordEvents message in the ingest measured against its target. */
	static final int EVENTS_PER_MESSAGE = 100;

	/** The span of each customer's events in a live feed's ingest ({@code --live}). */
	private static final Duration LIVE = Duration.ofHours(12);

	/** Customers whose events warm the server up before ingest is measured. */
	private static final int WARM_UP_CUSTOMERS = 10_000;

	private Suite() {
	}

	public static void main(String[] args) throws Exception {
		List<String> options = Arrays.asList(args);
		int customers = intOption(options, "--customers", 20_000);
		boolean jfr = options.contains("--jfr");
		boolean onlyReload = options.contains("--only-reload");
		boolean onlyDecide = options.contains("--only-decide");
		boolean onlyIngest = options.contains("--only-ingest");
		boolean onlyH2load = options.contains("--only-h2load");
		if (options.contains("--only-micro")) {
			// The JMH microbenchmarks alone, printed, with the classpath the build
			// resolved.
			String include = stringOption(options, "--only-micro", ".*Benchmark");
			for (Micro.Figure figure : Micro.run(include)) {
				log(String.format("%s: %.3f ± %.3f %s", figure.name(), figure.score(), figure.error(), figure.unit()));
			}
			return;
		}
		// Read first, so that a wrong option stops the suite before the server starts.
		ChannelCredentials credentials = Credentials.from(options);
		// Another build's jar, to compare two builds alternately.
		Path jar = Path.of(stringOption(options, "--server-jar", "server/target/nextbest-server-exec.jar"));
		if (!Files.exists(jar)) {
			throw new IllegalStateException("No " + jar + ": build first (see benchmarks/README.md).");
		}
		if (options.contains("--only-scale")) {
			if (Credentials.secured(options)) {
				throw new IllegalStateException("--only-scale drives a plaintext server only.");
			}
			int[] sizes = Arrays.stream(stringOption(options, "--only-scale", "10000,1000000,5000000").split(","))
				.mapToInt((size) -> Integer.parseInt(size.strip()))
				.toArray();
			List<Scale.Figures> figures = Scale.measure(jar, LiveReload.copyOf(Path.of("rules")), sizes);
			H2LoadReport.replaceSection(Path.of("benchmarks/RESULTS.md"), Scale.HEADING, Scale.section(figures));
			log("updated the scale section of benchmarks/RESULTS.md");
			return;
		}
		if (options.contains("--only-whatif")) {
			if (Credentials.secured(options)) {
				throw new IllegalStateException("--only-whatif drives a plaintext server only.");
			}
			int population = Integer.parseInt(stringOption(options, "--only-whatif", "1000000").strip());
			List<WhatIfStep.Round> rounds = WhatIfStep.measure(jar, LiveReload.copyOf(Path.of("rules")), population);
			H2LoadReport.replaceSection(Path.of("benchmarks/RESULTS.md"), WhatIfStep.HEADING,
					WhatIfStep.section(population, rounds));
			log("updated the what-if section of benchmarks/RESULTS.md");
			return;
		}
		Report report = new Report(String.join(" ", args));
		Instant started = Instant.now();
		// The server watches a copy of the sample rules, which the reload measurement
		// edits.
		Path rules = LiveReload.copyOf(Path.of("rules"));
		try (ServerProcess server = ServerProcess.start(jar, rules, Path.of("benchmarks/target/server.log"), "2g",
				jfr)) {
			log("connecting over " + Credentials.describe(options));
			ManagedChannel channel = NettyChannelBuilder
				.forAddress(new InetSocketAddress("127.0.0.1", server.port()), credentials)
				.directExecutor()
				.maxInboundMessageSize(16 * 1024 * 1024)
				.build();
			try {
				server.awaitServing(channel, Duration.ofMinutes(2));
				if (onlyIngest) {
					measureIngest(server, channel, customers, report, options.contains("--live"));
					return;
				}
				if (options.contains("--only-suppress-cli")) {
					measureIngest(server, channel, customers, report);
					List<Path> cliJars = Arrays
						.stream(stringOption(options, "--cli-jar", "clients/cli/target/nextbest-cli.jar").split(","))
						.map(Path::of)
						.toList();
					for (SuppressCli.Figures figures : SuppressCli.measure(channel, server.port(), customers, cliJars,
							intOption(options, "--runs", 3))) {
						log(SuppressCli.describe(figures));
					}
					return;
				}
				if (onlyH2load) {
					measureWithH2load(server, channel, customers, options, report);
					return;
				}
				if (options.contains("--only-connect")) {
					measureConnect(server, channel, customers, options);
					return;
				}
				if (options.contains("--only-visitors")) {
					measureIngest(server, channel, customers, report);
					logVisitors(Visitors.measure(channel, customers));
					return;
				}
				if (onlyReload) {
					log("ingesting " + customers + " customers");
					Feeds.Throughput ingest = Feeds.ingest(channel, new Population(customers, Instant.now()), 2,
							EVENTS_PER_MESSAGE);
					log(String.format("ingest %.0f events/s", ingest.perSecond()));
				}
				else {
					measureServer(server, channel, customers, report);
				}
				if (onlyDecide) {
					return;
				}
				report.liveReload(LiveReload.measure(channel, rules, decideCall(channel, customers),
						new ServerThreads(server.pid())));
			}
			finally {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
		if (onlyReload) {
			report.updateReloadRows(Path.of("benchmarks/RESULTS.md"));
			log("updated the rule reload rows of benchmarks/RESULTS.md");
			return;
		}
		report.reload(RuleReload.measure(300));
		if (!options.contains("--no-jmh")) {
			report.micro(Micro.run());
		}
		report.took(Duration.between(started, Instant.now()));
		report.write(Path.of("benchmarks/RESULTS.md"), Path.of("benchmarks/ANALYSIS.md"));
		log("wrote benchmarks/RESULTS.md");
	}

	private static void measureServer(ServerProcess server, ManagedChannel channel, int customers, Report report)
			throws Exception {
		long heapAfter = measureIngest(server, channel, customers, report);
		ByteString payload = ByteString.copyFrom(new byte[64]);
		EchoServiceGrpc.EchoServiceStub echo = EchoServiceGrpc.newStub(channel);
		EchoRequest echoRequest = EchoRequest.newBuilder().setPayload(payload).build();
		OpenLoop.Call echoCall = (done) -> echo.echo(echoRequest, observer(done));
		Report.Rpc echoRpc = measure("echo", echoCall);
		report.echo(echoRpc);

		Report.Rpc decide = measure("decide", decideCall(channel, customers));
		report.decide(decide);
		log(String.format("decide/echo: sustainable %.2f, saturation %.2f", decide.max() / echoRpc.max(),
				decide.saturation() / echoRpc.saturation()));

		Campaign campaign = Campaign.newBuilder()
			.setCampaignId("benchmark")
			.setChannel(Channel.CHANNEL_EMAIL)
			.setPurpose(Purpose.PURPOSE_MARKETING)
			.build();
		// One in ten recipients is unknown to the server, as on a real list.
		java.util.function.IntFunction<String> recipients = (i) -> (i % 10 == 9) ? "unknown-" + i
				: Population.customerId(i % customers);
		Feeds.check(channel, campaign, recipients, 200_000, 10_000, 2);
		Feeds.Throughput checks = Feeds.check(channel, campaign, recipients, 2_000_000, 10_000, 2);
		report.suppression(checks);
		log(String.format("suppression %.0f checks/s", checks.perSecond()));
		// Decide and the bulk checks have filled the server's read cache with the whole
		// population: what it costs on top of the stored contexts.
		log(String.format("heap after the reads: %.0f bytes per context more than after ingest",
				(server.usedHeapAfterGc() - heapAfter) / (double) customers));
	}

	/**
	 * Ingest, then echo and Decide driven by h2load, next to the suite's own generator's
	 * echo saturation, then bulk suppression; prints the figures and their ratios.
	 */
	private static void measureWithH2load(ServerProcess server, ManagedChannel channel, int customers,
			List<String> options, Report report) throws Exception {
		if (!H2Load.available()) {
			throw new IllegalStateException("No h2load on the path (Debian: apt-get install nghttp2-client).");
		}
		if (Credentials.secured(options)) {
			throw new IllegalStateException("--only-h2load drives a plaintext server only.");
		}
		measureIngest(server, channel, customers, report);
		EchoServiceGrpc.EchoServiceStub echo = EchoServiceGrpc.newStub(channel);
		EchoRequest echoRequest = EchoRequest.newBuilder().setPayload(ByteString.copyFrom(new byte[64])).build();
		OpenLoop.Call echoCall = (done) -> echo.echo(echoRequest, observer(done));
		OpenLoop.saturate(echoCall, 64, Duration.ofSeconds(3));
		double openLoopEcho = OpenLoop.saturate(echoCall, 64, Duration.ofSeconds(5));
		log(String.format("open-loop tool (gRPC-java) echo saturation %.0f/s", openLoopEcho));
		H2LoadSteps.Figures h2 = H2LoadSteps.measure(channel, server.port(), new ServerThreads(server.pid()), customers,
				intOption(options, "--h2load-processes", 16), intOption(options, "--h2load-streams", 8),
				intOption(options, "--rounds", 3));
		double echoSaturation = h2.echoSaturation().perSecond();
		log(String.format(
				"generators' echo saturation: h2load %d processes %.0f/s, h2load one process %.0f/s, "
						+ "open-loop tool %.0f/s (%.2f of h2load's)",
				h2.processes(), echoSaturation, h2.echoOneProcess().perSecond(), openLoopEcho,
				openLoopEcho / echoSaturation));
		log(String.format("Decide / echo saturation %.2f (customers alone %.2f); visitors / customers %.2f",
				h2.decideSaturation().perSecond() / echoSaturation, h2.knownSaturation().perSecond() / echoSaturation,
				h2.unknownSaturation().perSecond() / h2.knownSaturation().perSecond()));
		log(String.format("at %.0f/s Decide / echo: p50 %.2f, p99 %.2f", DECIDE_RATE,
				h2.decideFixed().p50() / (double) h2.echoFixed().p50(),
				h2.decideFixed().p99() / (double) h2.echoFixed().p99()));
		log(String.format(
				"medians of each round's ratios: Decide / echo saturation %.2f, visitors / customers %.2f, "
						+ "at %.0f/s Decide / echo p50 %.2f, p99 %.2f",
				h2.ratios().saturation(), h2.ratios().visitors(), DECIDE_RATE, h2.ratios().p50(), h2.ratios().p99()));
		log(String.format("server CPU per call at %.0f/s (medians): echo %.1f us, Decide %.1f us", DECIDE_RATE,
				h2.echoCpuMicros(), h2.decideCpuMicros()));
		Visitors.Figures visitors = Visitors.measure(channel, customers);
		logVisitors(visitors);
		Campaign campaign = Campaign.newBuilder()
			.setCampaignId("benchmark")
			.setChannel(Channel.CHANNEL_EMAIL)
			.setPurpose(Purpose.PURPOSE_MARKETING)
			.build();
		java.util.function.IntFunction<String> recipients = (i) -> (i % 10 == 9) ? "unknown-" + i
				: Population.customerId(i % customers);
		Feeds.check(channel, campaign, recipients, 200_000, 10_000, 2);
		Feeds.Throughput checks = Feeds.check(channel, campaign, recipients, 2_000_000, 10_000, 2);
		log(String.format("suppression %.0f checks/s", checks.perSecond()));
		H2LoadReport.update(Path.of("benchmarks/RESULTS.md"), new H2LoadReport.Run(customers, Report.commit(),
				report.ingestPerSecond(), report.heapPerContext(), openLoopEcho, h2, visitors, checks.perSecond()));
		log("updated the h2load section of benchmarks/RESULTS.md");
	}

	/**
	 * Loads the population, then Connect JSON Decide on the HTTP port against gRPC
	 * Decide, both driven by h2load ({@link ConnectSteps}); prints the figures and writes
	 * their section of RESULTS.md.
	 */
	private static void measureConnect(ServerProcess server, ManagedChannel channel, int customers,
			List<String> options) throws Exception {
		if (!H2Load.available()) {
			throw new IllegalStateException("No h2load on the path (Debian: apt-get install nghttp2-client).");
		}
		if (Credentials.secured(options)) {
			throw new IllegalStateException("--only-connect drives a plaintext server only.");
		}
		log("ingesting " + customers + " customers");
		Feeds.ingest(channel, new Population(customers, Instant.now()), 2, EVENTS_PER_MESSAGE);
		ConnectSteps.Figures figures = ConnectSteps.measure(channel, server.pid(), server.port(), server.httpPort(),
				customers, intOption(options, "--h2load-processes", 16), intOption(options, "--h2load-streams", 8),
				intOption(options, "--rounds", 3), Duration.ofSeconds(intOption(options, "--seconds", 5)));
		ConnectSteps.Ratios ratios = figures.ratios();
		log(String.format(
				"Connect JSON / gRPC, medians of the rounds: Decide saturation %.2f (%.0f/s against %.0f/s), "
						+ "at %.0f/s p50 %.2f p99 %.2f (p99 %d us against %d us), echo saturation %.2f, "
						+ "server CPU per Decide %.2f (%.0f us against %.0f us); load average %.1f before, %.1f after",
				ratios.saturation(), figures.connectSaturation().perSecond(), figures.grpcSaturation().perSecond(),
				ConnectSteps.FIXED_RATE, ratios.p50(), ratios.p99(), figures.connectFixed().p99(),
				figures.grpcFixed().p99(), ratios.echo(), ratios.cpu(), figures.connectCpuPerCall(),
				figures.grpcCpuPerCall(), figures.loadBefore(), figures.loadAfter()));
		ConnectReport.update(Path.of("benchmarks/RESULTS.md"), customers, Report.commit(), figures);
		log("updated the Connect section of benchmarks/RESULTS.md");
	}

	private static void logVisitors(Visitors.Figures visitors) {
		log(String.format(
				"open-loop tool: Decide for customers %.0f/s, first-sight visitors %.0f/s (%.2f), returning visitors "
						+ "%.0f/s (%.2f)",
				visitors.customers(), visitors.firstSight(), visitors.firstSightRatio(), visitors.returning(),
				visitors.returningRatio()));
	}

	/**
	 * Warms up, then streams the population's events in batches, then other customers'
	 * events one per message; returns the used heap after the population's.
	 */
	private static long measureIngest(ServerProcess server, ManagedChannel channel, int customers, Report report)
			throws Exception {
		return measureIngest(server, channel, customers, report, false);
	}

	/**
	 * The same, or with {@code live} the population's next events, spread over the last
	 * hours, measured after its backfill: what a live feed sends for known customers.
	 */
	private static long measureIngest(ServerProcess server, ManagedChannel channel, int customers, Report report,
			boolean live) throws Exception {
		Population population = new Population(customers, Instant.now());
		// A fresh server runs its first events interpreted and compiles the ingest path
		// meanwhile; that costs several times the events themselves on two cores, and a
		// feed meets it once per server start. Customers of their own warm it up first.
		int warmUp = Math.min(customers, WARM_UP_CUSTOMERS);
		log("warming up with " + warmUp + " other customers");
		Feeds.ingest(channel, new Population(warmUp, Instant.now(), "w"), 2, 1);
		Feeds.ingest(channel, new Population(warmUp, Instant.now(), "v"), 2, EVENTS_PER_MESSAGE);
		if (live) {
			log("ingesting the backfill of " + customers + " customers");
			Feeds.ingest(channel, population, 2, EVENTS_PER_MESSAGE);
			population = population.next(Instant.now(), LIVE);
		}
		long heapBefore = server.usedHeapAfterGc();
		log("ingesting " + customers + " customers, " + EVENTS_PER_MESSAGE + " events per message");
		ServerThreads threads = new ServerThreads(server.pid());
		ServerThreads.Snapshot cpuBefore = threads.snapshot();
		Feeds.Throughput ingest = Feeds.ingest(channel, population, 2, EVENTS_PER_MESSAGE);
		ServerThreads.Snapshot cpuAfter = threads.snapshot();
		// On a machine whose cores the load generator shares, the rate follows this.
		double cpuMicros = cpuAfter.since(cpuBefore)
			.microsPerItem(Duration.ofNanos(cpuAfter.nanoTime() - cpuBefore.nanoTime()), ingest.items());
		long heapAfter = server.usedHeapAfterGc();
		report.heap((heapAfter - heapBefore) / (double) customers, customers);
		log(String.format("ingest %.0f events/s, %.0f heap bytes per context%s, server CPU %.1f us per event%s",
				ingest.perSecond(), (heapAfter - heapBefore) / (double) customers,
				live ? " more than after the backfill" : "", cpuMicros,
				threads.available() ? "" : " (not measured here)"));
		long storeBytes = server.storeBytes();
		if (storeBytes >= 0) {
			// Every customer stored so far: the warm-up's two populations and this one.
			int stored = customers + 2 * warmUp;
			log(String.format("on disk %.0f bytes per stored customer (%,d bytes, %,d customers)",
					storeBytes / (double) stored, storeBytes, stored));
		}
		int others = Math.min(customers, WARM_UP_CUSTOMERS);
		log("ingesting " + others + " other customers, one event per message");
		Feeds.Throughput single = Feeds.ingest(channel, new Population(others, Instant.now(), "s"), 2, 1);
		log(String.format("ingest one event per message %.0f events/s", single.perSecond()));
		report.ingest(ingest, single);
		return heapAfter;
	}

	/** Decide for random customers of the population, three channels. */
	private static OpenLoop.Call decideCall(ManagedChannel channel, int customers) {
		DecisionServiceGrpc.DecisionServiceStub decisions = DecisionServiceGrpc.newStub(channel);
		DecideRequest[] requests = new DecideRequest[4096];
		for (int i = 0; i < requests.length; i++) {
			requests[i] = DecideRequest.newBuilder()
				.setCustomerId(Population.customerId((int) ((i * 2_654_435_761L) % customers)))
				.addChannels(Channel.CHANNEL_WEB)
				.addChannels(Channel.CHANNEL_EMAIL)
				.addChannels(Channel.CHANNEL_APP)
				.build();
		}
		int[] next = new int[1];
		return (done) -> decisions.decide(requests[(next[0]++) & 4095], observer(done));
	}

	private static Report.Rpc measure(String name, OpenLoop.Call call) {
		OpenLoop.saturate(call, 64, Duration.ofSeconds(3));
		double saturation = OpenLoop.saturate(call, 64, Duration.ofSeconds(4));
		log(String.format("%s saturation %.0f/s", name, saturation));
		OpenLoop.Result max = OpenLoop.maxSustainable(call, saturation, Duration.ofSeconds(1), Duration.ofSeconds(3));
		log(String.format("%s sustainable %.0f/s p99 %d us", name, max.achieved(), max.p99()));
		OpenLoop.Result fixed = OpenLoop.run(call, DECIDE_RATE, Duration.ofSeconds(2), Duration.ofSeconds(8));
		log(String.format("%s at %.0f/s: p50 %d p99 %d p99.9 %d us", name, DECIDE_RATE, fixed.p50(), fixed.p99(),
				fixed.p999()));
		return new Report.Rpc(saturation, max, fixed);
	}

	private static <T> StreamObserver<T> observer(OpenLoop.Done done) {
		return new StreamObserver<>() {
			@Override
			public void onNext(T value) {
			}

			@Override
			public void onError(Throwable t) {
				done.finished(false);
			}

			@Override
			public void onCompleted() {
				done.finished(true);
			}
		};
	}

	/** The value after an option, unless the next word is another option. */
	public static String stringOption(List<String> options, String name, String fallback) {
		int at = options.indexOf(name);
		return (at >= 0 && at + 1 < options.size() && !options.get(at + 1).startsWith("--")) ? options.get(at + 1)
				: fallback;
	}

	public static int intOption(List<String> options, String name, int fallback) {
		int at = options.indexOf(name);
		return (at >= 0 && at + 1 < options.size()) ? Integer.parseInt(options.get(at + 1)) : fallback;
	}

	public static void log(String message) {
		System.err.println("[benchmarks] " + message);
	}

	/** Rule set compilation, the bulk of a reload. */
	static final class RuleReload {

		private RuleReload() {
		}

		/** Median of three compilations of a generated rule set, in milliseconds. */
		static double measure(int rules) throws Exception {
			List<Long> times = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				long start = System.nanoTime();
				GeneratedRules.load(rules);
				times.add(System.nanoTime() - start);
			}
			times.sort(null);
			log(String.format("compiling %d rules: %.0f ms", rules, times.get(1) / 1e6));
			return times.get(1) / 1e6;
		}

	}

}
