package io.nextbest.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;

import io.nextbest.api.v1.Campaign;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecisionServiceGrpc;
import io.nextbest.api.v1.Purpose;

/**
 * The scale step ({@code --only-scale}, not part of CI): for each population size, a
 * server of its own loaded with that many customers through the ingest API, then measured
 * as the other steps measure it (h2load for echo and Decide, the bulk feed for checks),
 * restarted on its store, and asked for customers it has not read since. Reports, per
 * size and as a ratio to the smallest: heap and on-disk bytes per customer, Decide's
 * saturation and p99 at a fixed rate, checks per second, the time from a restart to
 * serving, and the latency of a first decision for a customer not in memory.
 */
final class Scale {

	static final String HEADING = "## Scale";

	/** Customers ingested per part: their requests are held in memory while sent. */
	private static final int PART = 100_000;

	/** First decisions measured after a restart, one at a time. */
	private static final int FIRST_DECISIONS = 2_000;

	private Scale() {
	}

	/**
	 * One population size.
	 *
	 * @param customers customers loaded
	 * @param ingestPerSecond events per second while loading them
	 * @param heapPerCustomer heap after a full collection, per customer, over the server
	 * before the load
	 * @param diskPerCustomer bytes of the store's files per customer, over the store
	 * before the load
	 * @param h2 echo and Decide measured with h2load, one round
	 * @param checksPerSecond bulk suppression checks per second
	 * @param ready from the restart's start to serving
	 * @param firstDecisionP50 microseconds, a customer's first decision after the restart
	 * @param firstDecisionP99 likewise
	 */
	record Figures(int customers, double ingestPerSecond, double heapPerCustomer, double diskPerCustomer,
			H2LoadSteps.Figures h2, double checksPerSecond, Duration ready, long firstDecisionP50,
			long firstDecisionP99) {

	}

	static List<Figures> measure(Path jar, Path rules, int[] sizes) throws Exception {
		List<Figures> all = new ArrayList<>();
		for (int customers : sizes) {
			all.add(measure(jar, rules, customers));
		}
		return all;
	}

	private static Figures measure(Path jar, Path rules, int customers) throws Exception {
		// The stored contexts stay in the member's map: room for them, and for the
		// read cache and the collector on top.
		String serverHeap = ServerProcess.heapFor(customers);
		Suite.log(String.format(Locale.ROOT, "scale: %,d customers, server heap %s", customers, serverHeap));
		try (ServerProcess server = ServerProcess.start(jar, rules, Path.of("benchmarks/target/server-scale.log"),
				serverHeap, false)) {
			ManagedChannel channel = server.plaintextChannel();
			try {
				server.awaitServing(channel, Duration.ofMinutes(2));
				// Warm the ingest path with customers of their own, as the suite does.
				Feeds.ingest(channel, new Population(10_000, Instant.now(), "w"), 2, Suite.EVENTS_PER_MESSAGE);
				long heapBefore = server.usedHeapAfterGc();
				long diskBefore = server.storeBytes();
				Feeds.Throughput load = Feeds.ingestInParts(channel, new Population(customers, Instant.now()), PART, 2,
						Suite.EVENTS_PER_MESSAGE);
				double ingest = load.perSecond();
				double heap = (server.usedHeapAfterGc() - heapBefore) / (double) customers;
				double disk = (server.storeBytes() - diskBefore) / (double) customers;
				Suite.log(String.format(Locale.ROOT,
						"scale %,d: ingest %.0f events/s, %.0f heap bytes and %.0f disk bytes per customer", customers,
						ingest, heap, disk));
				H2LoadSteps.Figures h2 = H2LoadSteps.measure(channel, server.port(), new ServerThreads(server.pid()),
						customers, 16, 8, 1);
				Campaign campaign = Campaign.newBuilder()
					.setCampaignId("scale")
					.setChannel(Channel.CHANNEL_EMAIL)
					.setPurpose(Purpose.PURPOSE_MARKETING)
					.build();
				java.util.function.IntFunction<String> recipients = (i) -> (i % 10 == 9) ? "unknown-" + i
						: Population.customerId((int) ((i * 2_654_435_761L) % customers));
				Feeds.check(channel, campaign, recipients, 200_000, 10_000, 2);
				double checks = Feeds.check(channel, campaign, recipients, 2_000_000, 10_000, 2).perSecond();
				Suite.log(String.format(Locale.ROOT, "scale %,d: %.0f checks/s", customers, checks));
				Duration ready = server.restart(channel, Duration.ofMinutes(10));
				Suite.log(String.format(Locale.ROOT, "scale %,d: serving %.1f s after the restart", customers,
						ready.toMillis() / 1000.0));
				long[] first = firstDecisions(channel, customers);
				Suite.log(String.format(Locale.ROOT, "scale %,d: first decision p50 %d us, p99 %d us", customers,
						first[0], first[1]));
				return new Figures(customers, ingest, heap, disk, h2, checks, ready, first[0], first[1]);
			}
			finally {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
	}

	/**
	 * p50 and p99 of first decisions after a restart, in microseconds, one at a time:
	 * Decide is warmed up on the first tenth of the population, then asked once for each
	 * of customers spread over the rest, none of whom the server has read since it
	 * started.
	 */
	private static long[] firstDecisions(ManagedChannel channel, int customers) {
		DecisionServiceGrpc.DecisionServiceBlockingStub decisions = DecisionServiceGrpc.newBlockingStub(channel);
		int warm = customers / 10;
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		for (int i = 0; System.nanoTime() < until; i++) {
			decisions.decide(request(Population.customerId((int) ((i * 2_654_435_761L) % warm))));
		}
		long[] micros = new long[FIRST_DECISIONS];
		int rest = customers - warm;
		for (int i = 0; i < FIRST_DECISIONS; i++) {
			String customer = Population.customerId(warm + (int) ((long) i * rest / FIRST_DECISIONS));
			long start = System.nanoTime();
			decisions.decide(request(customer));
			micros[i] = (System.nanoTime() - start) / 1_000;
		}
		Arrays.sort(micros);
		return new long[] { micros[micros.length / 2], micros[(int) (micros.length * 0.99)] };
	}

	private static DecideRequest request(String customer) {
		return DecideRequest.newBuilder()
			.setCustomerId(customer)
			.addChannels(Channel.CHANNEL_WEB)
			.addChannels(Channel.CHANNEL_EMAIL)
			.addChannels(Channel.CHANNEL_APP)
			.build();
	}

	/** The section of RESULTS.md, every size against the smallest. */
	static String section(List<Figures> all) {
		Figures base = all.get(0);
		StringBuilder md = new StringBuilder();
		md.append(HEADING)
			.append(" (")
			.append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
			.append(", commit ")
			.append(Report.commit())
			.append(")\n\n");
		md.append("Written by `--only-scale` (`benchmarks/README.md`): a server of its own per size, loaded "
				+ "through the ingest API with the suite's population, measured with h2load (one round; "
				+ "Decide and echo ratios are of the same run), restarted on its store, then asked once for each "
				+ "of ")
			.append(FIRST_DECISIONS)
			.append(" customers it had not read since. Ratios in brackets are to the ")
			.append(String.format(Locale.ROOT, "%,d", base.customers()))
			.append("-customer server (target for Decide: ≤ 1.2×).\n\n");
		md.append("| customers | ingest events/s | heap B/customer | disk B/customer | Decide/echo saturation | "
				+ "Decide saturation/s | Decide p99 at 5,000/s | checks/s | ready after restart | "
				+ "first decision p50 / p99 |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|\n");
		for (Figures size : all) {
			double saturation = size.h2().decideSaturation().perSecond();
			long p99 = size.h2().decideFixed().p99();
			md.append(String.format(Locale.ROOT,
					"| %,d | %,.0f | %.0f | %.0f | %.2f | %,.0f (%.2f×) | %d µs (%.2f×) | %,.0f | %.1f s | %d / %d µs |\n",
					size.customers(), size.ingestPerSecond(), size.heapPerCustomer(), size.diskPerCustomer(),
					saturation / size.h2().echoSaturation().perSecond(), saturation,
					saturation / base.h2().decideSaturation().perSecond(), p99,
					p99 / (double) base.h2().decideFixed().p99(), size.checksPerSecond(),
					size.ready().toMillis() / 1000.0, size.firstDecisionP50(), size.firstDecisionP99()));
		}
		return md.append('\n').toString();
	}

}
