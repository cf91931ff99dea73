package io.nextbest.benchmarks;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import io.nextbest.api.v1.Campaign;
import io.nextbest.api.v1.CheckRequest;
import io.nextbest.api.v1.CheckResponse;
import io.nextbest.api.v1.ContextServiceGrpc;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.api.v1.RecordEventsResponse;
import io.nextbest.api.v1.SuppressionServiceGrpc;

/**
 * The two bulk feeds, each driven as fast as the server's flow control lets it: events
 * through ContextService.RecordEvents and recipients through SuppressionService.Check.
 * Both send only while the transport is ready, as a well-behaved client does.
 */
final class Feeds {

	private Feeds() {
	}

	/**
	 * What a feed did.
	 *
	 * @param items events or checks
	 * @param seconds how long it took, until the server's last answer
	 * @param rejected events the server rejected (should be none)
	 */
	record Throughput(long items, double seconds, long rejected) {

		double perSecond() {
			return this.items / this.seconds;
		}

	}

	/**
	 * Streams the population's events over several streams, each a slice of customers, in
	 * messages of a number of events each. The requests are built before the clock
	 * starts: the load generator shares the machine with the server, and making events is
	 * the feed's work, not the server's.
	 * @param perMessage events per message: 1 sends each in {@code event}, more in
	 * {@code events}
	 */
	static Throughput ingest(ManagedChannel channel, Population population, int streams, int perMessage) {
		return ingest(channel, population, 0, population.size(), streams, perMessage);
	}

	/**
	 * Streams a large population's events in parts of {@code part} customers, whose
	 * requests are held in memory while sent, as the large steps load theirs.
	 * @return the events sent, the seconds spent sending and the events rejected, summed
	 * over the parts
	 */
	static Throughput ingestInParts(ManagedChannel channel, Population population, int part, int streams,
			int perMessage) {
		long events = 0;
		double seconds = 0;
		long rejected = 0;
		for (int from = 0; from < population.size(); from += part) {
			Throughput sent = ingest(channel, population, from, Math.min(population.size(), from + part), streams,
					perMessage);
			events += sent.items();
			seconds += sent.seconds();
			rejected += sent.rejected();
		}
		return new Throughput(events, seconds, rejected);
	}

	/**
	 * Streams the events of customers {@code from} (inclusive) to {@code to} (exclusive)
	 * of the population, as {@link #ingest(ManagedChannel, Population, int, int)} does
	 * for all of them: a population too large to hold its requests in memory goes in
	 * parts.
	 */
	static Throughput ingest(ManagedChannel channel, Population population, int from, int to, int streams,
			int perMessage) {
		List<List<RecordEventRequest>> slices = new ArrayList<>();
		int count = to - from;
		for (int s = 0; s < streams; s++) {
			List<RecordEventRequest> slice = new ArrayList<>();
			RecordEventRequest.Builder message = RecordEventRequest.newBuilder();
			for (int customer = from + (int) ((long) count * s / streams); customer < from
					+ (int) ((long) count * (s + 1) / streams); customer++) {
				for (Event event : population.events(customer)) {
					if (perMessage == 1) {
						slice.add(RecordEventRequest.newBuilder().setEvent(event).build());
						continue;
					}
					message.addEvents(event);
					if (message.getEventsCount() == perMessage) {
						slice.add(message.build());
						message = RecordEventRequest.newBuilder();
					}
				}
			}
			if (message.getEventsCount() > 0) {
				slice.add(message.build());
			}
			slices.add(slice);
		}
		long start = System.nanoTime();
		List<CompletableFuture<RecordEventsResponse>> summaries = new ArrayList<>();
		for (List<RecordEventRequest> slice : slices) {
			Iterator<RecordEventRequest> events = slice.iterator();
			CompletableFuture<RecordEventsResponse> summary = new CompletableFuture<>();
			ContextServiceGrpc.newStub(channel)
				.recordEvents(new ClientResponseObserver<RecordEventRequest, RecordEventsResponse>() {
					@Override
					public void beforeStart(ClientCallStreamObserver<RecordEventRequest> requests) {
						requests.setOnReadyHandler(() -> {
							while (requests.isReady() && events.hasNext()) {
								requests.onNext(events.next());
							}
							if (!events.hasNext() && !summary.isDone()) {
								synchronized (summary) {
									if (events.hasNext() || this.closed) {
										return;
									}
									this.closed = true;
								}
								requests.onCompleted();
							}
						});
					}

					private boolean closed;

					@Override
					public void onNext(RecordEventsResponse value) {
						summary.complete(value);
					}

					@Override
					public void onError(Throwable t) {
						summary.completeExceptionally(t);
					}

					@Override
					public void onCompleted() {
					}
				});
			summaries.add(summary);
		}
		long applied = 0;
		long rejected = 0;
		for (CompletableFuture<RecordEventsResponse> summary : summaries) {
			RecordEventsResponse response = summary.join();
			applied += response.getApplied() + response.getDuplicates() + response.getStale();
			rejected += response.getRejected();
		}
		return new Throughput(applied, (System.nanoTime() - start) / 1e9, rejected);
	}

	/**
	 * Checks batches of recipients over several streams, a few batches in flight each.
	 * @param channel the channel
	 * @param campaign the send
	 * @param recipients recipient i of the run
	 * @param total how many checks
	 * @param batch recipients per request
	 * @param streams streams in parallel
	 * @return checks per second
	 */
	static Throughput check(ManagedChannel channel, Campaign campaign, IntFunction<String> recipients, int total,
			int batch, int streams) {
		long start = System.nanoTime();
		AtomicLong next = new AtomicLong();
		AtomicLong verdicts = new AtomicLong();
		List<CompletableFuture<Void>> done = new ArrayList<>();
		for (int s = 0; s < streams; s++) {
			CompletableFuture<Void> finished = new CompletableFuture<>();
			done.add(finished);
			SuppressionServiceGrpc.newStub(channel).check(new ClientResponseObserver<CheckRequest, CheckResponse>() {
				private ClientCallStreamObserver<CheckRequest> requests;

				private int inFlight;

				private boolean closed;

				@Override
				public void beforeStart(ClientCallStreamObserver<CheckRequest> requests) {
					this.requests = requests;
					requests.setOnReadyHandler(this::send);
				}

				private synchronized void send() {
					while (!this.closed && this.inFlight < 4 && this.requests.isReady()) {
						long first = next.getAndAdd(batch);
						if (first >= total) {
							this.closed = true;
							this.requests.onCompleted();
							return;
						}
						CheckRequest.Builder request = CheckRequest.newBuilder().setCampaign(campaign);
						for (long i = first; i < Math.min(total, first + batch); i++) {
							request.addCustomerIds(recipients.apply((int) i));
						}
						this.inFlight++;
						this.requests.onNext(request.build());
					}
				}

				@Override
				public void onNext(CheckResponse value) {
					verdicts.addAndGet(value.getVerdictsCount());
					synchronized (this) {
						this.inFlight--;
					}
					send();
				}

				@Override
				public void onError(Throwable t) {
					finished.completeExceptionally(t);
				}

				@Override
				public void onCompleted() {
					finished.complete(null);
				}
			});
		}
		CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
		return new Throughput(verdicts.get(), (System.nanoTime() - start) / 1e9, 0);
	}

}
