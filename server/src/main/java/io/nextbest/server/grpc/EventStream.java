package io.nextbest.server.grpc;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import io.nextbest.api.v1.EventRejection;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.api.v1.RecordEventsResponse;
import io.nextbest.server.context.ContextEvent;
import io.nextbest.server.context.ContextStore;
import io.nextbest.server.context.EventDisposition;
import io.nextbest.server.policy.PopulationResponses;

/**
 * One client stream of events. Flow control is end to end: the server asks the client for
 * a message only while fewer than {@link #IN_FLIGHT} updates are outstanding, so a fast
 * feed is slowed to the store's pace instead of piling up in memory. An invalid event is
 * listed in the summary and the stream goes on; a store failure ends the stream
 * UNAVAILABLE once outstanding updates settle (re-sending is safe: events are
 * idempotent).
 */
final class EventStream implements StreamObserver<RecordEventRequest> {

	static final int IN_FLIGHT = 256;

	static final int MAX_LISTED_REJECTIONS = 1_000;

	private final ContextStore contexts;

	private final PopulationResponses population;

	private final Clock clock;

	private final ServerCallStreamObserver<RecordEventsResponse> responses;

	private final AtomicInteger outstanding = new AtomicInteger();

	private final AtomicBoolean clientDone = new AtomicBoolean();

	private final AtomicBoolean answered = new AtomicBoolean();

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	private final LongAdder applied = new LongAdder();

	private final LongAdder duplicates = new LongAdder();

	private final LongAdder stale = new LongAdder();

	/** Only touched from onNext, which gRPC calls serially. */
	private final RecordEventsResponse.Builder rejections = RecordEventsResponse.newBuilder();

	private long index;

	private long rejected;

	EventStream(ContextStore contexts, PopulationResponses population, Clock clock,
			ServerCallStreamObserver<RecordEventsResponse> responses) {
		this.contexts = contexts;
		this.population = population;
		this.clock = clock;
		this.responses = responses;
		responses.disableAutoRequest();
		responses.request(IN_FLIGHT);
	}

	@Override
	public void onNext(RecordEventRequest request) {
		long position = this.index++;
		ContextEvent event;
		try {
			event = RequestMapper.event(request.getEvent(), "event", this.clock.instant());
		}
		catch (InvalidArgumentException invalid) {
			this.rejected++;
			if (this.rejections.getRejectionsCount() < MAX_LISTED_REJECTIONS) {
				this.rejections.addRejections(EventRejection.newBuilder()
					.setEventId(request.getEvent().getEventId())
					.setIndex(position)
					.setField(invalid.field())
					.setMessage(invalid.problem()));
			}
			this.responses.request(1);
			return;
		}
		this.outstanding.incrementAndGet();
		this.contexts.applyAsync(event).whenComplete((disposition, error) -> {
			if (error != null) {
				this.failure.compareAndSet(null, error);
			}
			else {
				count(disposition);
				this.population.record(event, disposition);
			}
			this.outstanding.decrementAndGet();
			if (this.failure.get() == null && !this.responses.isCancelled()) {
				this.responses.request(1);
			}
			finishIfDone();
		});
	}

	@Override
	public void onError(Throwable cancelled) {
		// The client went away: outstanding updates still complete, nothing is answered.
		this.answered.set(true);
	}

	@Override
	public void onCompleted() {
		this.clientDone.set(true);
		finishIfDone();
	}

	private void count(EventDisposition disposition) {
		switch (disposition) {
			case APPLIED -> this.applied.increment();
			case DUPLICATE -> this.duplicates.increment();
			case STALE -> this.stale.increment();
		}
	}

	private void finishIfDone() {
		boolean settled = this.outstanding.get() == 0 && (this.clientDone.get() || this.failure.get() != null);
		if (!settled || !this.answered.compareAndSet(false, true)) {
			return;
		}
		if (this.failure.get() != null) {
			this.responses.onError(GrpcErrors.toStatus(this.failure.get()));
			return;
		}
		this.responses.onNext(this.rejections.setApplied(this.applied.sum())
			.setDuplicates(this.duplicates.sum())
			.setStale(this.stale.sum())
			.setRejected(this.rejected)
			.build());
		this.responses.onCompleted();
	}

}
