package io.nextbest.benchmarks;

import java.time.Duration;
import java.util.Arrays;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.DecisionServiceGrpc;

/**
 * Decide for visitors the server has no context for, against Decide for customers of the
 * population, with the open-loop tool at saturation (h2load repeats one body per process,
 * so its visitors are few). Two kinds: visitors seen for the first time, each asked for
 * once, whose decisions read the durable store; and returning visitors, a pool of 100,000
 * ids asked for in turn after each has been seen once, which the server's cache of
 * unknown customers can answer. Rounds alternate customers and visitors; the medians are
 * compared.
 */
final class Visitors {

	/** Returning visitors: distinct ids, each seen before it is measured. */
	static final int RETURNING = 100_000;

	private static final int ROUNDS = 5;

	private Visitors() {
	}

	/**
	 * Median saturations, calls per second, and the medians of each round's ratios to the
	 * customers' saturation measured just before.
	 */
	record Figures(double customers, double firstSight, double returning, double firstSightRatio,
			double returningRatio) {

	}

	static Figures measure(ManagedChannel channel, int customers) {
		DecisionServiceGrpc.DecisionServiceStub decisions = DecisionServiceGrpc.newStub(channel);
		long[] next = new long[3];
		String run = Long.toHexString(System.nanoTime());
		OpenLoop.Call known = (done) -> decisions
			.decide(request(Population.customerId((int) ((next[0]++ * 2_654_435_761L) % customers))), observer(done));
		OpenLoop.Call firstSight = (done) -> decisions.decide(request("visitor-" + run + "-new-" + next[1]++),
				observer(done));
		OpenLoop.Call returning = (done) -> decisions.decide(request("visitor-" + run + "-" + (next[2]++ % RETURNING)),
				observer(done));
		// Until the JIT has compiled the Decide path.
		OpenLoop.saturate(known, 64, Duration.ofSeconds(8));
		OpenLoop.saturate(firstSight, 64, Duration.ofSeconds(2));
		// Every returning visitor is seen once before the clock starts.
		while (next[2] < RETURNING) {
			OpenLoop.saturate(returning, 64, Duration.ofSeconds(1));
		}
		double[] knownRates = new double[ROUNDS];
		double[] firstRates = new double[ROUNDS];
		double[] returningRates = new double[ROUNDS];
		for (int round = 0; round < ROUNDS; round++) {
			knownRates[round] = OpenLoop.saturate(known, 64, Duration.ofSeconds(3));
			firstRates[round] = OpenLoop.saturate(firstSight, 64, Duration.ofSeconds(3));
			returningRates[round] = OpenLoop.saturate(returning, 64, Duration.ofSeconds(3));
			Suite.log(String.format(
					"open-loop Decide saturation: customers %.0f/s, first-sight visitors %.0f/s, returning visitors "
							+ "%.0f/s",
					knownRates[round], firstRates[round], returningRates[round]));
		}
		Suite.log("visitors asked for: " + next[1] + " first-sight, " + next[2] + " returning of " + RETURNING);
		double[] firstRatios = new double[ROUNDS];
		double[] returningRatios = new double[ROUNDS];
		for (int round = 0; round < ROUNDS; round++) {
			firstRatios[round] = firstRates[round] / knownRates[round];
			returningRatios[round] = returningRates[round] / knownRates[round];
		}
		return new Figures(median(knownRates), median(firstRates), median(returningRates), median(firstRatios),
				median(returningRatios));
	}

	private static double median(double[] rates) {
		double[] sorted = rates.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	private static DecideRequest request(String customerId) {
		return DecideRequest.newBuilder()
			.setCustomerId(customerId)
			.addChannels(Channel.CHANNEL_WEB)
			.addChannels(Channel.CHANNEL_EMAIL)
			.addChannels(Channel.CHANNEL_APP)
			.build();
	}

	private static StreamObserver<DecideResponse> observer(OpenLoop.Done done) {
		return new StreamObserver<>() {
			@Override
			public void onNext(DecideResponse value) {
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

}
