package io.nextbest.client;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.api.v1.RecordEventsResponse;

/**
 * One RecordEvents stream. The caller's thread reads the events and sends each only once
 * the transport is ready for it, so the client never holds more than gRPC's small send
 * buffer however long the feed.
 */
final class EventStream implements ClientResponseObserver<RecordEventRequest, RecordEventsResponse> {

	private final Object readiness = new Object();

	private final CompletableFuture<RecordEventsResponse> summary = new CompletableFuture<>();

	private ClientCallStreamObserver<RecordEventRequest> requests;

	@Override
	public void beforeStart(ClientCallStreamObserver<RecordEventRequest> requests) {
		this.requests = requests;
		requests.setOnReadyHandler(this::wakeSender);
	}

	@Override
	public void onNext(RecordEventsResponse response) {
		this.summary.complete(response);
	}

	@Override
	public void onError(Throwable error) {
		this.summary.completeExceptionally(error);
		wakeSender();
	}

	@Override
	public void onCompleted() {
		this.summary.completeExceptionally(
				Status.INTERNAL.withDescription("the server closed the stream without a summary").asRuntimeException());
		wakeSender();
	}

	/**
	 * Sends every event, a number per message, half-closes and waits for the summary.
	 * Stops sending as soon as the server has answered, since it will not read further
	 * events.
	 */
	RecordEventsResponse send(Iterator<Event> events, int perMessage) {
		try {
			// Waiting before reading leaves the iterator where it was when the call
			// fails.
			while (awaitReady() && events.hasNext()) {
				RecordEventRequest.Builder message = RecordEventRequest.newBuilder();
				if (perMessage == 1) {
					message.setEvent(events.next());
				}
				else {
					while (message.getEventsCount() < perMessage && events.hasNext()) {
						message.addEvents(events.next());
					}
				}
				this.requests.onNext(message.build());
			}
			if (!this.summary.isDone()) {
				this.requests.onCompleted();
			}
			return this.summary.get();
		}
		catch (InterruptedException ex) {
			this.requests.cancel("interrupted", ex);
			Thread.currentThread().interrupt();
			throw Status.CANCELLED.withDescription("interrupted while streaming events")
				.withCause(ex)
				.asRuntimeException();
		}
		catch (ExecutionException ex) {
			throw rethrow(ex.getCause());
		}
		catch (RuntimeException | Error ex) {
			this.requests.cancel("the event source failed", ex);
			throw ex;
		}
	}

	/**
	 * Waits until the transport takes another message or the call is over.
	 * @return whether to send: false once the call is over
	 */
	private boolean awaitReady() throws InterruptedException {
		synchronized (this.readiness) {
			while (!this.requests.isReady() && !this.summary.isDone()) {
				this.readiness.wait();
			}
		}
		return !this.summary.isDone();
	}

	private void wakeSender() {
		synchronized (this.readiness) {
			this.readiness.notifyAll();
		}
	}

	private static RuntimeException rethrow(Throwable cause) {
		if (cause instanceof RuntimeException runtime) {
			return runtime;
		}
		if (cause instanceof Error error) {
			throw error;
		}
		return Status.fromThrowable(cause).asRuntimeException();
	}

}
