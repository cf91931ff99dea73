package io.nextbest.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecisionServiceGrpc;
import io.nextbest.api.v1.RulesAdminServiceGrpc;
import io.nextbest.api.v1.WhatIfReport;
import io.nextbest.api.v1.WhatIfRequest;
import io.nextbest.api.v1.WhatIfUpdate;

/**
 * The what-if step ({@code --only-whatif [CUSTOMERS]}, 1,000,000 by default; not part of
 * CI): a server of its own loaded with the suite's population through the ingest API,
 * then, in alternating rounds, Decide at a fixed rate with h2load alone (steady), and the
 * same load while a what-if of the sample rules against a copy without "Open case
 * suppresses marketing" decides every stored customer on email, web and app (during).
 * Reports the what-if's customers per second and its time for the whole population
 * (target: 1,000,000 in at most 60 s), and Decide's p99 during a what-if against steady
 * (target: at most 1.5×), both from the same run.
 */
final class WhatIfStep {

	static final String HEADING = "## What-if";

	/** Customers ingested per part, as the scale step does. */
	private static final int PART = 100_000;

	/** Decide's rate while measuring, what a busy site sends at render time. */
	private static final double RATE = 2_000;

	/** Each latency window. */
	private static final Duration WINDOW = Duration.ofSeconds(5);

	private static final int ROUNDS = 2;

	private WhatIfStep() {
	}

	/**
	 * One round.
	 *
	 * @param steady Decide at the fixed rate without a what-if, per window
	 * @param during the same while a what-if ran, windows that ended before it did
	 * @param report the what-if's report
	 * @param seconds the what-if's wall time, from the call to its report
	 */
	record Round(List<H2Load.Result> steady, List<H2Load.Result> during, WhatIfReport report, double seconds) {

		double customersPerSecond() {
			return this.report.getCustomers() / this.seconds;
		}

		long steadyP99() {
			return medianP99(this.steady);
		}

		long duringP99() {
			return medianP99(this.during);
		}

	}

	static List<Round> measure(Path jar, Path rules, int customers) throws Exception {
		Path candidate = candidate(rules);
		String heap = ServerProcess.heapFor(customers);
		Suite.log(String.format(Locale.ROOT, "what-if: %,d customers, server heap %s", customers, heap));
		try (ServerProcess server = ServerProcess.start(jar, rules, Path.of("benchmarks/target/server-whatif.log"),
				heap, false)) {
			ManagedChannel channel = server.plaintextChannel();
			try {
				server.awaitServing(channel, Duration.ofMinutes(2));
				Feeds.ingest(channel, new Population(10_000, Instant.now(), "w"), 2, Suite.EVENTS_PER_MESSAGE);
				Feeds.Throughput stored = Feeds.ingestInParts(channel, new Population(customers, Instant.now()), PART,
						2, Suite.EVENTS_PER_MESSAGE);
				// How fast the store took the population: a store setting tried for the
				// what-if's sake (its cache, say) shows its cost to ingest here.
				Suite.log(String.format(Locale.ROOT, "what-if: %,d customers stored, %,d events at %,.0f/s", customers,
						stored.items(), stored.perSecond()));
				H2Load load = new H2Load(server.port(), Path.of("benchmarks/target/h2load"));
				List<Path> bodies = bodies(channel, load, customers);
				load.run(H2LoadSteps.DECIDE, bodies, 8, 0, Duration.ofSeconds(15));
				WhatIfRequest request = WhatIfRequest.newBuilder()
					.setCandidateDirectory("../" + candidate.getFileName())
					.addChannels(Channel.CHANNEL_EMAIL)
					.addChannels(Channel.CHANNEL_WEB)
					.addChannels(Channel.CHANNEL_APP)
					.build();
				// A first what-if, not measured: its code paths compiled, as a marketer's
				// second run would find them.
				whatIf(channel, request);
				List<Round> rounds = new ArrayList<>();
				for (int round = 0; round < ROUNDS; round++) {
					List<H2Load.Result> steady = new ArrayList<>();
					for (int i = 0; i < 4; i++) {
						steady.add(log("Decide at the fixed rate, steady",
								load.run(H2LoadSteps.DECIDE, bodies, 8, RATE, WINDOW)));
					}
					long start = System.nanoTime();
					CompletableFuture<WhatIfReport> running = CompletableFuture
						.supplyAsync(() -> whatIf(channel, request));
					List<H2Load.Result> during = new ArrayList<>();
					while (!running.isDone()) {
						H2Load.Result window = load.run(H2LoadSteps.DECIDE, bodies, 8, RATE, WINDOW);
						if (!running.isDone()) {
							during.add(log("Decide at the fixed rate, during the what-if", window));
						}
					}
					WhatIfReport report = running.get();
					double seconds = report.getTookMillis() / 1000.0;
					Round done = new Round(steady, during, report, seconds);
					Suite.log(String.format(Locale.ROOT,
							"what-if round %d: %,d customers in %.1f s (%,.0f/s, wall %.1f s), Decide p99 %d us steady, "
									+ "%d us during (%d windows)",
							round + 1, report.getCustomers(), seconds, done.customersPerSecond(),
							(System.nanoTime() - start) / 1e9, done.steadyP99(), done.duringP99(), during.size()));
					rounds.add(done);
				}
				return rounds;
			}
			finally {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
	}

	/** The sample rules without the open-case suppression, beside the served ones. */
	private static Path candidate(Path rules) throws IOException {
		Path candidate = LiveReload.copyOf(rules);
		Path moved = rules.resolveSibling(rules.getFileName() + "-candidate");
		Files.move(candidate, moved);
		Path service = moved.resolve("service.drl");
		Files.writeString(service,
				Files.readString(service).replaceFirst("(?s)rule \"Open case suppresses marketing\".*?\\nend\\n", ""),
				StandardCharsets.UTF_8);
		return moved;
	}

	/** Known customers' Decide requests, one body per h2load process. */
	private static List<Path> bodies(ManagedChannel channel, H2Load load, int customers) {
		DecisionServiceGrpc.DecisionServiceBlockingStub check = DecisionServiceGrpc.newBlockingStub(channel);
		List<Path> bodies = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			DecideRequest request = H2LoadSteps.request(Population.customerId((int) ((i * 2_654_435_761L) % customers)),
					i);
			check.decide(request);
			bodies.add(load.frame("whatif-known-" + i, request));
		}
		return bodies;
	}

	private static WhatIfReport whatIf(ManagedChannel channel, WhatIfRequest request) {
		Iterator<WhatIfUpdate> updates = RulesAdminServiceGrpc.newBlockingStub(channel)
			.withDeadlineAfter(30, TimeUnit.MINUTES)
			.whatIf(request);
		WhatIfReport report = null;
		while (updates.hasNext()) {
			WhatIfUpdate update = updates.next();
			if (update.hasReport()) {
				report = update.getReport();
			}
		}
		if (report == null) {
			throw new IllegalStateException("The what-if ended without a report.");
		}
		return report;
	}

	private static H2Load.Result log(String what, H2Load.Result result) {
		Suite.log(what + ": " + result);
		return result;
	}

	private static long medianP99(List<H2Load.Result> results) {
		if (results.isEmpty()) {
			return 0;
		}
		long[] p99 = results.stream().mapToLong(H2Load.Result::p99).sorted().toArray();
		return p99[p99.length / 2];
	}

	/** The durable store the server was given, as the section names it. */
	private static String store() {
		String url = System.getenv("NBA_STORE_URL");
		return (url == null) ? "the embedded H2 store (the default)"
				: "the store of `NBA_STORE_URL` (" + url.split("[?;]", 2)[0] + ")";
	}

	/** The section of RESULTS.md. */
	static String section(int customers, List<Round> rounds) {
		StringBuilder md = new StringBuilder();
		md.append(HEADING)
			.append(" (")
			.append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
			.append(", commit ")
			.append(Report.commit())
			.append(")\n\n");
		md.append(String.format(Locale.ROOT, "Written by `--only-whatif` (`benchmarks/README.md`): %,d customers ",
				customers))
			.append("stored through the ingest API into ")
			.append(store())
			.append(", a what-if of the sample rules against a copy without \"Open case "
					+ "suppresses marketing\" on email, web and app over every stored customer (the server reads its "
					+ "durable store, its worker process decides), and Decide at ")
			.append(String.format(Locale.ROOT, "%,.0f", RATE))
			.append("/s from h2load in 5-second windows, without a what-if (steady) and while one ran (during), "
					+ "the medians of the windows. Targets: 1,000,000 customers in ≤ 60 s; p99 during ≤ 1.5× steady.\n\n");
		md.append("| round | customers | what-if time | customers/s | 1,000,000 at that rate | Decide p99 steady | "
				+ "Decide p99 during | during / steady |\n");
		md.append("|---|---|---|---|---|---|---|---|\n");
		for (int i = 0; i < rounds.size(); i++) {
			Round round = rounds.get(i);
			md.append(String.format(Locale.ROOT, "| %d | %,d | %.1f s | %,.0f | %.1f s | %d µs | %d µs | %.2f× |\n",
					i + 1, round.report().getCustomers(), round.seconds(), round.customersPerSecond(),
					1_000_000 / round.customersPerSecond(), round.steadyP99(), round.duringP99(),
					round.duringP99() / (double) round.steadyP99()));
		}
		return md.append('\n').toString();
	}

}
