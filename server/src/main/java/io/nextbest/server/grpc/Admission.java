package io.nextbest.server.grpc;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nextbest.server.logging.LogThrottle;

/**
 * Which calls the server takes on. Decided on the transport's thread as a call arrives,
 * before it costs a worker anything, so that a flood is refused as fast as it comes:
 * <ul>
 * <li>a call whose deadline has passed is answered DEADLINE_EXCEEDED, and one whose
 * deadline is nearer than the wait for a worker RESOURCE_EXHAUSTED;</li>
 * <li>at most {@code maxCalls} calls are in flight; beyond, a call is answered
 * RESOURCE_EXHAUSTED. The last tenth of them only goes to connections that have no call
 * in flight, so that a client flooding the server from a few connections does not lock
 * others out;</li>
 * <li>a call still waiting for a worker when its deadline passes (or its client gives up)
 * is never started.</li>
 * </ul>
 * Admitted calls run on {@link Workers}. It takes three hooks of the server builder: the
 * call executor supplier (the decision), an interceptor (the answer, and counting a call
 * until it ends) and a transport filter (calls per connection). Refusals are counted in
 * {@code nextbest.grpc.calls.refused} by reason and logged at most once a minute per
 * reason.
 */
final class Admission extends ServerTransportFilter implements ServerCallExecutorSupplier, ServerInterceptor {

	private static final Logger log = LoggerFactory.getLogger(Admission.class);

	private static final LogThrottle THROTTLE = new LogThrottle(LogThrottle.MINUTE);

	private static final Attributes.Key<Connection> CONNECTION = Attributes.Key.create("nextbest-connection");

	/** Where refused calls are answered: the transport's thread, which decided. */
	private static final Executor HERE = Runnable::run;

	private final int maxCalls;

	private final int reserved;

	private final Workers workers;

	private final MeterRegistry registry;

	private final AtomicInteger inFlight = new AtomicInteger();

	/** The decision on each call, from the executor supplier to the interceptor. */
	private final ConcurrentMap<ServerCall<?, ?>, Ticket> tickets = new ConcurrentHashMap<>();

	/**
	 * @param maxCalls the most calls in flight
	 * @param workers where admitted calls run; its queue holds at least {@code maxCalls}
	 * @param registry where refusals and calls in flight are measured
	 */
	Admission(int maxCalls, Workers workers, MeterRegistry registry) {
		this.maxCalls = maxCalls;
		this.reserved = Math.max(1, maxCalls / 10);
		this.workers = workers;
		this.registry = registry;
		Gauge.builder("nextbest.grpc.calls.in.flight", this.inFlight, AtomicInteger::get)
			.description("gRPC calls admitted and not ended")
			.register(registry);
		Gauge.builder("nextbest.grpc.workers.waiting", workers, Workers::waiting)
			.description("admitted gRPC calls waiting for a worker thread")
			.register(registry);
		TimeGauge.builder("nextbest.grpc.workers.wait", workers, TimeUnit.NANOSECONDS, Workers::waitNanos)
			.description("how long the admitted call waiting longest for a worker thread has waited")
			.register(registry);
	}

	@Override
	public Attributes transportReady(Attributes transportAttrs) {
		return transportAttrs.toBuilder().set(CONNECTION, new Connection()).build();
	}

	@Override
	public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
		Connection connection = call.getAttributes().get(CONNECTION);
		Ticket ticket = admit(connection, Context.current().getDeadline());
		this.tickets.put(call, ticket);
		return (ticket instanceof Admitted) ? this.workers : HERE;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		Ticket ticket = this.tickets.remove(call);
		if (ticket instanceof Refused refused) {
			call.close(refused.status(), new Metadata());
			return new ServerCall.Listener<>() {
			};
		}
		if (!(ticket instanceof Admitted admitted)) {
			// A server built without the executor supplier: nothing to count.
			return next.startCall(call, headers);
		}
		Context context = Context.current();
		if (context.isCancelled()) {
			// It waited for a worker past its deadline, or its client gave up meanwhile.
			Deadline deadline = context.getDeadline();
			boolean expired = deadline != null && deadline.isExpired();
			Status status = expired
					? refuse("expired", Status.DEADLINE_EXCEEDED,
							"the deadline passed while the call waited for a worker; it was not started")
					: refuse("cancelled", Status.CANCELLED,
							"the client cancelled the call while it waited for a worker; it was not started");
			call.close(status, new Metadata());
			return admitted.untilEnd(new ServerCall.Listener<>() {
			});
		}
		try {
			return admitted.untilEnd(next.startCall(new SimpleForwardingServerCall<>(call) {

				@Override
				public void close(Status status, Metadata trailers) {
					admitted.answered();
					super.close(status, trailers);
				}

			}, headers));
		}
		catch (RuntimeException | Error ex) {
			admitted.ended();
			throw ex;
		}
	}

	private Ticket admit(Connection connection, Deadline deadline) {
		if (deadline != null) {
			long left = deadline.timeRemaining(TimeUnit.NANOSECONDS);
			if (left <= 0) {
				return new Refused(refuse("expired", Status.DEADLINE_EXCEEDED, "the deadline had passed on arrival"));
			}
			long wait = this.workers.waitNanos();
			if (wait > left) {
				return new Refused(refuse("deadline", Status.RESOURCE_EXHAUSTED, String.format(Locale.ROOT,
						"the server is busy: calls wait %,d ms for a worker, longer than this call's deadline leaves; retry with backoff",
						TimeUnit.NANOSECONDS.toMillis(wait))));
			}
		}
		boolean idle = connection == null || connection.calls.get() == 0;
		int limit = idle ? this.maxCalls : this.maxCalls - this.reserved;
		int calls;
		do {
			calls = this.inFlight.get();
			if (calls >= limit) {
				return new Refused(refuse("busy", Status.RESOURCE_EXHAUSTED, String.format(Locale.ROOT,
						"the server is busy: %,d calls in flight; retry with backoff", calls)));
			}
		}
		while (!this.inFlight.compareAndSet(calls, calls + 1));
		return new Admitted(connection);
	}

	private Status refuse(String reason, Status status, String description) {
		this.registry.counter("nextbest.grpc.calls.refused", "reason", reason).increment();
		long heldBack = THROTTLE.admit(reason);
		if (heldBack >= 0) {
			log.warn("Refused a call: {} {}{}", status.getCode(), description, LogThrottle.heldBack(heldBack));
		}
		return status.withDescription(description);
	}

	/** The calls in flight on one connection. */
	private static final class Connection {

		final AtomicInteger calls = new AtomicInteger();

	}

	private sealed interface Ticket permits Admitted, Refused {

	}

	private record Refused(Status status) implements Ticket {

	}

	/**
	 * A call admitted: counted until it ends, and on its connection until it is answered.
	 */
	private final class Admitted implements Ticket {

		private final Connection connection;

		private final AtomicBoolean answered = new AtomicBoolean();

		private final AtomicBoolean ended = new AtomicBoolean();

		Admitted(Connection connection) {
			this.connection = connection;
			if (connection != null) {
				connection.calls.incrementAndGet();
			}
		}

		/**
		 * The server answered: the client may start its next call, which should find the
		 * connection idle.
		 */
		void answered() {
			if (this.answered.compareAndSet(false, true) && this.connection != null) {
				this.connection.calls.decrementAndGet();
			}
		}

		/** The call's last callback: it has nothing left on the workers. */
		void ended() {
			answered();
			if (this.ended.compareAndSet(false, true)) {
				Admission.this.inFlight.decrementAndGet();
			}
		}

		<ReqT> ServerCall.Listener<ReqT> untilEnd(ServerCall.Listener<ReqT> listener) {
			return new SimpleForwardingServerCallListener<>(listener) {

				@Override
				public void onComplete() {
					try {
						super.onComplete();
					}
					finally {
						ended();
					}
				}

				@Override
				public void onCancel() {
					try {
						super.onCancel();
					}
					finally {
						ended();
					}
				}

			};
		}

	}

}
