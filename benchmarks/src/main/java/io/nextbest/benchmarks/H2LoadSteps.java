package io.nextbest.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecisionServiceGrpc;
import io.nextbest.api.v1.EchoRequest;
import io.nextbest.api.v1.RequestContext;

/**
 * Echo and Decide measured with h2load ({@link H2Load}): saturation and a fixed rate of
 * 5,000 calls per second, each a ratio to echo measured the same way in the same run.
 * Decide asks for customers of the population (each with the request context a web page
 * sends), one process in eight for a visitor the server has never seen; at saturation
 * also for customers alone and visitors alone. Each figure is measured in rounds that
 * alternate echo and Decide, and the median of the rounds is kept, since the speed of a
 * shared machine drifts within a minute.
 */
final class H2LoadSteps {

	static final String ECHO = "nba.v1.EchoService/Echo";

	static final String DECIDE = "nba.v1.DecisionService/Decide";

	private static final String[] PAGES = { "/", "/account", "/account/billing", "/offers", "/support", "/broadband",
			"/mobile", "/tv" };

	private static final String[] DEVICES = { "mobile", "desktop", "tablet" };

	private H2LoadSteps() {
	}

	/**
	 * @param processes the h2load processes, hence the distinct customers of each kind
	 * @param streams the streams in flight per process at saturation
	 * @param rounds how many times each figure is measured
	 */
	static Figures measure(ManagedChannel channel, int port, ServerThreads threads, int customers, int processes,
			int streams, int rounds) throws Exception {
		H2Load load = new H2Load(port, Path.of("benchmarks/target/h2load"));
		List<Path> echo = new ArrayList<>();
		List<Path> known = new ArrayList<>();
		List<Path> unknown = new ArrayList<>();
		List<Path> mix = new ArrayList<>();
		DecisionServiceGrpc.DecisionServiceBlockingStub check = DecisionServiceGrpc.newBlockingStub(channel);
		EchoRequest echoRequest = EchoRequest.newBuilder().setPayload(ByteString.copyFrom(new byte[64])).build();
		for (int i = 0; i < processes; i++) {
			echo.add(load.frame("echo-" + i, echoRequest));
			DecideRequest knownRequest = request(Population.customerId((int) ((i * 2_654_435_761L) % customers)), i);
			DecideRequest unknownRequest = request("visitor-" + Long.toHexString(System.nanoTime()) + "-" + i, i);
			// h2load sees HTTP statuses only: each body is decided once through gRPC
			// first,
			// so that a body the server refuses stops the run instead of measuring
			// errors.
			// The visitor's first decision reads the store once, as it would in
			// production.
			check.decide(knownRequest);
			check.decide(unknownRequest);
			known.add(load.frame("known-" + i, knownRequest));
			unknown.add(load.frame("unknown-" + i, unknownRequest));
		}
		// The mix: one process in eight sends a visitor's Decide, the others a
		// customer's.
		for (int i = 0; i < processes; i++) {
			mix.add((i % 8 == 7) ? unknown.get(i) : known.get(i));
		}
		Duration measured = Duration.ofSeconds(5);
		// Until the JIT has compiled the Decide path: a first round after three seconds
		// of
		// each still ran at a fifth of the later ones.
		Suite.log("h2load: warming up, " + processes + " processes of " + streams + " streams");
		load.run(ECHO, echo, streams, 0, Duration.ofSeconds(5));
		load.run(DECIDE, mix, streams, 0, Duration.ofSeconds(15));
		load.run(DECIDE, unknown, streams, 0, Duration.ofSeconds(3));
		List<H2Load.Result> echoSaturation = new ArrayList<>();
		List<H2Load.Result> echoOneProcess = new ArrayList<>();
		List<H2Load.Result> mixSaturation = new ArrayList<>();
		List<H2Load.Result> knownSaturation = new ArrayList<>();
		List<H2Load.Result> unknownSaturation = new ArrayList<>();
		List<H2Load.Result> echoFixed = new ArrayList<>();
		List<H2Load.Result> mixFixed = new ArrayList<>();
		double[] echoCpu = new double[rounds];
		double[] mixCpu = new double[rounds];
		for (int round = 0; round < rounds; round++) {
			echoSaturation.add(log("echo saturation", load.run(ECHO, echo, streams, 0, measured)));
			mixSaturation.add(log("Decide saturation", load.run(DECIDE, mix, streams, 0, measured)));
			knownSaturation.add(log("Decide known saturation", load.run(DECIDE, known, streams, 0, measured)));
			unknownSaturation.add(log("Decide unknown saturation", load.run(DECIDE, unknown, streams, 0, measured)));
			// h2load's own ceiling: one process, as many streams in flight in all.
			echoOneProcess.add(log("echo saturation, one h2load process",
					load.run(ECHO, echo.subList(0, 1), streams * processes, 0, measured)));
			ServerThreads.Snapshot before = threads.snapshot();
			echoFixed.add(log("echo at 5,000/s", load.run(ECHO, echo, streams, Suite.DECIDE_RATE, measured)));
			echoCpu[round] = threads.snapshot().since(before).microsPerItem(measured, echoFixed.get(round).succeeded());
			before = threads.snapshot();
			mixFixed.add(log("Decide at 5,000/s", load.run(DECIDE, mix, streams, Suite.DECIDE_RATE, measured)));
			mixCpu[round] = threads.snapshot().since(before).microsPerItem(measured, mixFixed.get(round).succeeded());
			Suite.log(String.format("server CPU per call at 5,000/s: echo %.1f us, Decide %.1f us", echoCpu[round],
					mixCpu[round]));
		}
		double[] saturationRatio = new double[rounds];
		double[] visitorRatio = new double[rounds];
		double[] p50Ratio = new double[rounds];
		double[] p99Ratio = new double[rounds];
		for (int round = 0; round < rounds; round++) {
			saturationRatio[round] = mixSaturation.get(round).perSecond() / echoSaturation.get(round).perSecond();
			visitorRatio[round] = unknownSaturation.get(round).perSecond() / knownSaturation.get(round).perSecond();
			p50Ratio[round] = mixFixed.get(round).p50() / (double) echoFixed.get(round).p50();
			p99Ratio[round] = mixFixed.get(round).p99() / (double) echoFixed.get(round).p99();
		}
		return new Figures(processes, streams, median(echoSaturation), median(echoOneProcess), median(mixSaturation),
				median(knownSaturation), median(unknownSaturation), medianP99(echoFixed), medianP99(mixFixed),
				median(echoCpu), median(mixCpu),
				new Ratios(median(saturationRatio), median(visitorRatio), median(p50Ratio), median(p99Ratio)));
	}

	private static H2Load.Result log(String what, H2Load.Result result) {
		Suite.log("h2load " + what + ": " + result);
		return result;
	}

	/** The round with the median throughput. */
	private static H2Load.Result median(List<H2Load.Result> results) {
		return median(results, Comparator.comparingDouble(H2Load.Result::perSecond));
	}

	/** The round with the median p99. */
	private static H2Load.Result medianP99(List<H2Load.Result> results) {
		return median(results, Comparator.comparingLong(H2Load.Result::p99));
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	private static H2Load.Result median(List<H2Load.Result> results, Comparator<H2Load.Result> order) {
		List<H2Load.Result> sorted = new ArrayList<>(results);
		sorted.sort(order);
		return sorted.get(sorted.size() / 2);
	}

	/** A web page's Decide for three channels, with what the page knows of the moment. */
	static DecideRequest request(String customerId, int i) {
		return DecideRequest.newBuilder()
			.setCustomerId(customerId)
			.addChannels(Channel.CHANNEL_WEB)
			.addChannels(Channel.CHANNEL_EMAIL)
			.addChannels(Channel.CHANNEL_APP)
			.setContext(RequestContext.newBuilder()
				.setPage(PAGES[i % PAGES.length])
				.setDevice(DEVICES[i % DEVICES.length])
				.setLocale("en-GB")
				.putAttributes("campaign", "spring-" + (i % 4)))
			.build();
	}

	/**
	 * The medians of the rounds; {@code echoCpuMicros} and {@code decideCpuMicros} are
	 * the server's CPU per call at 5,000/s, microseconds.
	 */
	record Figures(int processes, int streams, H2Load.Result echoSaturation, H2Load.Result echoOneProcess,
			H2Load.Result decideSaturation, H2Load.Result knownSaturation, H2Load.Result unknownSaturation,
			H2Load.Result echoFixed, H2Load.Result decideFixed, double echoCpuMicros, double decideCpuMicros,
			Ratios ratios) {

	}

	/**
	 * Medians of the ratios of each round (Decide against the echo measured just before
	 * it; visitors against customers just before them): Decide's saturation, visitors'
	 * saturation against customers', Decide's p50 and p99 at 5,000/s.
	 */
	record Ratios(double saturation, double visitors, double p50, double p99) {

	}

}
