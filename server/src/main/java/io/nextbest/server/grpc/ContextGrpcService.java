package io.nextbest.server.grpc;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

import io.nextbest.api.v1.ContextServiceGrpc;
import io.nextbest.api.v1.CustomerExport;
import io.nextbest.api.v1.EventDisposition;
import io.nextbest.api.v1.ExportCustomerRequest;
import io.nextbest.api.v1.ExportCustomerResponse;
import io.nextbest.api.v1.ForgetCustomerRequest;
import io.nextbest.api.v1.ForgetCustomerResponse;
import io.nextbest.api.v1.GetContextRequest;
import io.nextbest.api.v1.GetContextResponse;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.api.v1.RecordEventResponse;
import io.nextbest.api.v1.RecordEventsResponse;
import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.server.context.ContextStore;
import io.nextbest.server.ingest.EventIngest;
import io.nextbest.server.security.AccessPolicy;
import io.nextbest.server.security.AuditLog;
import io.nextbest.server.security.Caller;
import io.nextbest.server.security.CurrentCaller;

/** The ContextService API over the {@link ContextStore}. */
@Service
class ContextGrpcService extends ContextServiceGrpc.ContextServiceImplBase {

	private final ContextStore contexts;

	private final EventIngest ingest;

	private final Clock clock;

	private final Duration maxClockSkew;

	private final Audited audited;

	ContextGrpcService(ContextStore contexts, EventIngest ingest, Clock clock, ContextLimits limits, AuditLog audit) {
		this.contexts = contexts;
		this.audited = new Audited(audit);
		this.ingest = ingest;
		this.clock = clock;
		this.maxClockSkew = limits.maxClockSkew();
	}

	@Override
	public void recordEvent(RecordEventRequest request, StreamObserver<RecordEventResponse> responses) {
		if (request.getEventsCount() > 0) {
			throw new InvalidArgumentException("events", "RecordEvent records one event; send batches on RecordEvents");
		}
		ContextEvent event = RequestMapper.event(request.getEvent(), "event", this.clock.instant(), this.maxClockSkew);
		CurrentCaller.requireMayActFor(event.customerId());
		CurrentCaller.requireMayRecord(event instanceof ContextEvent.OutcomeRecorded);
		this.ingest.record(event).whenComplete((disposition, failure) -> {
			if (failure != null) {
				responses.onError(GrpcErrors.toStatus(failure));
				return;
			}
			responses.onNext(RecordEventResponse.newBuilder()
				.setEventId(event.eventId())
				.setDisposition(disposition(disposition))
				.build());
			responses.onCompleted();
		});
	}

	@Override
	public StreamObserver<RecordEventRequest> recordEvents(StreamObserver<RecordEventsResponse> responses) {
		return new RecordEventsStream(this.ingest, this.clock, this.maxClockSkew, refusal(CurrentCaller.get()),
				(ServerCallStreamObserver<RecordEventsResponse>) responses);
	}

	@Override
	public void getContext(GetContextRequest request, StreamObserver<GetContextResponse> responses) {
		String customerId = RequestMapper.customerId(request.getCustomerId());
		CurrentCaller.requireMayActFor(customerId);
		responses.onNext(GetContextResponse.newBuilder()
			.setContext(ResponseMapper.context(this.contexts.get(customerId)))
			.build());
		responses.onCompleted();
	}

	@Override
	public void forgetCustomer(ForgetCustomerRequest request, StreamObserver<ForgetCustomerResponse> responses) {
		ForgetCustomerResponse response = this.audited.run(ContextServiceGrpc.getForgetCustomerMethod(), "customer",
				request.getCustomerId(), () -> {
					String customerId = RequestMapper.customerId(request.getCustomerId());
					CurrentCaller.requireMayActFor(customerId);
					return ForgetCustomerResponse.newBuilder().setExisted(this.contexts.forget(customerId)).build();
				}, (done) -> Audited.Outcome.detail(done.getExisted() ? "forgotten" : "not known"));
		responses.onNext(response);
		responses.onCompleted();
	}

	@Override
	public void exportCustomer(ExportCustomerRequest request, StreamObserver<ExportCustomerResponse> responses) {
		ExportCustomerResponse response = this.audited.run(ContextServiceGrpc.getExportCustomerMethod(), "customer",
				request.getCustomerId(), () -> {
					String customerId = RequestMapper.customerId(request.getCustomerId());
					CurrentCaller.requireMayActFor(customerId);
					CustomerExport export = ResponseMapper.export(this.contexts.get(customerId), this.clock.instant());
					return ExportCustomerResponse.newBuilder()
						.setKnown(export.getKnown())
						.setDocumentJson(ResponseMapper.json(export))
						.build();
				}, (done) -> Audited.Outcome.detail(done.getKnown() ? "exported" : "not known"));
		responses.onNext(response);
		responses.onCompleted();
	}

	/**
	 * Why a stream's caller may not record an event, or null when it may: checked per
	 * event, so that a refused event is listed in the summary like any other rejection.
	 */
	private static Function<ContextEvent, String> refusal(Optional<Caller> caller) {
		if (caller.isEmpty()) {
			return (event) -> null;
		}
		Caller who = caller.get();
		return (event) -> {
			if (!who.mayActFor(event.customerId())) {
				return "the caller's token is restricted to another customer";
			}
			if (!AccessPolicy.mayRecord(who, event instanceof ContextEvent.OutcomeRecorded)) {
				return "recording this kind of event needs the feed role";
			}
			return null;
		};
	}

	static EventDisposition disposition(io.nextbest.engine.context.EventDisposition disposition) {
		return switch (disposition) {
			case APPLIED -> EventDisposition.EVENT_DISPOSITION_APPLIED;
			case DUPLICATE -> EventDisposition.EVENT_DISPOSITION_DUPLICATE;
			case STALE -> EventDisposition.EVENT_DISPOSITION_STALE;
		};
	}

}
