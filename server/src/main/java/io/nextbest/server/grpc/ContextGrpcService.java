package io.nextbest.server.grpc;

import java.time.Clock;
import java.time.Duration;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

import io.nextbest.api.v1.ContextServiceGrpc;
import io.nextbest.api.v1.EventDisposition;
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

/** The ContextService API over the {@link ContextStore}. */
@Service
class ContextGrpcService extends ContextServiceGrpc.ContextServiceImplBase {

	private final ContextStore contexts;

	private final EventIngest ingest;

	private final Clock clock;

	private final Duration maxClockSkew;

	ContextGrpcService(ContextStore contexts, EventIngest ingest, Clock clock, ContextLimits limits) {
		this.contexts = contexts;
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
		return new RecordEventsStream(this.ingest, this.clock, this.maxClockSkew,
				(ServerCallStreamObserver<RecordEventsResponse>) responses);
	}

	@Override
	public void getContext(GetContextRequest request, StreamObserver<GetContextResponse> responses) {
		String customerId = RequestMapper.customerId(request.getCustomerId());
		responses.onNext(GetContextResponse.newBuilder()
			.setContext(ResponseMapper.context(this.contexts.get(customerId)))
			.build());
		responses.onCompleted();
	}

	@Override
	public void forgetCustomer(ForgetCustomerRequest request, StreamObserver<ForgetCustomerResponse> responses) {
		boolean existed = this.contexts.forget(RequestMapper.customerId(request.getCustomerId()));
		responses.onNext(ForgetCustomerResponse.newBuilder().setExisted(existed).build());
		responses.onCompleted();
	}

	static EventDisposition disposition(io.nextbest.engine.context.EventDisposition disposition) {
		return switch (disposition) {
			case APPLIED -> EventDisposition.EVENT_DISPOSITION_APPLIED;
			case DUPLICATE -> EventDisposition.EVENT_DISPOSITION_DUPLICATE;
			case STALE -> EventDisposition.EVENT_DISPOSITION_STALE;
		};
	}

}
