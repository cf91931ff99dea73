package io.nextbest.server.grpc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.EventRejection;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.api.v1.RecordEventsResponse;
import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.EventDisposition;
import io.nextbest.server.ingest.EventIngest;

/**
 * One client stream of events. A message carries one event or a batch of up to
 * {@link #MAX_EVENTS_PER_MESSAGE}; batches save a bulk feed the cost of a message per
 * event. Flow control is end to end: the server asks the client for messages only while
 * fewer than {@link #IN_FLIGHT} events are outstanding, for no more messages than the
 * last message's size says will fit, and never for more than {@link #MAX_REQUESTED} at
 * once, so a fast feed is slowed to the store's pace instead of piling up in memory. An
 * invalid event is listed in the summary and the stream goes on; a store failure ends the
 * stream UNAVAILABLE once outstanding updates settle (re-sending is safe: events are
 * idempotent). A message the {@link RequestGuard} refuses (malformed, or over the size
 * limit) ends the stream there with the guard's status, once the events before it settle;
 * its description counts them and its details hold the summary of them.
 */
final class RecordEventsStream implements StreamObserver<RecordEventRequest> {

	static final int IN_FLIGHT = 1_024;

	static final int MAX_EVENTS_PER_MESSAGE = 1_000;

	static final int MAX_LISTED_REJECTIONS = 1_000;

	/** The most messages asked for and not yet received. */
	static final int MAX_REQUESTED = 16;

	/**
	 * Messages the server asks for at a time while some are still on their way (each
	 * request is a task on the call's executor).
	 */
	private static final int REQUEST_BATCH = 8;

	private final EventIngest ingest;

	private final Clock clock;

	private final Duration maxClockSkew;

	/** Why the caller may not record an event, or null when it may. */
	private final Function<ContextEvent, String> callerRefusal;

	private final ServerCallStreamObserver<RecordEventsResponse> responses;

	private final AtomicBoolean clientDone = new AtomicBoolean();

	private final AtomicBoolean answered = new AtomicBoolean();

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	/** Why the guard refused a message of the stream, which ended it. */
	private volatile Status refusal;

	private final LongAdder applied = new LongAdder();

	private final LongAdder duplicates = new LongAdder();

	private final LongAdder stale = new LongAdder();

	/** Only touched from onNext, which gRPC calls serially. */
	private final RecordEventsResponse.Builder rejections = RecordEventsResponse.newBuilder();

	private long index;

	private long rejected;

	/** Events taken and not settled; guarded by this. */
	private int outstanding;

	/** Messages asked for and not yet received; guarded by this. */
	private int requested;

	/** Events in the last message received; guarded by this. */
	private int lastSize = 1;

	RecordEventsStream(EventIngest ingest, Clock clock, Duration maxClockSkew,
			Function<ContextEvent, String> callerRefusal, ServerCallStreamObserver<RecordEventsResponse> responses) {
		this.ingest = ingest;
		this.clock = clock;
		this.maxClockSkew = maxClockSkew;
		this.callerRefusal = callerRefusal;
		this.responses = responses;
		responses.disableAutoRequest();
		RequestGuard.onRefusal(this::refused);
		// One message first: its size says how many more fit.
		this.requested = 1;
		responses.request(1);
	}

	@Override
	public void onNext(RecordEventRequest request) {
		Instant now = this.clock.instant();
		boolean single = request.hasEvent() || request.getEventsCount() == 0;
		int size = request.getEventsCount() + (single ? 1 : 0);
		askForMore(size, 0);
		String tooMany = (request.getEventsCount() > MAX_EVENTS_PER_MESSAGE) ? "a message carries at most "
				+ MAX_EVENTS_PER_MESSAGE + " events, this one " + request.getEventsCount() : null;
		if (single) {
			take(request.getEvent(), "event", now, tooMany);
		}
		for (int i = 0; i < request.getEventsCount(); i++) {
			take(request.getEvents(i), "events[" + i + "]", now, tooMany);
		}
	}

	/**
	 * Records an event, or rejects it: invalid, or in a message over the limit (then the
	 * whole message is refused, each event in the field {@code events}).
	 */
	private void take(Event proto, String path, Instant now, String tooMany) {
		if (tooMany != null) {
			refuse(proto, "events", tooMany);
			return;
		}
		ContextEvent event;
		try {
			event = RequestMapper.event(proto, path, now, this.maxClockSkew);
		}
		catch (InvalidArgumentException invalid) {
			refuse(proto, invalid.field(), invalid.problem());
			return;
		}
		String refused = this.callerRefusal.apply(event);
		if (refused != null) {
			refuse(proto, path, refused);
			return;
		}
		this.index++;
		this.ingest.record(event).whenComplete((disposition, error) -> {
			if (error != null) {
				this.failure.compareAndSet(null, error);
			}
			else {
				count(disposition);
			}
			askForMore(0, 1);
			finishIfDone();
		});
	}

	/** Lists a rejected event in the summary; it settles at once. */
	private void refuse(Event event, String field, String problem) {
		long position = this.index++;
		this.rejected++;
		if (this.rejections.getRejectionsCount() < MAX_LISTED_REJECTIONS) {
			this.rejections.addRejections(EventRejection.newBuilder()
				.setEventId(event.getEventId())
				.setIndex(position)
				.setField(field)
				.setMessage(problem));
		}
		askForMore(0, 1);
	}

	/**
	 * Books a message received or events settled, then asks the client for as many
	 * messages as fit in the window at the last message's size, up to
	 * {@link #MAX_REQUESTED} on their way: at once while none is, otherwise a handful at
	 * a time.
	 * @param received events of a message just received (0 for none)
	 * @param settled events just settled
	 */
	private void askForMore(int received, int settled) {
		int asked;
		synchronized (this) {
			if (received > 0) {
				this.requested--;
				this.lastSize = received;
			}
			this.outstanding += received - settled;
			int room = IN_FLIGHT - this.outstanding;
			int fit = (room > 0) ? Math.min(MAX_REQUESTED, (room + this.lastSize - 1) / this.lastSize) : 0;
			asked = fit - this.requested;
			if (asked <= 0 || (this.requested > 0 && asked < Math.min(REQUEST_BATCH, fit)) || this.failure.get() != null
					|| this.refusal != null || this.responses.isCancelled()) {
				return;
			}
			this.requested += asked;
		}
		this.responses.request(asked);
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

	/** A message could not be read: the stream ends before it. */
	private void refused(Status status) {
		this.refusal = status;
		onCompleted();
	}

	private void count(EventDisposition disposition) {
		switch (disposition) {
			case APPLIED -> this.applied.increment();
			case DUPLICATE -> this.duplicates.increment();
			case STALE -> this.stale.increment();
		}
	}

	private void finishIfDone() {
		boolean settled;
		synchronized (this) {
			settled = this.outstanding == 0;
		}
		settled = settled && (this.clientDone.get() || this.failure.get() != null);
		if (!settled || !this.answered.compareAndSet(false, true)) {
			return;
		}
		if (this.failure.get() != null) {
			this.responses.onError(GrpcErrors.toStatus(this.failure.get()));
			return;
		}
		RecordEventsResponse summary = this.rejections.setApplied(this.applied.sum())
			.setDuplicates(this.duplicates.sum())
			.setStale(this.stale.sum())
			.setRejected(this.rejected)
			.build();
		if (this.refusal != null) {
			this.responses.onError(withSummary(this.refusal, summary));
			return;
		}
		this.responses.onNext(summary);
		this.responses.onCompleted();
	}

	/**
	 * The guard's status, with what became of the events before the refused message: the
	 * client learns how far the server got, although the stream ends in an error.
	 */
	private static Throwable withSummary(Status refusal, RecordEventsResponse summary) {
		long taken = summary.getApplied() + summary.getDuplicates() + summary.getStale() + summary.getRejected();
		String description = refusal.getDescription() + String.format(Locale.ROOT,
				"; the %,d events before it were taken: %,d applied, %,d duplicates, %,d stale, %,d rejected"
						+ " (a RecordEventsResponse in the status details)",
				taken, summary.getApplied(), summary.getDuplicates(), summary.getStale(), summary.getRejected());
		return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
			.setCode(refusal.getCode().value())
			.setMessage(description)
			.addDetails(Any.pack(summary))
			.build());
	}

}
